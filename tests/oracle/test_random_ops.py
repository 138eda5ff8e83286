# SPDX-License-Identifier: Apache-2.0
# Random differential test against the live tflite-micro package: for every op and dtype mcuforge has a
# kernel for, seeded random single-op models (random_ops.py: shapes, strides, SAME/VALID, dilations,
# broadcasting, per-channel / per-tensor weights, extreme scales and zero points, with and without bias,
# fused activations) run in TFLM and with `mcuforge run`; outputs must be byte-equal (float32 within
# 1e-5 relative). Cases TFLM rejects are skipped and counted; the table of counts is printed at the end.
# Plus fixed regression cases for the mismatches this test found.
#
#   python3 -m pytest -q tests/oracle/test_random_ops.py [--mcuforge PATH] [-k CONV_2D]
# Environment: MCUFORGE (binary), MF_RANDOM_CASES (cases per op and dtype, default 50), MF_RANDOM_SEED.
# Longer runs: bench/random_ops_bench.py --cases N.
import os
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import random_ops as ro  # noqa: E402
from tflite_build import ModelBuilder, fb  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CASES = int(os.environ.get("MF_RANDOM_CASES", "50"))
SEED = int(os.environ.get("MF_RANDOM_SEED", "1"))
RESULTS = {}  # (op, dtype) -> ro.Result, printed by conftest.pytest_terminal_summary


@pytest.fixture(scope="module")
def tflm():
    try:
        from tflite_micro.python.tflite_micro import runtime  # noqa: F401
    except ImportError as e:
        pytest.fail(f"the random op test needs the tflite-micro package ({e}): "
                    "pip install -r tests/oracle/requirements.txt", pytrace=False)
    worker = ro.TflmWorker()
    yield worker
    worker.close()


@pytest.fixture(scope="module")
def mcuforge(request):
    path = Path(request.config.getoption("--mcuforge") or ro.default_binary(REPO))
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(f"mcuforge binary not found at {path} (set MCUFORGE or pass --mcuforge)", pytrace=False)
    return str(path)


def _check(result):
    if result.failures:
        pytest.fail(f"{len(result.failures)} case(s) differ from TFLM:\n" + "\n".join(result.failures[:10]),
                    pytrace=False)


@pytest.mark.parametrize("op,dtype", sorted(ro.GENERATORS), ids=lambda v: str(v))
def test_random_op(op, dtype, tflm, mcuforge):
    cases = ro.make_cases(op, dtype, CASES, SEED)
    result = ro.run_cases(tflm, mcuforge, cases, op=op)
    RESULTS[(op, dtype)] = result
    _check(result)
    assert result.passed > 0 or CASES == 0, f"TFLM ran none of the {len(cases)} cases"


# ---------------------------------------------------------------------------------------------------------
# regression cases: each is a mismatch the random test (or a user) found, fixed in mcuforge


def _fc_int16(keep_num_dims, bias, quantized_bias_type=0):
    """The issue #11 model: int16x8 FULLY_CONNECTED [2, 3, 5] x [4, 5] -> [2, 3, 4] (24 outputs)."""
    rng = np.random.default_rng(11)
    mb = ModelBuilder()
    x = mb.tensor([2, 3, 5], "int16", scale=0.0007, zero_point=0)
    w = mb.tensor([4, 5], "int8", scale=0.013, zero_point=0, data=rng.integers(-127, 128, size=(4, 5)))
    inputs = [x, w]
    if bias:
        inputs.append(mb.tensor([4], "int64", scale=0.0007 * 0.013, zero_point=0,
                                data=rng.integers(-5000, 5000, size=4)))
    y = mb.tensor([2, 3, 4] if keep_num_dims else [6, 4], "int16", scale=0.00011, zero_point=0)
    o = fb.FullyConnectedOptionsT()
    o.keepNumDims = keep_num_dims
    o.quantizedBiasType = quantized_bias_type
    mb.op(fb.BuiltinOperator.FULLY_CONNECTED, inputs, [y], fb.BuiltinOptions.FullyConnectedOptions, o)
    data = [rng.integers(-32768, 32768, size=(2, 3, 5)).astype(np.int16) for _ in range(8)]
    return [ro.Case(mb.build([x], [y]), [d], f"FC int16 keep_num_dims {keep_num_dims} bias {bias} "
                    f"quantized_bias_type {quantized_bias_type} input set {k}") for k, d in enumerate(data)]


def _conv_int16(quantized_bias_type):
    """Bias-less int16x8 CONV_2D: 64-bit accumulator unless quantized_bias_type says int32."""
    rng = np.random.default_rng(12)
    mb = ModelBuilder()
    x = mb.tensor([1, 5, 5, 3], "int16", scale=0.0009, zero_point=0)
    w = mb.tensor([4, 3, 3, 3], "int8", scale=[0.011, 0.02, 0.007, 0.03], zero_point=[0] * 4,
                  data=rng.integers(-127, 128, size=(4, 3, 3, 3)))
    y = mb.tensor([1, 5, 5, 4], "int16", scale=0.00023, zero_point=0)
    o = fb.Conv2DOptionsT()
    o.padding, o.strideH, o.strideW = fb.Padding.SAME, 1, 1
    o.quantizedBiasType = quantized_bias_type
    mb.op(fb.BuiltinOperator.CONV_2D, [x, w, -1], [y], fb.BuiltinOptions.Conv2DOptions, o)
    data = [rng.integers(-32768, 32768, size=(1, 5, 5, 3)).astype(np.int16) for _ in range(8)]
    return [ro.Case(mb.build([x], [y]), [d], f"CONV_2D int16 no bias quantized_bias_type {quantized_bias_type} "
                    f"input set {k}") for k, d in enumerate(data)]


