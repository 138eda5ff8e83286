# SPDX-License-Identifier: Apache-2.0
# Oracles for the armex_basic_lstm_{s,m,l}_int8 models, which TFLM cannot run as they are: FILL with
# run-time dims (SHAPE -> STRIDED_SLICE -> PACK -> FILL builds the LSTM zero state). mcuforge folds
# that chain into a constant. Inputs are the golden generator's (SplitMix64, seeds 1..4, float32 in
# [-1, 1), ../shared/golden/README.md).
#
# 1. TFLM (tflite-micro package, reference kernels) on the same model with each FILL replaced by its
#    constant result, which is what TFLM would compute if it accepted run-time dims. The target:
#    the int8 scores the model dequantizes at its end and the float32 output must be byte-identical.
# 2. TensorFlow Lite's own interpreter (tf.lite.Interpreter, BUILTIN_REF kernels) on the unmodified
#    model. The PyPI tensorflow build requantizes with single rounding (TFLITE_SINGLE_ROUNDING), TFLM
#    with double rounding, so FULLY_CONNECTED/ADD/MUL results may differ by 1 and the recurrence
#    amplifies that; this test therefore demands exact equality only for the data-movement ops fed
#    with identical inputs, and reports (xfail) the size of the end-to-end difference.
#
#   python3 -m pytest -q tests/oracle/test_armex_tflite.py [--mcuforge PATH]
# Each part skips when its package is missing (pip install tflite-micro / tensorflow-cpu).
import os
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("MF_SHARED_DIR") or REPO.parent / "shared").resolve()
MODELS = ["armex_basic_lstm_s_int8", "armex_basic_lstm_m_int8", "armex_basic_lstm_l_int8"]
SEEDS = [1, 2, 3, 4]
M64 = (1 << 64) - 1
ARENA_BYTES = 32 << 20
# Ops that only move or convert values without a requantization multiplier.
DATA_MOVEMENT = {"RESHAPE", "TRANSPOSE", "UNPACK", "SPLIT", "PACK", "SHAPE", "STRIDED_SLICE", "FILL",
                 "CONCATENATION", "QUANTIZE"}


class SplitMix64:
    def __init__(self, seed):
        self.s = seed & M64

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & M64
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)


def golden_inputs(details, seed):
    """One generator for all inputs in order, one next() per element (golden/README.md)."""
    r = SplitMix64(seed)
    out = []
    for d in details:
        n = int(np.prod(d["shape"]))
        if d["dtype"] == np.float32:
            vals = [(r.next() >> 40) * 2.0 ** -24 * 2.0 - 1.0 for _ in range(n)]
            a = np.array(vals, dtype=np.float32)
        elif d["dtype"] == np.int8:
            a = np.array([r.next() >> 56 for _ in range(n)], dtype=np.uint8).view(np.int8)
        else:
            pytest.fail(f"input dtype {d['dtype']} not handled by this test")
        out.append(a.reshape(d["shape"]))
    return out


def test_generator_matches_readme():
    r = SplitMix64(1)
    assert [r.next() for _ in range(3)] == [0x910A2DEC89025CC1, 0xBEEB8DA1658EEC67, 0xF893A2EEFB32555E]
    x = golden_inputs([{"shape": [1], "dtype": np.float32}], 1)[0]
    assert abs(float(x[0]) - 0.13312304) < 1e-7


@pytest.fixture(scope="session")
def tf():
    return pytest.importorskip("tensorflow")


@pytest.fixture(scope="session")
def tflm():
    return pytest.importorskip("tflite_micro.python.tflite_micro.runtime")


@pytest.fixture(scope="session")
def mcuforge(request):
    path = request.config.getoption("--mcuforge") or os.environ.get("MCUFORGE") \
        or str(REPO / "build/host-release/cli/mcuforge")
    if not Path(path).exists():
        pytest.fail(f"mcuforge binary not found at {path}: build it or pass --mcuforge / set MCUFORGE")
    return path


def model_path(model):
    p = SHARED / "corpus" / "models" / f"{model}.tflite"
    if not p.exists():
        pytest.skip(f"{p} not found")
    return p


def float_inputs(model_bytes, seed, tflm):
    sg = tflm.convert_bytearray_to_object(bytearray(model_bytes)).subgraphs[0]
    details = []
    for i in sg.inputs:
        t = sg.tensors[i]
        assert t.type == 0, "these models take float32 input"  # TensorType FLOAT32
        details.append({"shape": list(t.shape), "dtype": np.float32})
    return golden_inputs(details, seed)


