# SPDX-License-Identifier: Apache-2.0
# Random single-op cases for the unary math family (compiler/ops/unary_family.cc): NEG, ABS, SQRT,
# RSQRT, SQUARE, EXP, LOG, SIN, COS, CEIL, FLOOR, ROUND, LOGICAL_NOT, ZEROS_LIKE in every dtype TFLM
# runs, and EXP int8/int16, which only TensorFlow Lite runs (ORACLE_TFLITE). Float inputs reach the
# domain edges: 0 and negatives for SQRT/RSQRT/LOG (NaN and infinities), overflow for EXP and SQUARE,
# exact halves for ROUND, huge arguments for SIN/COS. Loaded by random_ops.py.
import numpy as np

import random_ops as ro
from random_ops import OPS, Case, ModelBuilder, log_uniform, q_tensor, rand_input, rand_ints, random_shape


def _normal(rng, shape, lo=0.1, hi=10.0):
    return (rng.standard_normal(shape) * log_uniform(rng, lo, hi)).astype(np.float32)


def _sprinkle(rng, data, values):
    """Puts a few of `values` at random places of `data` (flattened view)."""
    flat = data.reshape(-1)
    for v in values:
        if rng.random() < 0.5:
            flat[int(rng.integers(0, flat.size))] = v
    return data


def _positive_wide(rng, shape, lo_exp=-6, hi_exp=6):
    """Magnitudes spread over decades (log-uniform 10^lo_exp .. 10^hi_exp)."""
    return (10.0 ** rng.uniform(lo_exp, hi_exp, size=shape)).astype(np.float32)


def float_data(op, rng, shape):
    """Input values for a float32 case of `op`, including the interesting edges of its domain."""
    pick = rng.random()
    if op in ("SQRT", "RSQRT"):
        x = _positive_wide(rng, shape) if pick < 0.6 else np.abs(_normal(rng, shape))
        if rng.random() < 0.3:  # negatives give NaN
            x = np.where(rng.random(shape) < 0.2, -x, x).astype(np.float32)
        return _sprinkle(rng, x, [0.0, -0.0, 1.0, 4.0, np.float32(1e-38), np.float32(3e38)])
    if op == "LOG":
        x = _positive_wide(rng, shape, -30, 30) if pick < 0.5 else \
            (1.0 + rng.uniform(-1e-3, 1e-3, size=shape)).astype(np.float32) if pick < 0.7 else np.abs(_normal(rng, shape))
        if rng.random() < 0.3:
            x = np.where(rng.random(shape) < 0.2, -x, x).astype(np.float32)
        return _sprinkle(rng, x, [0.0, 1.0, np.float32(1e-40), np.float32(2.0 ** -149), np.float32(3e38)])
    if op == "EXP":
        x = rng.uniform(-110, 95, size=shape).astype(np.float32) if pick < 0.3 else _normal(rng, shape, 0.1, 20)
        return _sprinkle(rng, x, [0.0, 88.7, 89.0, -87.0, -104.0])
    if op in ("SIN", "COS"):
        if pick < 0.15:
            x = (_positive_wide(rng, shape, 3, 30) * np.sign(rng.standard_normal(shape))).astype(np.float32)
        else:
            x = _normal(rng, shape, 0.1, 1e3)
        return _sprinkle(rng, x, [0.0, -0.0, np.float32(np.pi), np.float32(np.pi / 2), np.float32(1e4), np.float32(-3e38)])
    if op in ("CEIL", "FLOOR", "ROUND"):
        x = _normal(rng, shape, 0.5, 100)
        if pick < 0.5:  # exact halves and integers: ties and fixed points
            x = (np.round(x * 2) / 2).astype(np.float32)
        return _sprinkle(rng, x, [0.5, -0.5, 1.5, 2.5, -2.5, np.float32(1e10), np.float32(8388607.5)])
    if op == "SQUARE":
        x = _normal(rng, shape, 0.1, 100)
        return _sprinkle(rng, x, [np.float32(2e19), np.float32(-1e-25)])
    return _normal(rng, shape)


def gen_float(builtin, op):
    def gen(rng, dtype):
        mb = ModelBuilder()
        shape = random_shape(rng)
        x = mb.tensor(shape, "float32")
        y = mb.tensor(shape, "float32")
        mb.op(builtin, [x], [y])
        return Case(mb.build([x], [y]), [float_data(op, rng, shape)], f"shape {shape}")
    return gen


def gen_abs(rng, dtype):
    """ABS int8 / int16: random scales (often equal: no rescale), int16 sometimes unquantized."""
    mb = ModelBuilder()
    shape = random_shape(rng)
    if dtype == "int16" and rng.random() < 0.3:
        x, y = mb.tensor(shape, "int16"), mb.tensor(shape, "int16")
        label = "unquantized"
    else:
        x, q = q_tensor(mb, rng, dtype, shape)
        y, _ = q_tensor(mb, rng, dtype, shape, q if rng.random() < 0.3 else None)
        label = "quantized"
    mb.op(OPS.ABS, [x], [y])
    return Case(mb.build([x], [y]), [rand_input(rng, dtype, shape)], f"shape {shape} {label}")