def _add_int32_activation():
    """int32 ADD with RELU_N1_TO_1: TFLM ignores the fused activation of int32 ADD."""
    rng = np.random.default_rng(13)
    mb = ModelBuilder()
    a, b, y = (mb.tensor([2, 3], "int32") for _ in range(3))
    o = fb.AddOptionsT()
    o.fusedActivationFunction = fb.ActivationFunctionType.RELU_N1_TO_1
    mb.op(fb.BuiltinOperator.ADD, [a, b], [y], fb.BuiltinOptions.AddOptions, o)
    ins = [rng.integers(-1000, 1000, size=(2, 3)).astype(np.int32) for _ in range(2)]
    return [ro.Case(mb.build([a, b], [y]), ins, "ADD int32 RELU_N1_TO_1")]


def _hard_swish_coarse_output():
    """int8 HARD_SWISH whose output scale is > 512x the input scale: TFLM divides by 2^16 or more with
    gemmlowp's int16 RoundingDivideByPOT (mcuforge refused these models before)."""
    rng = np.random.default_rng(14)
    cases = []
    for ratio in (600.0, 5000.0, 3e6):
        mb = ModelBuilder()
        x = mb.tensor([4, 64], "int8", scale=0.05, zero_point=-3)
        y = mb.tensor([4, 64], "int8", scale=0.05 * ratio, zero_point=int(rng.integers(-128, 128)))
        mb.op(fb.BuiltinOperator.HARD_SWISH, [x], [y])
        data = np.arange(-128, 128, dtype=np.int8).reshape(4, 64)
        cases.append(ro.Case(mb.build([x], [y]), [data], f"HARD_SWISH int8 output/input scale {ratio}"))
    return cases


def _ds_cnn_int16x8():
    """A TensorFlow-converted int16x8 depthwise-separable keyword model whose last Dense has no bias
    (data/make_ds_cnn_int16x8.py); 21 of 40 input sets differed from TFLM by 1 before the fix."""
    model = (Path(__file__).resolve().parent / "data" / "ds_cnn_int16x8.tflite").read_bytes()
    rng = np.random.default_rng(15)
    return [ro.Case(model, [rng.integers(-32768, 32768, size=(1, 16, 10, 1)).astype(np.int16)],
                    f"ds_cnn_int16x8 input set {k}") for k in range(20)]


REGRESSIONS = {
    "ds_cnn_int16x8_bias_less_dense": _ds_cnn_int16x8,
    "hard_swish_int8_coarse_output": _hard_swish_coarse_output,
    "fc_int16_keep_num_dims_no_bias": lambda: _fc_int16(True, False),
    "fc_int16_no_bias": lambda: _fc_int16(False, False),
    "fc_int16_no_bias_declared_int32": lambda: _fc_int16(True, False, fb.TensorType.INT32),
    "fc_int16_int64_bias": lambda: _fc_int16(True, True),
    "conv_int16_no_bias": lambda: _conv_int16(0),
    "conv_int16_no_bias_declared_int32": lambda: _conv_int16(fb.TensorType.INT32),
    "conv_int16_no_bias_declared_int64": lambda: _conv_int16(fb.TensorType.INT64),
    "add_int32_ignores_activation": _add_int32_activation,
}


@pytest.mark.parametrize("name", sorted(REGRESSIONS))
def test_regression(name, tflm, mcuforge):
    cases = REGRESSIONS[name]()
    result = ro.run_cases(tflm, mcuforge, cases)
    _check(result)
    assert result.passed == len(cases), f"TFLM ran only {result.passed} of {len(cases)} cases"


@pytest.mark.parametrize("name", ["fc_int16_keep_num_dims_no_bias", "conv_int16_no_bias",
                                  "conv_int16_no_bias_declared_int32", "hard_swish_int8_coarse_output"])
def test_regression_generated_code(name, mcuforge, tmp_path):
    """The generated C (gcc/clang, -Werror) of the regression models equals `mcuforge run`: the emitted
    accumulator argument and the HARD_SWISH shift range reach the MCU code too."""
    sys.path.insert(0, str(REPO / "tests" / "codegen"))
    import codegen_util as cu
    cu.MCUFORGE = mcuforge
    if not cu.COMPILERS:
        pytest.skip("no C compiler")
    case = REGRESSIONS[name]()[0]
    model = tmp_path / "model.tflite"
    model.write_bytes(case.model)
    cu.compile_model(model, tmp_path / "gen")
    inputs = []
    for i, a in enumerate(case.inputs):
        f = tmp_path / f"in_{i}.bin"
        f.write_bytes(np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes())
        inputs.append(f)
    cu.run_host(model, inputs, tmp_path / "host")
    cu.check_generated(tmp_path / "gen", tmp_path, [(inputs, tmp_path / "host")], 1)
