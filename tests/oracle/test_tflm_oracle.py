# SPDX-License-Identifier: Apache-2.0
# Live oracle: every int8/int16 corpus model is run on fresh inputs through the real TensorFlow Lite Micro
# interpreter (the `tflite-micro` PyPI package, reference kernels) and through `mcuforge run`, and the
# output bytes must be identical. Unlike the stored golden vectors (4 input sets per model), the inputs
# here are new: 20 seeded random sets over the full dtype range, 3 constant sets (min, max, zero / the
# float range's ends) that drive saturation paths, and the 4 golden input sets.
#
# Models: corpus dtype int8 or int16, no custom ops, and TFLM can run them (golden index status "ok"),
# plus the project's own example model (examples/gesture).
# A model mcuforge cannot run yet FAILS (it is not skipped), so the report lists what is missing.
# Each input gets a fresh TFLM interpreter and its own `mcuforge run` process, so stateful models
# (SVDF, LSTM: variable tensors) start from zero state on both sides.
#
#   python3 -m pytest -q tests/oracle/test_tflm_oracle.py [--mcuforge PATH] [-k MODEL]
# Environment: MCUFORGE (binary), MF_SHARED_DIR (folder with corpus/ and golden/, default ../shared).
import concurrent.futures
import json
import os
import shlex
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("MF_SHARED_DIR") or REPO.parent / "shared").resolve()
CORPUS = SHARED / "corpus"
GOLDEN = SHARED / "golden"
# Models the project makes itself, tested like the corpus ones (name -> file; no golden vectors).
OWN_MODELS = {"example_gesture_int8": REPO / "examples" / "gesture" / "gesture_int8.tflite"}

NUM_RANDOM = 20
ARENA_BYTES = 32 << 20       # as the golden runner: enough for every corpus model
RUN_TIMEOUT_S = 300
FLOAT_RANGE_MARGIN = 0.1     # float inputs reach 10% past the QUANTIZE range, to exercise saturation
WORKERS = max(1, min(4, os.cpu_count() or 1))


def _load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except OSError:
        return None


def _oracle_models():
    """Names of the corpus models this test is about."""
    corpus = _load_json(CORPUS / "index.json") or {"models": []}
    golden = _load_json(GOLDEN / "index.json") or {"models": []}
    status = {m["model"]: m for m in golden["models"]}
    out = []
    for m in corpus["models"]:
        if m["dtype"] not in ("int8", "int16"):
            continue
        if m.get("custom_operator_counts"):
            continue  # custom ops (Signal*, ethos-u) are outside what mcuforge compiles
        g = status.get(m["name"])
        if g is not None and g.get("status") != "ok":
            continue  # TFLM itself cannot run it (see golden/README.md)
        out.append(m["name"])
    return out


CORPUS_MODELS = _oracle_models()
MODELS = CORPUS_MODELS + [name for name, path in OWN_MODELS.items() if path.is_file()]


# ---------------------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="session")
def tflm_runtime():
    try:
        from tflite_micro.python.tflite_micro import runtime
    except ImportError as e:
        pytest.fail(f"the TFLM oracle needs the tflite-micro Python package ({e}): "
                    "pip install tflite-micro  (pinned: pip install -r tests/oracle/requirements.txt, "
                    "or scripts/setup.sh)", pytrace=False)
    return runtime


@pytest.fixture(scope="session")
def mcuforge(request):
    path = request.config.getoption("--mcuforge") or os.environ.get("MCUFORGE") \
        or str(REPO / "build" / "host-release" / "cli" / "mcuforge")
    path = Path(path)
    if not path.is_absolute():
        path = (REPO / path).resolve()
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(f"mcuforge binary not found at {path}: build it (cmake --preset host-release && "
                    "cmake --build --preset host-release) or pass --mcuforge PATH / set MCUFORGE",
                    pytrace=False)
    return str(path)


def test_corpus_present():
    assert (CORPUS / "index.json").is_file(), \
        f"corpus index not found at {CORPUS / 'index.json'} (set MF_SHARED_DIR)"
    assert CORPUS_MODELS, "no int8/int16 models selected from the corpus index"


# ---------------------------------------------------------------------------------------------------------
# inputs


def _model_path(name):
    return OWN_MODELS.get(name) or CORPUS / "models" / f"{name}.tflite"