def gen_rsqrt_int8(rng, dtype):
    """RSQRT int8: TFLM refuses inputs below the zero point, so most cases keep every value at or above
    it (the zero point itself gives 127); output scales around the range of 1/sqrt(x)."""
    mb = ModelBuilder()
    shape = random_shape(rng)
    s_in, zp_in = log_uniform(rng, 1e-3, 1.0), int(rng.integers(-128, 100))
    x = mb.tensor(shape, "int8", scale=s_in, zero_point=zp_in)
    if rng.random() < 0.8:
        s_out = log_uniform(rng, 0.3, 3.0) / (np.sqrt(s_in) * 100.0)
    else:
        s_out = log_uniform(rng, 1e-4, 10.0)
    y = mb.tensor(shape, "int8", scale=s_out, zero_point=ro.act_quant(rng, "int8")[1])
    mb.op(OPS.RSQRT, [x], [y])
    data = rand_ints(rng, "int8", shape, zp_in, 127)
    if rng.random() < 0.1:
        data = rand_input(rng, "int8", shape)  # values below the zero point: TFLM skips the case
    return Case(mb.build([x], [y]), [data], f"shape {shape} s_in {s_in:.3g} zp {zp_in} s_out {s_out:.3g}")


def gen_exp_quantized(rng, dtype):
    """EXP int8 / int16 (TensorFlow Lite's lookup tables): output scales around exp of the input
    range's top, sometimes far off (saturation, overflow to inf)."""
    mb = ModelBuilder()
    shape = random_shape(rng)
    if dtype == "int8":
        s_in, zp_in = log_uniform(rng, 1e-3, 0.2), int(rng.integers(-128, 128))
        top = s_in * (127 - zp_in)
        qmax, zp_out = 255.0, -128 if rng.random() < 0.7 else int(rng.integers(-128, 128))
    else:
        s_in, zp_in = log_uniform(rng, 1e-5, 2e-3), 0
        top = s_in * 32767
        qmax, zp_out = 32767.0, 0
    s_out = float(np.exp(min(top, 80.0)) / qmax * log_uniform(rng, 0.5, 2.0))
    if rng.random() < 0.2:  # saturation, values beyond int32, exp overflowing to inf
        s_out = log_uniform(rng, 1e-6, 1e3)
    x = mb.tensor(shape, dtype, scale=s_in, zero_point=zp_in)
    y = mb.tensor(shape, dtype, scale=s_out, zero_point=zp_out)
    mb.op(OPS.EXP, [x], [y])
    return Case(mb.build([x], [y]), [rand_input(rng, dtype, shape)],
                f"shape {shape} s_in {s_in:.3g} zp {zp_in} s_out {s_out:.3g} zp {zp_out}")


def gen_logical_not(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng)
    x, y = mb.tensor(shape, "bool"), mb.tensor(shape, "bool")
    mb.op(OPS.LOGICAL_NOT, [x], [y])
    return Case(mb.build([x], [y]), [rng.random(shape) < 0.5], f"shape {shape}")


def gen_zeros_like(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng)
    q = ro.act_quant(rng, dtype) if dtype == "int8" else None
    x, _ = q_tensor(mb, rng, dtype, shape, q)
    y, _ = q_tensor(mb, rng, dtype, shape, q)
    mb.op(OPS.ZEROS_LIKE, [x], [y])
    data = rand_ints(rng, "int64", shape) if dtype == "int64" else rand_input(rng, dtype, shape)
    return Case(mb.build([x], [y]), [data], f"shape {shape}")


_FLOAT_OPS = {"NEG": OPS.NEG, "ABS": OPS.ABS, "SQRT": OPS.SQRT, "RSQRT": OPS.RSQRT, "SQUARE": OPS.SQUARE,
              "EXP": OPS.EXP, "LOG": OPS.LOG, "SIN": OPS.SIN, "COS": OPS.COS, "CEIL": OPS.CEIL,
              "FLOOR": OPS.FLOOR, "ROUND": OPS.ROUND}
for _op, _code in _FLOAT_OPS.items():
    ro.GENERATORS[(_op, "float32")] = gen_float(_code, _op)
ro.GENERATORS[("ABS", "int8")] = gen_abs
ro.GENERATORS[("ABS", "int16")] = gen_abs
ro.GENERATORS[("RSQRT", "int8")] = gen_rsqrt_int8
ro.GENERATORS[("EXP", "int8")] = gen_exp_quantized
ro.GENERATORS[("EXP", "int16")] = gen_exp_quantized
ro.GENERATORS[("LOGICAL_NOT", "bool")] = gen_logical_not
for _dt in ("float32", "int8", "int32", "int64"):
    ro.GENERATORS[("ZEROS_LIKE", _dt)] = gen_zeros_like
# TFLM's EXP is float-only: the quantized forms are checked against TensorFlow Lite's interpreter.
ro.ORACLE_TFLITE.update({("EXP", "int8"), ("EXP", "int16")})
