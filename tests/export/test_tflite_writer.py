# SPDX-License-Identifier: Apache-2.0
"""`mcuforge export MODEL --tflite -o OUT.tflite` (compiler/export/tflite_writer.cc): the model as
mcuforge runs it (constants folded), written as a .tflite file.

For every corpus model: the export succeeds, and where TensorFlow Lite Micro (the `tflite-micro` package,
reference kernels) can run the written file, its outputs equal `mcuforge run` on the source model, byte
for byte for integer outputs and within 1e-5 relative for float outputs, on a few seeded inputs (each on
a fresh interpreter and its own mcuforge process, so stateful models start from zero state). A written
file TFLM refuses while it runs the source model is a failure. The armex_basic_lstm_* models, which TFLM
refuses as they are (FILL with a computed shape), must run from the export.
Also the refusal paths: a directory, an unwritable path or a bad model exit 2 with one message and
leave no file.

  python3 -m pytest -q tests/export/test_tflite_writer.py [-k MODEL]
Environment: MCUFORGE (binary), MF_SHARED_DIR (folder with corpus/, default ../shared)."""
import os
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("MF_SHARED_DIR") or REPO.parent / "shared").resolve()
MODELS_DIR = SHARED / "corpus" / "models"
MCUFORGE = os.environ.get("MCUFORGE") or str(REPO / "build" / "host-release" / "cli" / "mcuforge")
MODELS = sorted(p.stem for p in MODELS_DIR.glob("*.tflite"))
MUST_RUN_IN_TFLM = {"armex_basic_lstm_s_int8", "armex_basic_lstm_m_int8", "armex_basic_lstm_l_int8"}
NUM_INPUTS = 3
ARENA_BYTES = 32 << 20
FLOAT_RTOL = 1e-5
TIMEOUT_S = 300


@pytest.fixture(scope="session")
def tflm():
    try:
        from tflite_micro.python.tflite_micro import runtime
    except ImportError as e:
        pytest.fail(f"this test needs the tflite-micro Python package ({e}): pip install tflite-micro",
                    pytrace=False)
    return runtime


def export_tflite(model, out, *extra):
    return subprocess.run([MCUFORGE, "export", str(model), "--tflite", "-o", str(out), *extra],
                          capture_output=True, text=True, timeout=TIMEOUT_S)


def tflm_interpreter(runtime, model_bytes):
    """A TFLM interpreter, or the reason TFLM refuses the model."""
    try:
        return runtime.Interpreter.from_bytes(model_bytes, arena_size=ARENA_BYTES), None
    except Exception as e:  # the package raises RuntimeError (and others) for models it cannot run
        return None, str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__


def input_sets(name, details):
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    sets = []
    for _ in range(NUM_INPUTS):
        arrays = []
        for d in details:
            dt, shape = np.dtype(d["dtype"]), tuple(int(s) for s in d["shape"])
            if dt.kind == "f":
                arrays.append(rng.uniform(-1.0, 1.0, size=shape).astype(dt))
            else:
                info = np.iinfo(dt)
                arrays.append(rng.integers(info.min, info.max, size=shape, endpoint=True, dtype=dt))
        sets.append(arrays)
    return sets


def mcuforge_run(model, arrays, tmp):
    """Output bytes per graph output, or None with mcuforge's message when it cannot run the model."""
    cmd = [MCUFORGE, "run", str(model), "--output-dir", str(tmp / "out")]
    for i, a in enumerate(arrays):
        f = tmp / f"in_{i}.bin"
        f.write_bytes(np.ascontiguousarray(a).tobytes())
        cmd += ["--input", str(f)]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
    if p.returncode == 2 and ("not supported" in p.stderr or "not implemented" in p.stderr):
        return None, p.stderr.strip()
    assert p.returncode == 0, f"mcuforge run failed (exit {p.returncode}):\n{p.stderr}"
    outs = sorted((tmp / "out").glob("out_*.bin"), key=lambda f: int(f.stem[4:]))
    return [f.read_bytes() for f in outs], None


def compare(label, k, expected, got_bytes):
    exp = np.ascontiguousarray(expected)
    if exp.dtype.kind != "f":
        assert got_bytes == exp.tobytes(), f"{label}: output {k} ({exp.dtype}) differs from mcuforge run"
        return
    got = np.frombuffer(got_bytes, dtype=exp.dtype).reshape(exp.shape)
    scale = max(float(np.max(np.abs(exp))), 1e-30)
    worst = float(np.max(np.abs(got.astype(np.float64) - exp.astype(np.float64)))) / scale
    assert worst <= FLOAT_RTOL, f"{label}: float output {k} differs by {worst:.3g} (relative to max |x|)"