def _float_input_range(runtime, model_bytes, input_pos):
    """Float range of a float input that feeds a QUANTIZE op (the *_floatio / armzoo models): the
    representable range of the quantized tensor, widened a little. [-1, 1] if there is none."""
    model = runtime.convert_bytearray_to_object(model_bytes)
    sg = model.subgraphs[0]
    tensor = int(sg.inputs[input_pos])
    quantize = 114  # BuiltinOperator.QUANTIZE
    for op in sg.operators or []:
        code = runtime.get_builtin_code_from_operator_code(model.operatorCodes[op.opcodeIndex])
        if code != quantize or op.inputs is None or int(op.inputs[0]) != tensor:
            continue
        out = sg.tensors[int(op.outputs[0])]
        q = out.quantization
        if q is None or q.scale is None or len(q.scale) != 1:
            continue
        qinfo = {9: np.iinfo(np.int8), 7: np.iinfo(np.int16), 3: np.iinfo(np.uint8)}.get(out.type)
        if qinfo is None:
            continue
        scale, zp = float(q.scale[0]), int(q.zeroPoint[0]) if q.zeroPoint is not None else 0
        lo, hi = (qinfo.min - zp) * scale, (qinfo.max - zp) * scale
        margin = (hi - lo) * FLOAT_RANGE_MARGIN
        return lo - margin, hi + margin
    return -1.0, 1.0


def _make_input_sets(runtime, name, model_bytes, details):
    """[(label, [array per model input])]: golden sets, constant sets, then seeded random sets."""
    sets = []
    for k in range(4):
        files = [GOLDEN / name / f"in_{k}_{i}.bin" for i in range(len(details))]
        if all(f.is_file() for f in files):
            arrays = []
            for f, d in zip(files, details):
                a = np.frombuffer(f.read_bytes(), dtype=np.dtype(d["dtype"]).newbyteorder("<"))
                arrays.append(a.astype(d["dtype"]).reshape(d["shape"]))
            sets.append((f"golden set {k}", arrays))

    ranges = []
    for i, d in enumerate(details):
        dt = np.dtype(d["dtype"])
        if dt.kind == "f":
            ranges.append(_float_input_range(runtime, model_bytes, i))
        else:
            info = np.iinfo(dt)
            ranges.append((info.min, info.max))

    def constant(pick):
        return [np.full(tuple(d["shape"]), pick(r, d), dtype=d["dtype"]) for r, d in zip(ranges, details)]

    sets.append(("all minimum", constant(lambda r, d: r[0])))
    sets.append(("all maximum", constant(lambda r, d: r[1])))
    sets.append(("all zero", constant(lambda r, d: 0)))

    rng = np.random.default_rng(zlib.crc32(name.encode()))
    for n in range(NUM_RANDOM):
        arrays = []
        for (lo, hi), d in zip(ranges, details):
            dt = np.dtype(d["dtype"])
            shape = tuple(int(s) for s in d["shape"])
            if dt.kind == "f":
                arrays.append(rng.uniform(lo, hi, size=shape).astype(dt))
            else:
                arrays.append(rng.integers(lo, hi, size=shape, endpoint=True, dtype=dt))
        sets.append((f"random set {n}", arrays))
    return sets


# ---------------------------------------------------------------------------------------------------------
# the two runners


def _io_counts(runtime, model_bytes):
    sg = runtime.convert_bytearray_to_object(model_bytes).subgraphs[0]
    return len(sg.inputs), len(sg.outputs)


def _tflm_outputs(runtime, model_bytes, arrays, num_outputs):
    """One inference on a fresh interpreter (zero state for stateful models)."""
    interp = runtime.Interpreter.from_bytes(model_bytes, arena_size=ARENA_BYTES)
    for i, a in enumerate(arrays):
        interp.set_input(a, i)
    interp.invoke()
    return [np.ascontiguousarray(interp.get_output(k)) for k in range(num_outputs)]


def _mcuforge_run(binary, model, input_files, out_dir):
    cmd = [binary, "run", str(model)]
    for f in input_files:
        cmd += ["--input", str(f)]
    cmd += ["--output-dir", str(out_dir)]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return cmd, None, f"timed out after {RUN_TIMEOUT_S} s"
    return cmd, p.returncode, p.stderr.strip()


def _describe_run_failure(cmd, code, stderr):
    line = shlex.join(cmd)
    if code == 2 and ("not implemented" in stderr or "not supported" in stderr):
        return f"mcuforge cannot run this model yet (exit 2):\n{stderr}\n  command: {line}"
    if code is None:
        return f"mcuforge {stderr}\n  command: {line}"
    if code < 0:
        return f"mcuforge crashed (signal {-code}):\n{stderr}\n  command: {line}"
    return f"mcuforge failed (exit {code}):\n{stderr}\n  command: {line}"


def _describe_mismatch(label, k, expected, got_bytes):
    exp = expected.reshape(-1)
    if len(got_bytes) != exp.nbytes:
        return (f"{label}: output {k} has {len(got_bytes)} bytes, TFLM's has {exp.nbytes} "
                f"({exp.dtype} {list(expected.shape)})")
    got = np.frombuffer(got_bytes, dtype=exp.dtype.newbyteorder("<")).astype(exp.dtype)
    if exp.dtype.kind == "f":
        diff = exp.view(np.uint8).reshape(exp.size, -1) != got.view(np.uint8).reshape(got.size, -1)
        idx = np.flatnonzero(diff.any(axis=1))
    else:
        idx = np.flatnonzero(exp != got)
    first = ", ".join(f"[{i}] tflm {exp[i]} mcuforge {got[i]}" for i in idx[:6])
    if exp.dtype.kind in "iu":
        worst = int(np.max(np.abs(exp[idx].astype(np.int64) - got[idx].astype(np.int64))))
    else:
        worst = float(np.max(np.abs(exp[idx].astype(np.float64) - got[idx].astype(np.float64))))
    return (f"{label}: output {k} ({exp.dtype} {list(expected.shape)}) differs in {idx.size}/{exp.size} "
            f"elements, max |diff| {worst}; first: {first}")


