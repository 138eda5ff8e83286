# SPDX-License-Identifier: Apache-2.0
# Random differential cases for the activation family (compiler/ops/activation_family.cc): RELU, RELU6,
# LEAKY_RELU, ELU, PRELU, LOG_SOFTMAX, L2_NORMALIZATION, and the int16 forms of LOGISTIC and TANH.
# random_ops.py loads this module and runs the cases in the live tflite-micro package and with
# `mcuforge run`. Quantization is drawn across its range: input and output scales independent (ratios
# from 1e-5 to 1e5) or close to each other, int8 zero points often at -128 / 127, int16 zero points
# non-zero where TFLM allows it, power-of-two int16 scales for the sigmoids, negative and zero alphas.
import numpy as np

import random_ops as ro
from random_ops import OPS, OPT, Case, log_uniform, q_tensor, rand_input, random_shape
from tflite_build import ModelBuilder, fb


def int_zero_point(rng, dtype):
    """A zero point for kernels that accept any: the ends of the range often."""
    info = np.iinfo(dtype)
    pick = rng.random()
    if pick < 0.2:
        return int(info.min)
    if pick < 0.35:
        return int(info.max)
    return int(rng.integers(info.min, info.max, endpoint=True))


def in_out_quant(rng, dtype, any_int16_zp=False):
    """(input quant, output quant): independent random scales, or the output scale near the input's."""
    qin = ro.act_quant(rng, dtype)
    if dtype == "int16" and any_int16_zp and rng.random() < 0.4:
        qin = (qin[0], int_zero_point(rng, dtype))
    if rng.random() < 0.5:
        qout = ro.act_quant(rng, dtype)
    else:
        qout = (qin[0] * 2.0 ** rng.uniform(-6, 6), ro.act_quant(rng, dtype)[1])
    if dtype == "int16" and any_int16_zp and rng.random() < 0.4:
        qout = (qout[0], int_zero_point(rng, dtype))
    return qin, qout


def gen_elementwise(builtin, options_type=None, options_fn=None, any_int16_zp=False, same_quant_p=0.0):
    """One input, one output of the same shape and type; `options_fn(rng)` -> (options, label)."""
    def gen(rng, dtype):
        mb = ModelBuilder()
        shape, data = sweep_or_random(rng, dtype)
        qin, qout = in_out_quant(rng, dtype, any_int16_zp) if dtype != "float32" else (None, None)
        if qin is not None and rng.random() < same_quant_p:
            qout = qin
        x, _ = q_tensor(mb, rng, dtype, shape, qin)
        y, _ = q_tensor(mb, rng, dtype, shape, qout)
        options, label = options_fn(rng) if options_fn else (None, "")
        mb.op(builtin, [x], [y], options_type, options)
        return Case(mb.build([x], [y]), [data], f"shape {shape} q {qin}->{qout} {label}")
    return gen


def sweep_or_random(rng, dtype):
    """(shape, input data): a random shape and input, or (for integer types, one case in four) a sweep
    over the type's range, which finds the rare inputs where a multiplier's last bit matters."""
    if dtype != "float32" and rng.random() < 0.25:
        info = np.iinfo(dtype)
        values = np.arange(info.min, info.max + 1, 1 if dtype == "int8" else 7)
        return [int(values.size)], values.astype(dtype)
    shape = random_shape(rng)
    return shape, rand_input(rng, dtype, shape)


def leaky_relu_options(rng):
    o = fb.LeakyReluOptionsT()
    pick = rng.random()
    if pick < 0.3:
        o.alpha = float(rng.choice([0.2, 0.1, 0.01, 0.3]))
    elif pick < 0.4:
        o.alpha = 0.0
    elif pick < 0.6:
        o.alpha = -log_uniform(rng, 0.01, 2.0)
    else:
        o.alpha = float(rng.uniform(0, 3))
    return o, f"alpha {o.alpha}"


def gen_sigmoid_s16(builtin):
    """int16 LOGISTIC / TANH: zero points 0, output scale 2^-15; input scales power-of-two (TFLM's
    shortcut) or anything from 1e-5 to 10."""
    def gen(rng, dtype):
        mb = ModelBuilder()
        if rng.random() < 0.3:
            s_in = 2.0 ** int(rng.integers(-15, 2))
        else:
            s_in = log_uniform(rng, 1e-5, 10.0)
        shape, data = sweep_or_random(rng, "int16")
        x = mb.tensor(shape, "int16", scale=s_in, zero_point=0)
        y = mb.tensor(shape, "int16", scale=1.0 / 32768, zero_point=0)
        mb.op(builtin, [x], [y])
        return Case(mb.build([x], [y]), [data], f"shape {shape} s_in {s_in}")
    return gen


