# SPDX-License-Identifier: Apache-2.0
"""Oracle helpers for `mcuforge quantize` (tests/oracle/test_quantize.py, bench/quantize_bench.py).

TensorFlow and the tflite-micro package are peers here, never needed by the product:
  * tf_int8(float_model, samples): TensorFlow's post-training full-int8 quantizer on the same samples
    (the calibrator TFLiteConverter calls after conversion) -> int8 model with int8 inputs and outputs.
  * Tflm(model).run(x): one TFLM interpreter per model, the same harness for every model: a float input
    x is quantized with the model input's scale and zero point when the input is integer (round half
    away from zero, as TFLM's QUANTIZE), outputs are returned raw and dequantized.
  * mcuforge_quantize(...) / mcuforge_run_many(...): the CLI under test.
"""
import json
import os
import subprocess
import tempfile
from pathlib import Path

import numpy as np

ARENA_BYTES = 16 << 20


def quantize_like_tflm(x, scale, zero_point, dtype):
    """q = clamp(round(x / scale) + zero_point): x / scale in float32 (TFLM's AffineQuantize), rounded
    half away from zero (TfLiteRound)."""
    v = (np.asarray(x, np.float32) / np.float32(scale)).astype(np.float64)
    r = np.sign(v) * np.floor(np.abs(v) + 0.5)
    info = np.iinfo(dtype)
    return np.clip(r + zero_point, info.min, info.max).astype(dtype)


def dequantize(q, scale, zero_point):
    return ((q.astype(np.float32) - np.float32(zero_point)) * np.float32(scale)).astype(np.float32)


def sqnr_db(reference, got):
    """10 log10(sum ref^2 / sum (ref - got)^2) over everything given; inf when equal."""
    ref = np.asarray(reference, np.float64).reshape(-1)
    err = ref - np.asarray(got, np.float64).reshape(-1)
    noise = float(np.sum(err * err))
    signal = float(np.sum(ref * ref))
    if noise == 0.0:
        return float("inf")
    return 10.0 * np.log10(max(signal, 1e-300) / noise)


def tf_int8(float_model, samples):
    """TensorFlow's post-training full-int8 quantization of `float_model` (bytes) calibrated on
    `samples` (array [N, ...] of float32 model inputs without the batch dim, or with batch 1 each)."""
    import tensorflow as tf
    from tensorflow.lite.python.optimize import calibrator

    def gen():
        for x in samples:
            x = np.asarray(x, np.float32)
            yield [x if x.shape[:1] == (1,) else x[None]]

    return bytes(calibrator.Calibrator(float_model).calibrate_and_quantize(gen, tf.int8, tf.int8, False))


class Tflm:
    """One tflite-micro interpreter over one model (reused across invocations: these models have no
    state). run(x) -> (raw output arrays, dequantized float32 output arrays, the input fed)."""

    def __init__(self, model):
        from tflite_micro.python.tflite_micro import runtime
        self.interp = runtime.Interpreter.from_bytes(bytes(model), arena_size=ARENA_BYTES)
        self.input = self.interp.get_input_details(0)
        n = len(runtime.convert_bytearray_to_object(bytearray(model)).subgraphs[0].outputs)
        self.outputs = [self.interp.get_output_details(k) for k in range(n)]

    @staticmethod
    def _qparams(details):
        q = details.get("quantization_parameters") or {}
        scales, zps = q.get("scales", []), q.get("zero_points", [])
        return (float(scales[0]), int(zps[0])) if len(scales) else (0.0, 0)

    def feed(self, x):
        """The input as the model takes it: float32 unchanged, integer inputs quantized."""
        dtype = np.dtype(self.input["dtype"])
        x = np.asarray(x).reshape(self.input["shape"])
        if dtype == np.float32:
            return x.astype(np.float32)
        if x.dtype == dtype:
            return x
        scale, zp = self._qparams(self.input)
        return quantize_like_tflm(x, scale, zp, dtype)

    def run_raw(self, fed):
        self.interp.set_input(fed, 0)
        self.interp.invoke()
        return [np.ascontiguousarray(self.interp.get_output(k)).copy() for k in range(len(self.outputs))]

    def run(self, x):
        fed = self.feed(x)
        raw = self.run_raw(fed)
        deq = []
        for d, r in zip(self.outputs, raw):
            if r.dtype == np.float32:
                deq.append(r)
            else:
                scale, zp = self._qparams(d)
                deq.append(dequantize(r, scale, zp))
        return raw, deq, fed