# ---------------------------------------------------------------------------------------------------------
# tests


@pytest.mark.parametrize("name", CORPUS_MODELS)
def test_tflm_oracle_reproduces_golden(name, tflm_runtime):
    """Sanity check of the oracle itself: the installed TFLM reproduces the stored golden vectors, so a
    mismatch in test_mcuforge_matches_tflm is mcuforge's, not a drift of the tflite-micro package."""
    gj = _load_json(GOLDEN / name / "golden.json")
    if gj is None:
        pytest.skip("no golden vectors for this model")
    model_bytes = _model_path(name).read_bytes()
    num_inputs, num_outputs = _io_counts(tflm_runtime, model_bytes)
    interp = tflm_runtime.Interpreter.from_bytes(model_bytes, arena_size=ARENA_BYTES)
    details = [interp.get_input_details(i) for i in range(num_inputs)]
    for k in range(len(gj["sets"])):
        arrays = [np.frombuffer((GOLDEN / name / f"in_{k}_{i}.bin").read_bytes(), dtype=d["dtype"])
                  .reshape(d["shape"]) for i, d in enumerate(details)]
        outs = _tflm_outputs(tflm_runtime, model_bytes, arrays, num_outputs)
        for o, out in enumerate(outs):
            ref = (GOLDEN / name / f"out_{k}_{o}.bin").read_bytes()
            assert out.tobytes() == ref, (
                f"installed tflite-micro does not reproduce golden set {k} output {o}; "
                "check the pinned version in tests/oracle/requirements.txt")


@pytest.mark.parametrize("name", MODELS)
def test_mcuforge_matches_tflm(name, tflm_runtime, mcuforge, tmp_path):
    model = _model_path(name)
    model_bytes = model.read_bytes()
    num_inputs, num_outputs = _io_counts(tflm_runtime, model_bytes)
    probe = tflm_runtime.Interpreter.from_bytes(model_bytes, arena_size=ARENA_BYTES)
    details = [probe.get_input_details(i) for i in range(num_inputs)]

    sets = _make_input_sets(tflm_runtime, name, model_bytes, details)
    jobs = []
    for n, (label, arrays) in enumerate(sets):
        files = []
        for i, a in enumerate(arrays):
            f = tmp_path / f"set{n:02d}_in{i}.bin"
            f.write_bytes(np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes())
            files.append(f)
        jobs.append((label, arrays, files, tmp_path / f"set{n:02d}_out"))

    # The first run alone: a model mcuforge cannot run fails once, with mcuforge's own message.
    label, arrays, files, out_dir = jobs[0]
    cmd, code, stderr = _mcuforge_run(mcuforge, model, files, out_dir)
    if code != 0:
        pytest.fail(_describe_run_failure(cmd, code, stderr), pytrace=False)
    results = {0: (cmd, code, stderr)}
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        futures = {pool.submit(_mcuforge_run, mcuforge, model, j[2], j[3]): n
                   for n, j in enumerate(jobs) if n != 0}
        for fut in concurrent.futures.as_completed(futures):
            results[futures[fut]] = fut.result()

    problems = []
    failed_sets = 0
    for n, (label, arrays, files, out_dir) in enumerate(jobs):
        cmd, code, stderr = results[n]
        if code != 0:
            problems.append(f"{label}: " + _describe_run_failure(cmd, code, stderr))
            failed_sets += 1
            continue
        expected = _tflm_outputs(tflm_runtime, model_bytes, arrays, num_outputs)
        bad = False
        for k, exp in enumerate(expected):
            f = out_dir / f"out_{k}.bin"
            if not f.is_file():
                problems.append(f"{label}: mcuforge wrote no {f.name}")
                bad = True
                continue
            got = f.read_bytes()
            if got != exp.tobytes():
                problems.append(_describe_mismatch(label, k, exp, got))
                bad = True
        extra = out_dir / f"out_{len(expected)}.bin"
        if extra.exists():
            problems.append(f"{label}: mcuforge wrote {extra.name} but TFLM has {len(expected)} output(s)")
            bad = True
        if bad:
            problems.append(f"  reproduce: {shlex.join(cmd)}")
            failed_sets += 1

    if problems:
        pytest.fail(f"{name}: {failed_sets}/{len(jobs)} input sets fail against TFLM\n" + "\n".join(problems),
                    pytrace=False)