def alpha_shape_for(rng, shape):
    """A shape broadcastable against `shape`: its trailing dimensions with some set to 1, a scalar, the
    whole shape, or (rarely) a larger one that the input broadcasts against."""
    pick = rng.random()
    if pick < 0.15:
        return [1]
    if pick < 0.25:
        return list(shape)
    if pick < 0.35 and len(shape) < 4:
        return [int(rng.integers(1, 4))] + [d if rng.random() < 0.7 else 1 for d in shape]
    k = int(rng.integers(1, len(shape) + 1))
    return [d if rng.random() < 0.7 else 1 for d in shape[-k:]]


def gen_prelu(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng)
    if rng.random() < 0.15:
        shape = [d if rng.random() < 0.6 else 1 for d in shape]  # the input broadcasts too
    a_shape = alpha_shape_for(rng, shape)
    out_shape = list(np.broadcast_shapes(tuple(shape), tuple(a_shape)))
    if dtype == "float32":
        x = mb.tensor(shape, "float32")
        a_data = (rng.standard_normal(a_shape) * 0.5).astype(np.float32)
        a_quant = None
        y = mb.tensor(out_shape, "float32")
        a_dtype = "float32"
    else:
        qin, qout = in_out_quant(rng, dtype, any_int16_zp=True)
        x, _ = q_tensor(mb, rng, dtype, shape, qin)
        y, _ = q_tensor(mb, rng, dtype, out_shape, qout)
        a_quant = (log_uniform(rng, 1e-3, 1.0), int_zero_point(rng, "int8"))
        a_data = ro.rand_ints(rng, "int8", a_shape)
        a_dtype = "int8"
    as_input = rng.random() < 0.2
    if as_input:
        a = mb.tensor(a_shape, a_dtype, scale=a_quant and a_quant[0], zero_point=a_quant and a_quant[1])
    else:
        a = mb.tensor(a_shape, a_dtype, scale=a_quant and a_quant[0], zero_point=a_quant and a_quant[1], data=a_data)
    mb.op(OPS.PRELU, [x, a], [y])
    inputs = [rand_input(rng, dtype, shape)] + ([a_data] if as_input else [])
    return Case(mb.build([x, a] if as_input else [x], [y]), inputs,
                f"shape {shape} alpha {a_shape}{' (input)' if as_input else ''}")


def gen_log_softmax(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng, max_dim=12)
    x, _ = q_tensor(mb, rng, dtype, shape)
    y, _ = q_tensor(mb, rng, dtype, shape, (16.0 / 256, 127) if dtype == "int8" else None)
    mb.op(OPS.LOG_SOFTMAX, [x], [y], OPT.LogSoftmaxOptions, fb.LogSoftmaxOptionsT())
    return Case(mb.build([x], [y]), [rand_input(rng, dtype, shape)], f"shape {shape}")


def gen_l2_normalization(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng, max_dim=12)
    x, qx = q_tensor(mb, rng, dtype, shape)
    y, _ = q_tensor(mb, rng, dtype, shape, (1.0 / 128, 0) if dtype == "int8" else None)
    o = fb.L2NormOptionsT()
    o.fusedActivationFunction = fb.ActivationFunctionType.NONE
    mb.op(OPS.L2_NORMALIZATION, [x], [y], OPT.L2NormOptions, o)
    data = rand_input(rng, dtype, shape)
    if dtype == "int8" and rng.random() < 0.15:
        # values near the zero point: sums of squares of 0, 1 and other small ones
        data = np.clip(qx[1] + rng.integers(-1, 2, size=shape), -128, 127).astype(np.int8)
    return Case(mb.build([x], [y]), [data], f"shape {shape}")


for _dt in ("float32", "int8", "int16"):
    ro.GENERATORS[("RELU", _dt)] = gen_elementwise(OPS.RELU)
    ro.GENERATORS[("RELU6", _dt)] = gen_elementwise(OPS.RELU6, any_int16_zp=True, same_quant_p=0.3)
    ro.GENERATORS[("LEAKY_RELU", _dt)] = gen_elementwise(OPS.LEAKY_RELU, OPT.LeakyReluOptions, leaky_relu_options,
                                                         any_int16_zp=True)
    ro.GENERATORS[("PRELU", _dt)] = gen_prelu
for _dt in ("float32", "int8"):
    ro.GENERATORS[("ELU", _dt)] = gen_elementwise(OPS.ELU)
    ro.GENERATORS[("LOG_SOFTMAX", _dt)] = gen_log_softmax
    ro.GENERATORS[("L2_NORMALIZATION", _dt)] = gen_l2_normalization
ro.GENERATORS[("LOGISTIC", "int16")] = gen_sigmoid_s16(OPS.LOGISTIC)
ro.GENERATORS[("TANH", "int16")] = gen_sigmoid_s16(OPS.TANH)
