# SPDX-License-Identifier: Apache-2.0
# Fixed cases for the activation family (gen_activations.py) that the random test once found differing
# from the tflite-micro package: every int16 input of RELU and LEAKY_RELU, whose requantization
# multipliers the package computes in double (older TFLM sources divide in float; one input in a few
# thousand then lands on the other side of a rounding step).
#
#   python3 -m pytest -q tests/oracle/test_activation_regressions.py [--mcuforge PATH]
import os
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import random_ops as ro  # noqa: E402
from tflite_build import ModelBuilder, fb  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tflm():
    pytest.importorskip("tflite_micro")
    worker = ro.TflmWorker()
    yield worker
    worker.close()


@pytest.fixture(scope="module")
def mcuforge(request):
    path = Path(request.config.getoption("--mcuforge") or ro.default_binary(REPO))
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(f"mcuforge binary not found at {path} (set MCUFORGE or pass --mcuforge)", pytrace=False)
    return str(path)


def _every_int16(builtin, s_in, s_out, alpha=None):
    mb = ModelBuilder()
    x = mb.tensor([65536], "int16", scale=s_in, zero_point=0)
    y = mb.tensor([65536], "int16", scale=s_out, zero_point=0)
    if alpha is None:
        mb.op(builtin, [x], [y])
    else:
        o = fb.LeakyReluOptionsT()
        o.alpha = alpha
        mb.op(builtin, [x], [y], fb.BuiltinOptions.LeakyReluOptions, o)
    data = np.arange(-32768, 32768).astype(np.int16)
    return ro.Case(mb.build([x], [y]), [data], f"builtin {builtin} s_in {s_in} s_out {s_out} alpha {alpha}")


CASES = {
    # LEAKY_RELU int16 seed 1260722521: input 23506 gave 15502, TFLM 15503
    "leaky_relu_int16_identity_slope": lambda: _every_int16(fb.BuiltinOperator.LEAKY_RELU, 0.8486171915143509,
                                                            1.286734124763944, 0.3170762149424645),
    "leaky_relu_int16_negative_alpha": lambda: _every_int16(fb.BuiltinOperator.LEAKY_RELU, 9.905595, 18.667519,
                                                            -0.2964694),
    "relu_int16": lambda: _every_int16(fb.BuiltinOperator.RELU, 0.0123, 0.0171),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_activation_regression(name, tflm, mcuforge):
    case = CASES[name]()
    result = ro.run_cases(tflm, mcuforge, [case])
    assert not result.failures, result.failures[0]
    assert result.passed == 1, "TFLM did not run the case"
