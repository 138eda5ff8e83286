# SPDX-License-Identifier: Apache-2.0
"""Hybrid models (float32 activations, int8 weights: ../shared corpus mlperf_ad_toycar_hybrid and
mlperf_kws_dscnn_f32) run in mcuforge as float models with dequantized weights (pass
dequantize-weights). TFLM refuses hybrid models, so the oracle is TFLM on the model as mcuforge runs
it (`export --tflite`: the same graph with float32 weights): outputs within 1e-5 relative. TensorFlow
Lite's hybrid kernels quantize activations on the fly; their outputs are compared loosely (the two
must agree on what the model computes, not to the last bit)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
sys.path.insert(0, str(Path(__file__).resolve().parent))
import random_ops as ro  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("MF_SHARED_DIR", REPO.parent / "shared"))
MODELS = {"mlperf_ad_toycar_hybrid": (1, 640), "mlperf_kws_dscnn_f32": (1, 49, 10, 1)}
INPUT_SETS = 4


@pytest.fixture(scope="module")
def mcuforge():
    path = ro.default_binary(REPO)
    if not Path(path).is_file():
        pytest.fail(f"mcuforge binary not found at {path}", pytrace=False)
    return path


@pytest.fixture(scope="module")
def tflm():
    worker = ro.TflmWorker()
    yield worker
    worker.close()


def inputs(shape, seed):
    rng = np.random.default_rng(seed)
    return [rng.normal(0, 1.5, size=shape).astype(np.float32) for _ in range(INPUT_SETS)]


@pytest.mark.parametrize("name", sorted(MODELS))
def test_hybrid_model_runs_as_its_dequantized_float_model(name, mcuforge, tflm, tmp_path):
    model = SHARED / "corpus" / "models" / f"{name}.tflite"
    if not model.exists():
        pytest.skip(f"corpus model {name} not found")
    exported = tmp_path / "dequantized.tflite"
    p = subprocess.run([mcuforge, "export", str(model), "--tflite", "-o", str(exported)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    data = inputs(MODELS[name], 7)
    # TFLM on the dequantized float model vs mcuforge on the hybrid model itself.
    cases = [ro.Case(exported.read_bytes(), [x], f"{name} input set {k}") for k, x in enumerate(data)]
    got = [ro.mcuforge_run(mcuforge, ro.Case(model.read_bytes(), [x], ""), tmp_path / f"m{k}") for k, x in enumerate(data)]
    for case, (outs, err) in zip(cases, got):
        assert err is None, err
        expected, _ = tflm.run(case)
        assert expected is not None, "TFLM did not run the dequantized float model"
        assert ro.compare(expected, outs) is None, case.label


@pytest.mark.parametrize("name", sorted(MODELS))
def test_hybrid_model_agrees_with_tensorflow_lite_hybrid_kernels(name, mcuforge, tmp_path):
    pytest.importorskip("tensorflow")
    model = SHARED / "corpus" / "models" / f"{name}.tflite"
    if not model.exists():
        pytest.skip(f"corpus model {name} not found")
    for k, x in enumerate(inputs(MODELS[name], 8)):
        case = ro.Case(model.read_bytes(), [x], "", oracle="tflite")
        reference = ro.tflite_run(case)
        assert reference is not None
        outs, err = ro.mcuforge_run(mcuforge, case, tmp_path / f"t{k}")
        assert err is None, err
        ours = np.frombuffer(outs[0], dtype=np.float32)
        theirs = reference[0].reshape(-1)
        # On-the-fly int8 activations (TF Lite) vs float activations (mcuforge): close, not equal.
        assert np.max(np.abs(ours - theirs)) <= 0.05 * np.max(np.abs(theirs)) + 1e-3, (name, k)
        if theirs.size > 2:  # classifiers: the same decision
            assert np.argmax(ours) == np.argmax(theirs)