def mcuforge_run(binary, path, inputs):
    """(output bytes per graph output, bytes of every tensor by index) from `mcuforge run`."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        args = [binary, "run", str(path), "--output-dir", str(tmp / "out"), "--dump-tensors", str(tmp / "t")]
        for k, x in enumerate(inputs):
            (tmp / f"in_{k}.bin").write_bytes(x.tobytes())
            args += ["--input", str(tmp / f"in_{k}.bin")]
        res = subprocess.run(args, capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, f"mcuforge run failed:\n{res.stdout}{res.stderr}"
        outputs = sorted((tmp / "out").glob("out_*.bin"), key=lambda p: int(p.stem[4:]))
        tensors = {int(p.stem[1:]): p.read_bytes() for p in (tmp / "t").glob("t*.bin")}
        return [p.read_bytes() for p in outputs], tensors


def fill_folded(tflm, model_bytes):
    """The model with every FILL replaced by its constant output (value repeated over the static output
    shape), and the int8 input of each output DEQUANTIZE appended to the graph outputs."""
    from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as schema
    import flatbuffers
    m = tflm.convert_bytearray_to_object(bytearray(model_bytes))
    sg = m.subgraphs[0]
    kept, scores = [], []
    for op in sg.operators:
        code = tflm.get_builtin_code_from_operator_code(m.operatorCodes[op.opcodeIndex])
        if code == schema.BuiltinOperator.FILL:
            out, value = sg.tensors[op.outputs[0]], sg.tensors[op.inputs[1]]
            buf = schema.BufferT()
            buf.data = list(bytes(m.buffers[value.buffer].data) * int(np.prod(out.shape)))
            m.buffers.append(buf)
            out.buffer = len(m.buffers) - 1
            continue
        if code == schema.BuiltinOperator.DEQUANTIZE and op.outputs[0] in list(sg.outputs):
            scores.append(int(op.inputs[0]))
        kept.append(op)
    sg.operators = kept
    sg.outputs = list(sg.outputs) + scores
    b = flatbuffers.Builder(0)
    b.Finish(m.Pack(b), file_identifier=b"TFL3")
    return bytes(b.Output()), scores


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("model", MODELS)
def test_matches_tflm_with_fill_folded(tflm, mcuforge, model, seed):
    path = model_path(model)
    original = path.read_bytes()
    folded, scores = fill_folded(tflm, original)
    inputs = float_inputs(original, seed, tflm)
    interp = tflm.Interpreter.from_bytes(folded, arena_size=ARENA_BYTES)
    for k, x in enumerate(inputs):
        interp.set_input(x, k)
    interp.invoke()
    got_outputs, got_tensors = mcuforge_run(mcuforge, path, inputs)
    for k, got in enumerate(got_outputs):
        want = np.ascontiguousarray(interp.get_output(k))
        assert got == want.tobytes(), f"{model} seed {seed}: output {k} differs from TFLM"
    for j, t in enumerate(scores):
        want = np.ascontiguousarray(interp.get_output(len(got_outputs) + j)).view(np.int8).ravel()
        got = np.frombuffer(got_tensors[t], dtype=np.int8)
        d = np.abs(got.astype(np.int32) - want.astype(np.int32))
        assert np.array_equal(got, want), (
            f"{model} seed {seed}: int8 scores (tensor {t}) differ from TFLM in {int((d > 0).sum())}/{d.size} "
            f"elements, max |diff| {int(d.max())}")


def tflite_reference(tf, path, inputs):
    """Outputs, every tensor and the ops (execution order) of TFLite's reference-kernel interpreter."""
    interp = tf.lite.Interpreter(
        model_path=str(path),
        experimental_op_resolver_type=tf.lite.experimental.OpResolverType.BUILTIN_REF,
        experimental_preserve_all_tensors=True)
    interp.allocate_tensors()
    for d, x in zip(interp.get_input_details(), inputs):
        interp.set_tensor(d["index"], x)
    interp.invoke()
    outputs = [interp.get_tensor(d["index"]) for d in interp.get_output_details()]
    tensors = {}
    for d in interp.get_tensor_details():
        try:
            tensors[d["index"]] = interp.get_tensor(d["index"])
        except ValueError:
            pass  # tensors without data
    return outputs, tensors, interp._get_ops_details()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("model", MODELS)
def test_against_tflite_reference(tf, tflm, mcuforge, model, seed):
    path = model_path(model)
    inputs = float_inputs(path.read_bytes(), seed, tflm)
    want_outputs, want_tensors, ops = tflite_reference(tf, path, inputs)
    got_outputs, got_tensors = mcuforge_run(mcuforge, path, inputs)

    def same(t):
        want = want_tensors.get(t)
        return want is not None and t in got_tensors and got_tensors[t][:want.nbytes] == want.tobytes()

    first_diff = None
    for op in ops:
        ins = [int(t) for t in op["inputs"] if t >= 0]
        outs = [int(t) for t in op["outputs"]]
        if op["op_name"] in DATA_MOVEMENT and all(same(t) or t not in got_tensors for t in ins):
            for t in outs:
                assert same(t), f"{model} seed {seed}: op {op['index']} {op['op_name']} output {t} differs " \
                                "from TFLite although its inputs are identical"
        if first_diff is None:
            for t in outs:
                want = want_tensors.get(t)
                if want is not None and want.dtype == np.int8 and t in got_tensors and not same(t):
                    got = np.frombuffer(got_tensors[t][:want.nbytes], dtype=np.int8).reshape(want.shape)
                    d = np.abs(got.astype(np.int32) - want.astype(np.int32))
                    first_diff = (f"first differing int8 tensor {t}, output of op {op['index']} "
                                  f"{op['op_name']}: {int((d > 0).sum())}/{d.size} elements, max |diff| {int(d.max())}")
                    break

    diffs = []
    for k, want in enumerate(want_outputs):
        got = np.frombuffer(got_outputs[k], dtype=want.dtype).reshape(want.shape)
        if got.tobytes() != want.tobytes():
            diffs.append(f"output {k} max |diff| {float(np.max(np.abs(got.astype(np.float64) - want))):.6g}")
    if diffs:
        pytest.xfail(f"{model} seed {seed}: {'; '.join(diffs)}; {first_diff} (TFLite's single-rounding "
                     "requantization vs TFLM's double rounding; exactness is checked against TFLM above)")
