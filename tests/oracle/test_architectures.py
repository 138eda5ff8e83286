# SPDX-License-Identifier: Apache-2.0
"""Realistic architectures (tests/oracle/architectures.py: MobileNetV2/V3 blocks, ResNet, DenseNet,
Conv1D KWS, FOMO, U-Net, autoencoder, attention, GRU, LSTM, activations, upsampling), converted by
TensorFlow's converter to int8 / int16x8 / float32: every one must run in mcuforge with outputs equal
to TFLM's byte for byte (float32 within 1e-5 relative) on random input sets. Where TFLM cannot run a
model as converted (a FILL of run-time dims in a Keras RNN), `export --c-array` must warn and TFLM
runs the model as mcuforge does (`export --tflite`, constants folded).

    MCUFORGE=build/host-release/cli/mcuforge python3 -m pytest -q tests/oracle/test_architectures.py
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("tensorflow")
sys.path.insert(0, str(Path(__file__).resolve().parent))
import architectures as arch  # noqa: E402
import random_ops as ro  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
INPUT_SETS = 3
RESULTS = {}


@pytest.fixture(scope="module")
def mcuforge(request):
    path = Path(request.config.getoption("--mcuforge") or ro.default_binary(REPO))
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(f"mcuforge binary not found at {path}", pytrace=False)
    return str(path)


@pytest.fixture(scope="module")
def oracle():
    worker = ro.TflmWorker()
    yield worker
    worker.close()


@pytest.mark.parametrize("name,mode", arch.cases(), ids=lambda v: str(v))
def test_architecture_matches_tflm(name, mode, oracle, mcuforge, tmp_path):
    model, dtype, shape = arch.convert(name, mode)
    inputs = arch.input_sets(dtype, shape, INPUT_SETS)
    cases = [ro.Case(model, [x], f"{name} {mode} input set {k}") for k, x in enumerate(inputs)]
    result = ro.run_cases(oracle, mcuforge, cases)
    reference = "TFLM"
    if result.skipped == len(cases) and not result.failures:
        # TFLM does not run this model as converted (a Keras RNN's zero state is a FILL of run-time
        # dims): mcuforge's TFLM export must warn, naming the fix, and TFLM on the model as mcuforge runs
        # it (`export --tflite`: the SHAPE -> FILL chain folded) is the reference.
        (tmp_path / "m.tflite").write_bytes(model)
        p = subprocess.run([mcuforge, "export", str(tmp_path / "m.tflite"), "--c-array", "-o",
                            str(tmp_path / "m.cc"), "--json"], capture_output=True, text=True)
        assert p.returncode == 0 and "export the folded model for TFLM" in p.stdout, p.stdout + p.stderr
        p = subprocess.run([mcuforge, "export", str(tmp_path / "m.tflite"), "--tflite", "-o",
                            str(tmp_path / "folded.tflite")], capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
        folded = (tmp_path / "folded.tflite").read_bytes()
        result = ro.run_cases(oracle, mcuforge, [ro.Case(folded, c.inputs, c.label) for c in cases])
        reference = "TFLM on the folded model"
    RESULTS[(name, mode)] = (reference, result)
    assert not result.failures, f"{len(result.failures)} input set(s) differ from {reference}:\n" + \
        "\n".join(result.failures[:3])
    assert result.passed == len(cases), f"{reference} ran {result.passed} of {len(cases)} input sets"