@pytest.mark.parametrize("name", MODELS)
def test_export_runs_in_tflm_like_mcuforge(name, tflm, tmp_path):
    model = MODELS_DIR / f"{name}.tflite"
    out = tmp_path / f"{name}_mcuforge.tflite"
    p = export_tflite(model, out)
    assert p.returncode == 0, f"export --tflite failed (exit {p.returncode}):\n{p.stderr}"
    assert out.is_file() and out.read_bytes()[4:8] == b"TFL3"
    assert not list(tmp_path.glob("*.partial*")), "a temporary file was left behind"

    written = out.read_bytes()
    interp, refused = tflm_interpreter(tflm, written)
    if interp is None:
        if name in MUST_RUN_IN_TFLM:
            pytest.fail(f"TFLM refuses the exported {name}: {refused}", pytrace=False)
        _, source_refused = tflm_interpreter(tflm, model.read_bytes())
        if source_refused is None:
            pytest.fail(f"TFLM runs {name} but refuses its export: {refused}", pytrace=False)
        pytest.skip(f"TFLM cannot run this model: {refused}")

    sg = tflm.convert_bytearray_to_object(bytearray(written)).subgraphs[0]
    details = [interp.get_input_details(i) for i in range(len(sg.inputs))]
    for n, arrays in enumerate(input_sets(name, details)):
        run_dir = tmp_path / f"run{n}"
        run_dir.mkdir()
        ours, cannot = mcuforge_run(model, arrays, run_dir)
        if ours is None:
            pytest.skip(f"mcuforge cannot run this model: {cannot}")
        fresh, _ = tflm_interpreter(tflm, written)  # fresh state per input
        for i, a in enumerate(arrays):
            fresh.set_input(a, i)
        fresh.invoke()
        assert len(ours) == len(sg.outputs)
        for k in range(len(sg.outputs)):
            compare(f"{name} input set {n}", k, fresh.get_output(k), ours[k])


# TensorFlow Lite's own interpreter (reference kernels) loads and runs written files too; a few models
# in one subprocess (TensorFlow is slow to import; skipped when it is not installed).
TF_MODELS = ["armex_basic_lstm_s_int8", "mlperf_kws_dscnn_int8", "mlperf_ad_toycar_f32", "tflm_micro_speech_lstm"]
TF_SCRIPT = """
import sys, warnings
warnings.filterwarnings("ignore")
import numpy as np
import tensorflow as tf
for f in sys.argv[1:]:
    it = tf.lite.Interpreter(model_path=f,
                             experimental_op_resolver_type=tf.lite.experimental.OpResolverType.BUILTIN_REF)
    it.allocate_tensors()
    for d in it.get_input_details():
        it.set_tensor(d["index"], np.zeros(d["shape"], d["dtype"]))
    it.invoke()
    print("ran", f)
"""


def test_tensorflow_lite_interpreter_runs_exports(tmp_path):
    pytest.importorskip("tensorflow")
    files = []
    for name in TF_MODELS:
        model = MODELS_DIR / f"{name}.tflite"
        if not model.is_file():
            pytest.skip(f"{model} not found (set MF_SHARED_DIR)")
        out = tmp_path / f"{name}.tflite"
        p = export_tflite(model, out)
        assert p.returncode == 0, p.stderr
        files.append(str(out))
    p = subprocess.run(["python3", "-c", TF_SCRIPT, *files], capture_output=True, text=True, timeout=TIMEOUT_S)
    assert p.returncode == 0 and p.stdout.count("ran ") == len(files), p.stdout + p.stderr[-3000:]


def test_armex_models_are_in_the_corpus():
    missing = [m for m in MUST_RUN_IN_TFLM if m not in MODELS]
    assert not missing, f"corpus models missing: {missing} (set MF_SHARED_DIR)"


# ---------------------------------------------------------------------------------------------------------
# refusals: exit 2, one message with a hint, no file


def assert_refused(p, words):
    assert p.returncode == 2, f"exit {p.returncode}, expected 2:\n{p.stdout}{p.stderr}"
    lines = [l for l in p.stderr.splitlines() if l.strip()]
    assert len([l for l in lines if l.startswith("mcuforge: error:")]) == 1, p.stderr
    assert any(l.strip().startswith("hint:") for l in lines), p.stderr
    for w in words:
        assert w in p.stderr, f"'{w}' not in:\n{p.stderr}"


def hello_world():
    m = MODELS_DIR / "tflm_hello_world_int8.tflite"
    if not m.is_file():
        pytest.skip(f"{m} not found (set MF_SHARED_DIR)")
    return m


def test_output_is_a_directory(tmp_path):
    p = export_tflite(hello_world(), tmp_path)
    assert_refused(p, ["is a directory"])
    assert list(tmp_path.iterdir()) == []


def test_output_is_unwritable(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    p = export_tflite(hello_world(), blocker / "out.tflite")
    assert_refused(p, ["cannot create output directory"])
    assert sorted(f.name for f in tmp_path.iterdir()) == ["file"]


def test_bad_model_writes_nothing(tmp_path):
    bad = tmp_path / "bad.tflite"
    bad.write_bytes(b"\x00" * 64)
    out = tmp_path / "out.tflite"
    p = export_tflite(bad, out)
    assert_refused(p, ["not a TFLite model"])
    assert sorted(f.name for f in tmp_path.iterdir()) == ["bad.tflite"]


def test_an_existing_output_is_replaced_whole(tmp_path):
    out = tmp_path / "out.tflite"
    out.write_bytes(b"old")
    p = export_tflite(hello_world(), out, "--json")
    assert p.returncode == 0, p.stderr
    import json
    j = json.loads(p.stdout)
    assert j["bytes"] == out.stat().st_size and out.read_bytes()[4:8] == b"TFL3"
    assert sorted(f.name for f in tmp_path.iterdir()) == ["out.tflite"]


def test_tflite_and_c_array_exclude_each_other(tmp_path):
    p = export_tflite(hello_world(), tmp_path / "x.tflite", "--c-array")
    assert p.returncode == 2
    assert not (tmp_path / "x.tflite").exists()