def input_qparams(model):
    """(dtype, scale, zero point) of input 0 as TFLM sees it."""
    t = Tflm(model)
    s, zp = Tflm._qparams(t.input)
    return np.dtype(t.input["dtype"]), s, zp


def quantize_available(binary):
    """True when `binary quantize --help` prints quantize's own help (the command exists; without it the
    CLI prints the top-level help and exits 0)."""
    try:
        p = subprocess.run([binary, "quantize", "--help"], capture_output=True, text=True, timeout=60)
    except OSError:
        return False
    return p.returncode == 0 and "--data" in p.stdout


def mcuforge_quantize(binary, model, data, out, method=None, int16=None, extra=(), timeout=1800):
    """Runs `mcuforge quantize` with --json; returns (CompletedProcess, parsed json report or None)."""
    cmd = [str(binary), "quantize", str(model), "--data", str(data), "-o", str(out), "--json"]
    if method:
        cmd += ["--method", method]
    if int16:
        cmd += ["--int16", int16]
    cmd += [str(a) for a in extra]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    report = None
    if p.returncode == 0:
        try:
            report = json.loads(p.stdout)
        except ValueError:
            report = None
    return p, report


def int16_layers(report):
    """The ops a quantize --json report says run int16x8, as "#position TYPE" (`int16_ops` holds the
    float graph's op positions; `layers` their types)."""
    if not isinstance(report, dict):
        return []
    types = {l.get("op"): l.get("type", "?") for l in report.get("layers", []) if isinstance(l, dict)}
    return [f"#{op} {types.get(op, '?')}" for op in report.get("int16_ops", [])]


def float_ops(report):
    """The ops a quantize --json report says stay float32, as "#position (reason)"."""
    if not isinstance(report, dict):
        return []
    return [f"#{f.get('op')} ({f.get('reason', '')})" for f in report.get("float_ops", []) if isinstance(f, dict)]


def mcuforge_run_many(binary, model, inputs, workdir):
    """`mcuforge run` on each input (numpy array, written as raw little-endian .bin): list of lists of
    output bytes, or raises RuntimeError with mcuforge's message."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    m = workdir / "model.tflite"
    m.write_bytes(bytes(model))
    results = []
    for k, x in enumerate(inputs):
        f = workdir / f"in_{k}.bin"
        f.write_bytes(np.ascontiguousarray(x).astype(x.dtype.newbyteorder("<")).tobytes())
        out_dir = workdir / f"out_{k}"
        p = subprocess.run([str(binary), "run", str(m), "--input", str(f), "--output-dir", str(out_dir)],
                           capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            raise RuntimeError(f"mcuforge run exit {p.returncode}: {p.stderr.strip()}")
        outs, j = [], 0
        while (out_dir / f"out_{j}.bin").is_file():
            outs.append((out_dir / f"out_{j}.bin").read_bytes())
            j += 1
        results.append(outs)
    return results


def byte_equal_with_mcuforge(binary, model, samples, workdir=None):
    """None when TFLM's outputs equal `mcuforge run`'s byte for byte on each sample (float inputs are
    quantized for an integer input first), else a description of the first difference."""
    t = Tflm(model)
    fed = [t.feed(x) for x in samples]
    with tempfile.TemporaryDirectory() as tmp:
        got = mcuforge_run_many(binary, model, fed, workdir or tmp)
    for k, (x, outs) in enumerate(zip(fed, got)):
        expected = t.run_raw(x)
        if len(outs) != len(expected):
            return f"sample {k}: mcuforge gives {len(outs)} outputs, TFLM {len(expected)}"
        for j, (e, g) in enumerate(zip(expected, outs)):
            eb = np.ascontiguousarray(e).astype(e.dtype.newbyteorder("<")).tobytes()
            if eb != g:
                a = np.frombuffer(g, dtype=e.dtype.newbyteorder("<")) if len(g) == len(eb) else None
                where = "" if a is None else f" (first at element {int(np.flatnonzero(a != e.reshape(-1))[0])})"
                return f"sample {k} output {j}: mcuforge run differs from TFLM{where}"
    return None


def default_binary(repo):
    return os.environ.get("MCUFORGE") or str(Path(repo) / "build" / "host-release" / "cli" / "mcuforge")
