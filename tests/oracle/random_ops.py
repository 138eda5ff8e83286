# SPDX-License-Identifier: Apache-2.0
# Random single-op models for every op and dtype mcuforge runs, written directly as flatbuffers
# (tflite_build.py), run in the live tflite-micro package and with `mcuforge run`; the outputs must be
# byte-equal (float32: within 1e-5 relative, with a floor of 1e-6 of the tensor's largest magnitude).
# Used by tests/oracle/test_random_ops.py (CI, a bounded number of cases) and bench/random_ops_bench.py
# (thousands).
#
# A generator gets a seeded numpy Generator and returns a Case: the model bytes and its input arrays.
# Parameters are drawn across their whole range: shapes, strides, SAME/VALID, dilations, broadcast
# patterns, per-channel / per-tensor weights, scales whose requantization multiplier falls below 2^-31
# or above 1, int8 zero points at -128 and 127, with and without bias, every fused activation.
# A case TFLM itself rejects (it fails to allocate or invoke) is skipped and counted.
import concurrent.futures
import dataclasses
import multiprocessing
import os
import subprocess
import tempfile
import zlib
from pathlib import Path

import numpy as np

from tflite_build import ModelBuilder, fb

OPS = fb.BuiltinOperator
OPT = fb.BuiltinOptions
ACT = fb.ActivationFunctionType
ACTIVATIONS = [ACT.NONE, ACT.RELU, ACT.RELU6, ACT.RELU_N1_TO_1]
ARENA_BYTES = 4 << 20
FLOAT_RTOL = 1e-5
FLOAT_ABS_FLOOR = 1e-6


@dataclasses.dataclass
class Case:
    model: bytes
    inputs: list
    label: str
    # "tflm": the live tflite-micro package is the reference. "tflite": TensorFlow Lite's interpreter
    # (tensorflow-cpu), for the ops and dtypes mcuforge runs beyond TFLM (ORACLE_TFLITE).
    oracle: str = "tflm"


# ---------------------------------------------------------------------------------------------------------
# random quantization


def log_uniform(rng, lo, hi):
    return float(np.exp(rng.uniform(np.log(lo), np.log(hi))))


def act_quant(rng, dtype):
    """(scale, zero_point) of an activation tensor: int16 zero points are 0 (TFLM's 16x8 kernels),
    int8 zero points are often at the ends of the range."""
    scale = log_uniform(rng, 1e-4, 10.0)
    if dtype == "int16":
        return scale, 0
    pick = rng.random()
    zp = -128 if pick < 0.2 else 127 if pick < 0.35 else int(rng.integers(-128, 128))
    return scale, zp


def output_scale_for(rng, product_scale):
    """Output scale so that the requantization multiplier product/out spans 2^-36 .. 2^3: mostly ordinary
    (2^-12 .. 2^-2), sometimes below 2^-31 (TFLM then uses a zero multiplier) or above 1."""
    pick = rng.random()
    if pick < 0.1:
        exp = rng.uniform(-36, -30)
    elif pick < 0.2:
        exp = rng.uniform(0, 3)
    else:
        exp = rng.uniform(-12, -2)
    return float(product_scale / 2.0 ** exp)


def rand_ints(rng, dtype, shape, lo=None, hi=None):
    info = np.iinfo(dtype)
    lo = info.min if lo is None else lo
    hi = info.max if hi is None else hi
    return rng.integers(lo, hi, size=shape, endpoint=True).astype(dtype)


def rand_input(rng, dtype, shape):
    if dtype == "float32":
        return (rng.standard_normal(shape) * log_uniform(rng, 0.1, 10)).astype(np.float32)
    if dtype == "int32":
        return rand_ints(rng, "int32", shape, -1000, 1000)
    data = rand_ints(rng, dtype, shape)
    pick = rng.random()
    if pick < 0.05:
        data[...] = np.iinfo(dtype).min
    elif pick < 0.1:
        data[...] = np.iinfo(dtype).max
    return data


def q_tensor(mb, rng, dtype, shape, quant=None):
    """Activation tensor of `dtype`; quantized types get random (or the given) quantization."""
    if dtype in ("int8", "int16"):
        scale, zp = quant or act_quant(rng, dtype)
        return mb.tensor(shape, dtype, scale=scale, zero_point=zp), (scale, zp)
    return mb.tensor(shape, dtype), None


# ---------------------------------------------------------------------------------------------------------
# conv-like ops


def window_out(size, k, stride, dil, same):
    eff = (k - 1) * dil + 1
    if same:
        return -(-size // stride)
    return (size - eff) // stride + 1


def pick_window(rng, max_k=4):
    """(in, k, stride, dilation, same, out) along one axis with out >= 1."""
    while True:
        k = int(rng.integers(1, max_k + 1))
        stride = int(rng.integers(1, 4))
        dil = int(rng.integers(1, 3)) if rng.random() < 0.3 else 1
        same = bool(rng.random() < 0.5)
        size = int(rng.integers(1, 10))
        out = window_out(size, k, stride, dil, same)
        if out >= 1:
            return size, k, stride, dil, same, out


def weights(rng, shape, dtype):
    if dtype == "float32":
        return (rng.standard_normal(shape) * 0.5).astype(np.float32)
    return rand_ints(rng, "int8", shape, -127, 127)


def weight_quant(rng, channels, per_channel):
    n = channels if per_channel else 1
    return [log_uniform(rng, 1e-3, 1.0) for _ in range(n)]


def add_bias(mb, rng, dtype, channels, in_scale, w_scales, bias_kind):
    """Bias tensor or -1. int8 ops: int32; int16x8: int64 or int32 (bias_kind); float: float32."""
    if bias_kind is None:
        return -1
    if dtype == "float32":
        return mb.tensor([channels], "float32", data=rng.standard_normal(channels).astype(np.float32))
    scales = [in_scale * s for s in (w_scales if len(w_scales) == channels else w_scales * channels)]
    bound = int(rng.choice([100, 10000, 1 << 20]))
    data = rng.integers(-bound, bound, size=channels, endpoint=True)
    return mb.tensor([channels], bias_kind, scale=scales, zero_point=[0] * channels,
                     data=data.astype(bias_kind))


def bias_inputs(rng, inputs, bias):
    """Inputs with the bias; without one, the bias slot is either omitted (-1) or left out."""
    if bias >= 0:
        return inputs + [bias]
    return inputs + [-1] if rng.random() < 0.5 else inputs


def bias_kind_for(rng, dtype):
    if rng.random() < 0.3:
        return None
    if dtype == "float32":
        return "float32"
    if dtype == "int8":
        return "int32"
    return "int64" if rng.random() < 0.7 else "int32"


def gen_conv2d(rng, dtype):
    mb = ModelBuilder()
    ih, kh, sh, dh, same, oh = pick_window(rng)
    iw, kw, sw, dw, _, ow = pick_window(rng)
    # SAME/VALID is one option for both axes: recompute the width with the height's choice.
    ow = window_out(iw, kw, sw, dw, same)
    if ow < 1:
        iw = (kw - 1) * dw + 1
        ow = window_out(iw, kw, sw, dw, same)
    groups = int(rng.integers(1, 3)) if rng.random() < 0.2 else 1
    fc = int(rng.integers(1, 6))
    cout = groups * int(rng.integers(1, 5))
    batch = int(rng.integers(1, 3))
    x, (s_in, _) = q_tensor(mb, rng, dtype, [batch, ih, iw, fc * groups]) if dtype != "float32" else \
        (mb.tensor([batch, ih, iw, fc * groups], "float32"), (1.0, 0))
    per_channel = dtype == "int16" or rng.random() < 0.8
    w_scales = weight_quant(rng, cout, per_channel)
    w = mb.tensor([cout, kh, kw, fc], "int8" if dtype != "float32" else "float32",
                  scale=w_scales if dtype != "float32" else None, zero_point=[0] * len(w_scales),
                  data=weights(rng, [cout, kh, kw, fc], dtype))
    bias_kind = bias_kind_for(rng, dtype)
    b = add_bias(mb, rng, dtype, cout, s_in, w_scales, bias_kind)
    if dtype == "float32":
        y = mb.tensor([batch, oh, ow, cout], "float32")
    else:
        y, _ = q_tensor(mb, rng, dtype, [batch, oh, ow, cout],
                        (output_scale_for(rng, s_in * float(np.median(w_scales))), act_quant(rng, dtype)[1]))
    o = fb.Conv2DOptionsT()
    o.padding = fb.Padding.SAME if same else fb.Padding.VALID
    o.strideH, o.strideW, o.dilationHFactor, o.dilationWFactor = sh, sw, dh, dw
    o.fusedActivationFunction = int(rng.choice(ACTIVATIONS))
    if dtype == "int16" and bias_kind is None and rng.random() < 0.3:
        o.quantizedBiasType = int(rng.choice([fb.TensorType.INT32, fb.TensorType.INT64]))
    mb.op(OPS.CONV_2D, bias_inputs(rng, [x, w], b), [y], OPT.Conv2DOptions, o)
    inputs = [rand_input(rng, dtype, [batch, ih, iw, fc * groups])]
    label = (f"in {[batch, ih, iw, fc * groups]} k {kh}x{kw} s {sh},{sw} d {dh},{dw} "
             f"{'SAME' if same else 'VALID'} groups {groups} cout {cout} bias {bias_kind} "
             f"qbt {o.quantizedBiasType} act {o.fusedActivationFunction}")
    return Case(mb.build([x], [y]), inputs, label)


def gen_depthwise_conv2d(rng, dtype):
    mb = ModelBuilder()
    ih, kh, sh, dh, same, oh = pick_window(rng)
    iw, kw, sw, dw, _, ow = pick_window(rng)
    ow = window_out(iw, kw, sw, dw, same)
    if ow < 1:
        iw = (kw - 1) * dw + 1
        ow = window_out(iw, kw, sw, dw, same)
    cin = int(rng.integers(1, 6))
    mult = int(rng.integers(1, 4)) if rng.random() < 0.4 else 1
    cout = cin * mult
    batch = int(rng.integers(1, 3))
    x, (s_in, _) = q_tensor(mb, rng, dtype, [batch, ih, iw, cin]) if dtype != "float32" else \
        (mb.tensor([batch, ih, iw, cin], "float32"), (1.0, 0))
    per_channel = dtype == "int16" or rng.random() < 0.8
    w_scales = weight_quant(rng, cout, per_channel)
    w = mb.tensor([1, kh, kw, cout], "int8" if dtype != "float32" else "float32",
                  scale=w_scales if dtype != "float32" else None, zero_point=[0] * len(w_scales), axis=3,
                  data=weights(rng, [1, kh, kw, cout], dtype))
    bias_kind = bias_kind_for(rng, dtype)
    if dtype == "int16" and bias_kind == "int32":
        bias_kind = "int64"  # TFLM reads an int16x8 depthwise bias as int64 (mcuforge refuses int32)
    b = add_bias(mb, rng, dtype, cout, s_in, w_scales, bias_kind)
    if dtype == "float32":
        y = mb.tensor([batch, oh, ow, cout], "float32")
    else:
        y, _ = q_tensor(mb, rng, dtype, [batch, oh, ow, cout],
                        (output_scale_for(rng, s_in * float(np.median(w_scales))), act_quant(rng, dtype)[1]))
    o = fb.DepthwiseConv2DOptionsT()
    o.padding = fb.Padding.SAME if same else fb.Padding.VALID
    o.strideH, o.strideW, o.dilationHFactor, o.dilationWFactor = sh, sw, dh, dw
    o.depthMultiplier = mult
    o.fusedActivationFunction = int(rng.choice(ACTIVATIONS))
    # Without a bias the op has two inputs: TFLM's depthwise prepare crashes on an omitted (-1) bias.
    mb.op(OPS.DEPTHWISE_CONV_2D, [x, w] + ([b] if b >= 0 else []), [y], OPT.DepthwiseConv2DOptions, o)
    inputs = [rand_input(rng, dtype, [batch, ih, iw, cin])]
    label = (f"in {[batch, ih, iw, cin]} k {kh}x{kw} s {sh},{sw} d {dh},{dw} {'SAME' if same else 'VALID'} "
             f"mult {mult} bias {bias_kind} act {o.fusedActivationFunction}")
    return Case(mb.build([x], [y]), inputs, label)


def gen_fully_connected(rng, dtype):
    mb = ModelBuilder()
    depth, units = int(rng.integers(1, 40)), int(rng.integers(1, 20))
    keep = bool(rng.random() < 0.4)
    lead = [int(rng.integers(1, 4)), int(rng.integers(1, 4))] if keep or rng.random() < 0.3 else \
        [int(rng.integers(1, 4))]
    in_shape = lead + [depth]
    rows = int(np.prod(lead))
    out_shape = lead + [units] if keep else [rows, units]
    x, (s_in, _) = q_tensor(mb, rng, dtype, in_shape) if dtype != "float32" else \
        (mb.tensor(in_shape, "float32"), (1.0, 0))
    per_channel = rng.random() < 0.3
    w_scales = weight_quant(rng, units, per_channel)
    # int8 per-tensor weights may carry a zero point (TFLM's FC applies it); int16x8 and per-channel
    # weights are symmetric.
    w_zp = int(rng.integers(-127, 128)) if dtype == "int8" and not per_channel and rng.random() < 0.3 else 0
    w = mb.tensor([units, depth], "int8" if dtype != "float32" else "float32",
                  scale=w_scales if dtype != "float32" else None, zero_point=[w_zp] * len(w_scales),
                  data=weights(rng, [units, depth], dtype))
    bias_kind = bias_kind_for(rng, dtype)
    b = add_bias(mb, rng, dtype, units, s_in, w_scales, bias_kind)
    if dtype == "float32":
        y = mb.tensor(out_shape, "float32")
    else:
        y, _ = q_tensor(mb, rng, dtype, out_shape,
                        (output_scale_for(rng, s_in * float(np.median(w_scales))), act_quant(rng, dtype)[1]))
    o = fb.FullyConnectedOptionsT()
    o.fusedActivationFunction = int(rng.choice(ACTIVATIONS))
    o.keepNumDims = keep
    if dtype == "int16" and bias_kind is None and rng.random() < 0.3:
        o.quantizedBiasType = int(rng.choice([fb.TensorType.INT32, fb.TensorType.INT64]))
    mb.op(OPS.FULLY_CONNECTED, bias_inputs(rng, [x, w], b), [y], OPT.FullyConnectedOptions, o)
    inputs = [rand_input(rng, dtype, in_shape)]
    label = (f"in {in_shape} units {units} keep_num_dims {keep} per_channel {per_channel} bias {bias_kind} "
             f"qbt {o.quantizedBiasType} act {o.fusedActivationFunction}")
    return Case(mb.build([x], [y]), inputs, label)


# ---------------------------------------------------------------------------------------------------------
# pooling


def gen_pool(builtin):
    def gen(rng, dtype):
        mb = ModelBuilder()
        ih, kh, sh, _, same, oh = pick_window(rng)
        iw, kw, sw, _, _, ow = pick_window(rng)
        ow = window_out(iw, kw, sw, 1, same)
        if ow < 1:
            iw = kw
            ow = window_out(iw, kw, sw, 1, same)
        oh = window_out(ih, kh, sh, 1, same)
        if oh < 1:
            ih = kh
            oh = window_out(ih, kh, sh, 1, same)
        c, batch = int(rng.integers(1, 6)), int(rng.integers(1, 3))
        x, q = q_tensor(mb, rng, dtype, [batch, ih, iw, c])
        y, _ = q_tensor(mb, rng, dtype, [batch, oh, ow, c], q)
        o = fb.Pool2DOptionsT()
        o.padding = fb.Padding.SAME if same else fb.Padding.VALID
        o.strideH, o.strideW, o.filterHeight, o.filterWidth = sh, sw, kh, kw
        o.fusedActivationFunction = int(rng.choice(ACTIVATIONS))
        mb.op(builtin, [x], [y], OPT.Pool2DOptions, o)
        label = (f"in {[batch, ih, iw, c]} k {kh}x{kw} s {sh},{sw} {'SAME' if same else 'VALID'} "
                 f"act {o.fusedActivationFunction}")
        return Case(mb.build([x], [y]), [rand_input(rng, dtype, [batch, ih, iw, c])], label)
    return gen


# ---------------------------------------------------------------------------------------------------------
# element-wise binary ops with broadcasting


def broadcast_shapes(rng, max_rank=4):
    rank = int(rng.integers(1, max_rank + 1))
    out = [int(rng.integers(1, 5)) for _ in range(rank)]
    shapes = []
    for _ in range(2):
        mode = rng.random()
        if mode < 0.35:
            s = list(out)
        elif mode < 0.5:
            s = [1] if rng.random() < 0.5 else []  # scalar-like
            s = s or [1]
        else:
            s = [d if rng.random() < 0.6 else 1 for d in out]
            drop = int(rng.integers(0, rank))
            s = s[drop:]
        shapes.append(s)
    r = max(len(s) for s in shapes)
    out = [max(a, b) for a, b in zip(*[([1] * (r - len(s)) + s) for s in shapes])]
    return shapes, out


def gen_binary(builtin, options_type, options_cls, with_activation=True, same_quant=False, int16_zp0=True):
    def gen(rng, dtype):
        mb = ModelBuilder()
        (sa, sb), so = broadcast_shapes(rng)
        qa = act_quant(rng, dtype) if dtype in ("int8", "int16") else None
        qb = qa if same_quant else (act_quant(rng, dtype) if dtype in ("int8", "int16") else None)
        if dtype in ("int8", "int16") and not same_quant and rng.random() < 0.15:
            qb = (qa[0] * float(rng.choice([1.0, 2.0 ** -30, 2.0 ** 20])), qb[1])  # extreme scale ratios
        a, _ = q_tensor(mb, rng, dtype, sa, qa)
        b, _ = q_tensor(mb, rng, dtype, sb, qb)
        if same_quant or qa is None:
            qo = qa
        elif builtin == OPS.MUL:
            # Multipliers above 1 only as far as TFLM's (x1*x2) << shift stays in int32: beyond that its
            # result is undefined behaviour (a signed overflow) and mcuforge refuses the model.
            limit = 2.0 if dtype == "int16" else 2.0 ** 14
            qo = (max(output_scale_for(rng, qa[0] * qb[0]), qa[0] * qb[0] / limit * 1.001),
                  act_quant(rng, dtype)[1])
        else:
            qo = (max(qa[0], qb[0]) * log_uniform(rng, 1e-3, 1e3), act_quant(rng, dtype)[1])
        y, _ = q_tensor(mb, rng, dtype, so, qo)
        o = options_cls() if options_cls else None
        if with_activation:
            o.fusedActivationFunction = int(rng.choice(ACTIVATIONS))
        if builtin == OPS.ADD:
            o.potScaleInt16 = bool(rng.random() < 0.5)  # TFLM micro ignores it
        mb.op(builtin, [a, b], [y], options_type, o)
        ins = [rand_input(rng, dtype, sa), rand_input(rng, dtype, sb)]
        if builtin == OPS.DIV and dtype == "int32":
            ins[1][ins[1] == 0] = 1
        label = f"{sa} x {sb} -> {so} q {qa} {qb} -> {qo} act {getattr(o, 'fusedActivationFunction', None)}"
        return Case(mb.build([a, b], [y]), ins, label)
    return gen


# ---------------------------------------------------------------------------------------------------------
# unary activations and quantization


def random_shape(rng, max_rank=4, max_dim=6):
    return [int(rng.integers(1, max_dim + 1)) for _ in range(int(rng.integers(1, max_rank + 1)))]


def gen_unary(builtin, out_quant=None, options_type=None, options_fn=None):
    """out_quant(dtype) -> fixed output quantization, or None for a random one."""
    def gen(rng, dtype):
        mb = ModelBuilder()
        shape = random_shape(rng)
        x, _ = q_tensor(mb, rng, dtype, shape)
        qo = out_quant(dtype) if out_quant else None
        y, _ = q_tensor(mb, rng, dtype, shape, qo)
        o = options_fn(rng) if options_fn else None
        mb.op(builtin, [x], [y], options_type, o)
        return Case(mb.build([x], [y]), [rand_input(rng, dtype, shape)], f"shape {shape}")
    return gen


def gen_softmax(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng)
    in_dtype, out_dtype = {"int8": ("int8", "int8"), "int8_int16": ("int8", "int16"),
                           "int16": ("int16", "int16"), "float32": ("float32", "float32")}[dtype]
    if in_dtype == "int16":
        x, _ = q_tensor(mb, rng, "int16", shape, (log_uniform(rng, 1e-4, 1e-2), 0))
    else:
        x, _ = q_tensor(mb, rng, in_dtype, shape)
    qo = {"int8": (1 / 256, -128), "int16": (1 / 32768, 0)}.get(out_dtype)
    if dtype == "int8_int16":
        qo = (1 / 65536, -32768)
    y, _ = q_tensor(mb, rng, out_dtype, shape, qo)
    o = fb.SoftmaxOptionsT()
    o.beta = float(rng.choice([1.0, log_uniform(rng, 0.05, 4.0)]))
    mb.op(OPS.SOFTMAX, [x], [y], OPT.SoftmaxOptions, o)
    return Case(mb.build([x], [y]), [rand_input(rng, in_dtype, shape)], f"shape {shape} beta {o.beta}")


def gen_quantize(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng)
    src, dst = dtype.split("_to_")
    x, _ = q_tensor(mb, rng, src, shape)
    y, _ = q_tensor(mb, rng, dst, shape)
    mb.op(OPS.QUANTIZE, [x], [y])
    return Case(mb.build([x], [y]), [rand_input(rng, src, shape)], f"shape {shape}")


def gen_dequantize(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng)
    x, q = q_tensor(mb, rng, dtype, shape)
    y = mb.tensor(shape, "float32")
    mb.op(OPS.DEQUANTIZE, [x], [y])
    return Case(mb.build([x], [y]), [rand_input(rng, dtype, shape)], f"shape {shape} q {q}")


# ---------------------------------------------------------------------------------------------------------
# data movement


def gen_concatenation(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng)
    axis = int(rng.integers(0, len(shape)))
    n = int(rng.integers(1, 4))
    q = act_quant(rng, dtype) if dtype in ("int8", "int16") else None
    shapes, ins, ids = [], [], []
    for _ in range(n):
        s = list(shape)
        s[axis] = int(rng.integers(1, 4))
        shapes.append(s)
        t, _ = q_tensor(mb, rng, dtype, s, q)
        ids.append(t)
        ins.append(rand_input(rng, dtype, s))
    out = list(shape)
    out[axis] = sum(s[axis] for s in shapes)
    y, _ = q_tensor(mb, rng, dtype, out, q)
    o = fb.ConcatenationOptionsT()
    o.axis = axis - len(shape) if rng.random() < 0.3 else axis
    mb.op(OPS.CONCATENATION, ids, [y], OPT.ConcatenationOptions, o)
    return Case(mb.build(ids, [y]), ins, f"{shapes} axis {o.axis}")


def gen_pack(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng, max_rank=3)
    n = int(rng.integers(1, 4))
    axis = int(rng.integers(0, len(shape) + 1))
    q = act_quant(rng, dtype) if dtype in ("int8", "int16") else None
    ids = [q_tensor(mb, rng, dtype, shape, q)[0] for _ in range(n)]
    out = shape[:axis] + [n] + shape[axis:]
    y, _ = q_tensor(mb, rng, dtype, out, q)
    o = fb.PackOptionsT()
    o.valuesCount, o.axis = n, axis
    mb.op(OPS.PACK, ids, [y], OPT.PackOptions, o)
    return Case(mb.build(ids, [y]), [rand_input(rng, dtype, shape) for _ in range(n)], f"{shape} x{n} axis {axis}")


def gen_unpack(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng)
    axis = int(rng.integers(0, len(shape)))
    q = act_quant(rng, dtype) if dtype in ("int8", "int16") else None
    x, _ = q_tensor(mb, rng, dtype, shape, q)
    out = shape[:axis] + shape[axis + 1:]
    ys = [q_tensor(mb, rng, dtype, out, q)[0] for _ in range(shape[axis])]
    o = fb.UnpackOptionsT()
    o.num, o.axis = shape[axis], axis
    mb.op(OPS.UNPACK, [x], ys, OPT.UnpackOptions, o)
    return Case(mb.build([x], ys), [rand_input(rng, dtype, shape)], f"{shape} axis {axis}")


def gen_split(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng)
    axis = int(rng.integers(0, len(shape)))
    n = int(rng.integers(1, 4))
    shape[axis] = n * int(rng.integers(1, 3))
    q = act_quant(rng, dtype) if dtype in ("int8", "int16") else None
    a = mb.tensor([], "int32", data=np.array(axis - len(shape) if rng.random() < 0.3 else axis, dtype=np.int32))
    x, _ = q_tensor(mb, rng, dtype, shape, q)
    out = list(shape)
    out[axis] //= n
    ys = [q_tensor(mb, rng, dtype, out, q)[0] for _ in range(n)]
    o = fb.SplitOptionsT()
    o.numSplits = n
    mb.op(OPS.SPLIT, [a, x], ys, OPT.SplitOptions, o)
    return Case(mb.build([x], ys), [rand_input(rng, dtype, shape)], f"{shape} axis {axis} n {n}")


def gen_transpose(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng, max_rank=5)
    perm = rng.permutation(len(shape)).astype(np.int32)
    q = act_quant(rng, dtype) if dtype in ("int8", "int16") else None
    x, _ = q_tensor(mb, rng, dtype, shape, q)
    p = mb.tensor([len(shape)], "int32", data=perm)
    y, _ = q_tensor(mb, rng, dtype, [shape[i] for i in perm], q)
    mb.op(OPS.TRANSPOSE, [x, p], [y], OPT.TransposeOptions, fb.TransposeOptionsT())
    return Case(mb.build([x], [y]), [rand_input(rng, dtype, shape)], f"{shape} perm {perm.tolist()}")


def gen_reshape(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng)
    n = int(np.prod(shape))
    flat = [n] if rng.random() < 0.5 else [1, n]
    q = act_quant(rng, dtype) if dtype in ("int8", "int16") else None
    x, _ = q_tensor(mb, rng, dtype, shape, q)
    s = mb.tensor([len(flat)], "int32", data=np.array(flat, dtype=np.int32))
    y, _ = q_tensor(mb, rng, dtype, flat, q)
    mb.op(OPS.RESHAPE, [x, s], [y])
    return Case(mb.build([x], [y]), [rand_input(rng, dtype, shape)], f"{shape} -> {flat}")


def gen_strided_slice(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng)
    begin, end, strides, out = [], [], [], []
    begin_mask = end_mask = 0
    for i, d in enumerate(shape):
        st = int(rng.choice([1, 1, 2, -1]))
        b = int(rng.integers(-d, d))
        e = int(rng.integers(-d - 1, d + 2))
        if rng.random() < 0.2:
            begin_mask |= 1 << i
        if rng.random() < 0.2:
            end_mask |= 1 << i
        begin.append(b), end.append(e), strides.append(st)
        bb = (0 if st > 0 else d - 1) if begin_mask >> i & 1 else (b + d if b < 0 else b)
        bb = min(max(bb, 0), d - 1) if st < 0 else min(max(bb, 0), d)
        if end_mask >> i & 1:
            ee = d if st > 0 else -1
        else:
            ee = e + d if e < 0 else e
            ee = min(max(ee, 0), d) if st > 0 else min(max(ee, -1), d - 1)
        n = max(0, -(-(ee - bb) // st)) if st > 0 else max(0, -(-(bb - ee) // -st))
        out.append(n)
    if min(out) < 1:
        return None
    q = act_quant(rng, dtype) if dtype in ("int8", "int16") else None
    x, _ = q_tensor(mb, rng, dtype, shape, q)
    tb = mb.tensor([len(shape)], "int32", data=np.array(begin, dtype=np.int32))
    te = mb.tensor([len(shape)], "int32", data=np.array(end, dtype=np.int32))
    ts = mb.tensor([len(shape)], "int32", data=np.array(strides, dtype=np.int32))
    y, _ = q_tensor(mb, rng, dtype, out, q)
    o = fb.StridedSliceOptionsT()
    o.beginMask, o.endMask = begin_mask, end_mask
    mb.op(OPS.STRIDED_SLICE, [x, tb, te, ts], [y], OPT.StridedSliceOptions, o)
    return Case(mb.build([x], [y]), [rand_input(rng, dtype, shape)],
                f"{shape} begin {begin} end {end} strides {strides} masks {begin_mask},{end_mask}")


def gen_cast(rng, dtype):
    src, dst = dtype.split("_to_")
    mb = ModelBuilder()
    shape = random_shape(rng)
    x = mb.tensor(shape, src)
    y = mb.tensor(shape, dst)
    o = fb.CastOptionsT()
    o.inDataType, o.outDataType = fb.TensorType.__dict__[src.upper()], fb.TensorType.__dict__[dst.upper()]
    mb.op(OPS.CAST, [x], [y], OPT.CastOptions, o)
    if src == "float32":  # in range of every destination: C leaves out-of-range conversions undefined
        data = (rng.uniform(-100, 100, size=shape)).astype(np.float32)
        if rng.random() < 0.5:
            data = np.round(data * 2) / 2  # exact halves: truncation, not rounding
            data = data.astype(np.float32)
    else:
        data = rand_input(rng, src, shape) if src != "int32" else rand_ints(rng, "int32", shape)
    return Case(mb.build([x], [y]), [data], f"shape {shape}")


def gen_shape(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng, max_rank=5)
    x, _ = q_tensor(mb, rng, dtype, shape)
    y = mb.tensor([len(shape)], "int32")
    o = fb.ShapeOptionsT()
    o.outType = fb.TensorType.INT32
    mb.op(OPS.SHAPE, [x], [y], OPT.ShapeOptions, o)
    return Case(mb.build([x], [y]), [rand_input(rng, dtype, shape)], f"shape {shape}")


def gen_fill(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng)
    d = mb.tensor([len(shape)], "int32", data=np.array(shape, dtype=np.int32))
    q = act_quant(rng, dtype) if dtype in ("int8", "int16") else None
    v, _ = q_tensor(mb, rng, dtype, [], q)
    y, _ = q_tensor(mb, rng, dtype, shape, q)
    mb.op(OPS.FILL, [d, v], [y], OPT.FillOptions, fb.FillOptionsT())
    return Case(mb.build([v], [y]), [rand_input(rng, dtype, [])], f"shape {shape}")


def gen_svdf(rng, dtype):
    """Integer SVDF: int8 input/output/feature weights, int32 bias, time weights and the variable state
    both int16 (dtype "int8") or both int8 (dtype "int8_state8")."""
    state_dt = "int8" if dtype == "int8_state8" else "int16"
    mb = ModelBuilder()
    batch, in_size = int(rng.integers(1, 3)), int(rng.integers(1, 12))
    rank, units, memory = int(rng.integers(1, 3)), int(rng.integers(1, 6)), int(rng.integers(1, 6))
    filters = rank * units
    s_in, zp_in = act_quant(rng, "int8")
    x = mb.tensor([batch, in_size], "int8", scale=s_in, zero_point=zp_in)
    s_wf, s_wt = log_uniform(rng, 1e-3, 0.1), log_uniform(rng, 1e-3, 0.1)
    wf = mb.tensor([filters, in_size], "int8", scale=s_wf, zero_point=0,
                   data=rand_ints(rng, "int8", [filters, in_size], -127, 127))
    wt = mb.tensor([filters, memory], state_dt, scale=s_wt, zero_point=0,
                   data=rand_ints(rng, state_dt, [filters, memory]))
    s_state = s_in * s_wf * log_uniform(rng, 0.5, 64)
    state_zp = int(rng.integers(-20, 20)) if state_dt == "int8" and rng.random() < 0.3 else 0
    inputs = [x, wf, wt]
    if rng.random() < 0.7:
        inputs.append(mb.tensor([units], "int32", scale=float(np.float32(s_state) * np.float32(s_wt)),
                                zero_point=0, data=rng.integers(-5000, 5000, size=units).astype(np.int32)))
    else:
        inputs.append(-1)
    st = mb.tensor([batch, memory * filters], state_dt, scale=s_state, zero_point=state_zp)
    mb.tensors[st].isVariable = True
    inputs.append(st)
    y = mb.tensor([batch, units], "int8", scale=s_state * s_wt * log_uniform(rng, 0.5, 300),
                  zero_point=act_quant(rng, "int8")[1])
    o = fb.SVDFOptionsT()
    o.rank = rank
    o.fusedActivationFunction = int(rng.choice([ACT.NONE, ACT.RELU]))
    mb.op(OPS.SVDF, inputs, [y], OPT.SVDFOptions, o)
    label = f"batch {batch} input {in_size} rank {rank} units {units} memory {memory} state {state_dt}"
    return Case(mb.build([x], [y]), [rand_input(rng, "int8", [batch, in_size])], label)


def gen_lstm(rng, dtype):
    """UNIDIRECTIONAL_SEQUENCE_LSTM, the standard cell TFLM runs (4 gates, no peephole, projection or
    layer norm): float32, or int8 activations and weights with int32 biases and an int16 cell state
    of power-of-two scale. Hidden and cell state are variable tensors, zero at the start."""
    mb = ModelBuilder()
    batch, steps = int(rng.integers(1, 3)), int(rng.integers(1, 5))
    n_in, n_cell = int(rng.integers(1, 8)), int(rng.integers(1, 8))
    time_major = bool(rng.random() < 0.3)
    in_shape = [steps, batch, n_in] if time_major else [batch, steps, n_in]
    out_shape = [steps, batch, n_cell] if time_major else [batch, steps, n_cell]
    quant = dtype == "int8"
    s_in, zp_in = act_quant(rng, "int8") if quant else (None, None)
    x = mb.tensor(in_shape, dtype, scale=s_in, zero_point=zp_in)
    s_h, zp_h = (log_uniform(rng, 1.0 / 256, 1.0 / 64), int(rng.integers(-20, 20))) if quant else (None, None)
    weights_ids, scales = [], []
    for cols in [n_in] * 4 + [n_cell] * 4:
        sw = log_uniform(rng, 1e-3, 0.05) if quant else None
        data = rand_ints(rng, "int8", [n_cell, cols], -127, 127) if quant else \
            (rng.standard_normal([n_cell, cols]) * 0.5).astype(np.float32)
        weights_ids.append(mb.tensor([n_cell, cols], "int8" if quant else "float32", scale=sw,
                                     zero_point=0 if quant else None, data=data))
        scales.append(sw)
    biases = []
    for g in range(4):
        if quant:
            data = rng.integers(-3000, 3000, size=n_cell).astype(np.int32)
            biases.append(mb.tensor([n_cell], "int32", scale=s_in * scales[g], zero_point=0, data=data))
        else:
            biases.append(mb.tensor([n_cell], "float32", data=rng.standard_normal(n_cell).astype(np.float32)))
    h = mb.tensor([batch, n_cell], dtype, scale=s_h, zero_point=zp_h)
    c = mb.tensor([batch, n_cell], "int16" if quant else "float32",
                  scale=2.0 ** int(rng.integers(-15, -7)) if quant else None, zero_point=0 if quant else None)
    mb.tensors[h].isVariable = True
    mb.tensors[c].isVariable = True
    y = mb.tensor(out_shape, dtype, scale=s_h, zero_point=zp_h)
    inputs = [x] + weights_ids + [-1, -1, -1] + biases + [-1, -1, h, c, -1, -1, -1, -1]
    o = fb.UnidirectionalSequenceLSTMOptionsT()
    o.fusedActivationFunction = ACT.TANH
    o.cellClip = float(rng.choice([0.0, 0.0, 1.5, 8.0]))
    o.timeMajor = time_major
    mb.op(OPS.UNIDIRECTIONAL_SEQUENCE_LSTM, inputs, [y], OPT.UnidirectionalSequenceLSTMOptions, o)
    label = f"in {in_shape} cell {n_cell} time_major {time_major} clip {o.cellClip}"
    return Case(mb.build([x], [y]), [rand_input(rng, dtype, in_shape)], label)


# ---------------------------------------------------------------------------------------------------------
# the table: (op, dtype) -> generator


GENERATORS = {}
for _dt in ("int8", "int16", "float32"):
    GENERATORS[("CONV_2D", _dt)] = gen_conv2d
    GENERATORS[("DEPTHWISE_CONV_2D", _dt)] = gen_depthwise_conv2d
    GENERATORS[("FULLY_CONNECTED", _dt)] = gen_fully_connected
    GENERATORS[("AVERAGE_POOL_2D", _dt)] = gen_pool(OPS.AVERAGE_POOL_2D)
    GENERATORS[("MAX_POOL_2D", _dt)] = gen_pool(OPS.MAX_POOL_2D)
    GENERATORS[("SOFTMAX", _dt)] = gen_softmax
for _dt in ("int8", "int16", "float32", "int32"):
    GENERATORS[("ADD", _dt)] = gen_binary(OPS.ADD, OPT.AddOptions, fb.AddOptionsT)
    GENERATORS[("MUL", _dt)] = gen_binary(OPS.MUL, OPT.MulOptions, fb.MulOptionsT)
    GENERATORS[("MAXIMUM", _dt)] = gen_binary(OPS.MAXIMUM, None, None, with_activation=False, same_quant=True)
    GENERATORS[("MINIMUM", _dt)] = gen_binary(OPS.MINIMUM, None, None, with_activation=False, same_quant=True)
    GENERATORS[("CONCATENATION", _dt)] = gen_concatenation
    GENERATORS[("PACK", _dt)] = gen_pack
    GENERATORS[("UNPACK", _dt)] = gen_unpack
    GENERATORS[("SPLIT", _dt)] = gen_split
    if _dt != "int32":  # TFLM's TRANSPOSE has no int32 kernel, so there is no oracle for it
        GENERATORS[("TRANSPOSE", _dt)] = gen_transpose
    GENERATORS[("RESHAPE", _dt)] = gen_reshape
    GENERATORS[("STRIDED_SLICE", _dt)] = gen_strided_slice
GENERATORS[("SOFTMAX", "int8_int16")] = gen_softmax
for _dt in ("float32", "int32"):
    GENERATORS[("DIV", _dt)] = gen_binary(OPS.DIV, OPT.DivOptions, fb.DivOptionsT)
for _dt in ("int8", "float32"):
    GENERATORS[("LOGISTIC", _dt)] = gen_unary(OPS.LOGISTIC, lambda d: (1 / 256, -128) if d == "int8" else None)
    GENERATORS[("TANH", _dt)] = gen_unary(OPS.TANH, lambda d: (1 / 128, 0) if d == "int8" else None)
    GENERATORS[("HARD_SWISH", _dt)] = gen_unary(OPS.HARD_SWISH)
for _dt in ("float32_to_int8", "float32_to_int16", "int8_to_int8", "int16_to_int16", "int8_to_int16",
            "int16_to_int8"):
    GENERATORS[("QUANTIZE", _dt)] = gen_quantize
for _dt in ("int8", "int16"):
    GENERATORS[("DEQUANTIZE", _dt)] = gen_dequantize
for _src in ("int8", "int16", "int32", "float32"):
    for _dst in ("int8", "int16", "int32", "float32"):
        if _src != _dst:
            GENERATORS[("CAST", f"{_src}_to_{_dst}")] = gen_cast
for _dt in ("int8", "int16", "int32", "float32"):
    GENERATORS[("SHAPE", _dt)] = gen_shape
    if _dt != "int16":  # TFLM's FILL has no int16 kernel
        GENERATORS[("FILL", _dt)] = gen_fill
GENERATORS[("UNIDIRECTIONAL_SEQUENCE_LSTM", "float32")] = gen_lstm
GENERATORS[("UNIDIRECTIONAL_SEQUENCE_LSTM", "int8")] = gen_lstm
GENERATORS[("SVDF", "int8")] = gen_svdf
GENERATORS[("SVDF", "int8_state8")] = gen_svdf

# (op, dtype) pairs TFLM does not run (TILE; EXP in int8): their cases are checked against TensorFlow
# Lite's interpreter instead (make_cases sets Case.oracle).
ORACLE_TFLITE = set()


def _load_family_generators():
    """Op families keep their generators in gen_<family>.py beside this file; each module adds its
    entries to GENERATORS (and ORACLE_TFLITE) when imported."""
    import importlib
    import sys
    here = Path(__file__).resolve().parent
    if str(here) not in sys.path:
        sys.path.insert(0, str(here))
    for path in sorted(here.glob("gen_*.py")):
        importlib.import_module(path.stem)


_load_family_generators()


# ---------------------------------------------------------------------------------------------------------
# running


def tflm_run(runtime, case):
    """TFLM's outputs, or None when TFLM rejects the model (the case is skipped)."""
    try:
        interp = runtime.Interpreter.from_bytes(case.model, arena_size=ARENA_BYTES)
        for i, a in enumerate(case.inputs):
            interp.set_input(a, i)
        interp.invoke()
        n = len(runtime.convert_bytearray_to_object(case.model).subgraphs[0].outputs)
        return [np.ascontiguousarray(interp.get_output(k)).copy() for k in range(n)]
    except Exception:  # noqa: BLE001 - any TFLM failure means "TFLM does not run this case"
        return None


def mcuforge_run(binary, case, workdir):
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    model = workdir / "model.tflite"
    model.write_bytes(case.model)
    cmd = [binary, "run", str(model)]
    for i, a in enumerate(case.inputs):
        f = workdir / f"in_{i}.bin"
        f.write_bytes(np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes())
        cmd += ["--input", str(f)]
    out_dir = workdir / "out"
    cmd += ["--output-dir", str(out_dir)]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        return None, f"mcuforge exit {p.returncode}: {p.stderr.strip()}"
    outs, k = [], 0
    while (out_dir / f"out_{k}.bin").is_file():
        outs.append((out_dir / f"out_{k}.bin").read_bytes())
        k += 1
    return outs, None


def compare(expected, got):
    """None if equal (float32 within FLOAT_RTOL relative), else a description."""
    if len(got) != len(expected):
        return f"{len(got)} outputs, TFLM has {len(expected)}"
    for k, (exp, g) in enumerate(zip(expected, got)):
        exp = exp.reshape(-1)
        if len(g) != exp.nbytes:
            return f"output {k}: {len(g)} bytes, TFLM's has {exp.nbytes}"
        arr = np.frombuffer(g, dtype=exp.dtype.newbyteorder("<")).astype(exp.dtype)
        if exp.dtype.kind == "f":
            # 1e-5 relative to the element, with a floor of 1e-6 of the tensor's largest magnitude: an
            # element that is the small difference of large terms (an LSTM cell near 0) keeps only the
            # absolute accuracy of those terms in any float32 implementation.
            # (finite elements only: a NaN or inf, e.g. LOG(-1) or EXP(100), must not void the floor)
            floor = FLOAT_ABS_FLOOR * float(np.max(np.abs(exp[np.isfinite(exp)]), initial=0.0))
            bad = ~np.isclose(arr, exp, rtol=FLOAT_RTOL, atol=max(floor, 1e-30), equal_nan=True)
        else:
            bad = arr != exp
        idx = np.flatnonzero(bad)
        if idx.size:
            first = ", ".join(f"[{i}] tflm {exp[i]} mcuforge {arr[i]}" for i in idx[:5])
            return f"output {k} differs in {idx.size}/{exp.size} elements; first: {first}"
    return None


# mcuforge refuses these on purpose (exit 2 with this text): TFLM's own result is not defined there or
# mcuforge does not handle that corner yet. Counted as "refused", never as passed; anything else that
# mcuforge refuses fails the test.
KNOWN_REFUSALS = {}


@dataclasses.dataclass
class Result:
    passed: int = 0
    skipped: int = 0   # TFLM rejects the model (or crashes on it: `crashed` of them)
    crashed: int = 0
    refused: int = 0   # mcuforge refuses it for a KNOWN_REFUSALS reason
    failures: list = dataclasses.field(default_factory=list)


def case_seed(seed, op, dtype, n):
    return zlib.crc32(f"{seed}/{op}/{dtype}/{n}".encode())


def make_cases(op, dtype, count, seed):
    gen = GENERATORS[(op, dtype)]
    cases, n = [], 0
    while len(cases) < count and n < count * 4:
        rng = np.random.default_rng(case_seed(seed, op, dtype, n))
        c = gen(rng, dtype)
        if c is not None:
            c.label = f"{op} {dtype} seed {case_seed(seed, op, dtype, n)}: {c.label}"
            if (op, dtype) in ORACLE_TFLITE:
                c.oracle = "tflite"
            cases.append(c)
        n += 1
    return cases


def tflite_run(case):
    """TensorFlow Lite interpreter's outputs (reference kernels, as TFLM's), or None if it rejects the
    model."""
    import tensorflow as tf
    # The reference kernels first; an op version they lack (TILE v3) falls back to the builtin ones.
    for resolver in (tf.lite.experimental.OpResolverType.BUILTIN_REF, tf.lite.experimental.OpResolverType.AUTO):
        try:
            interp = tf.lite.Interpreter(model_content=case.model, experimental_op_resolver_type=resolver)
            interp.allocate_tensors()
            for detail, a in zip(interp.get_input_details(), case.inputs):
                interp.set_tensor(detail["index"], a)
            interp.invoke()
            return [np.ascontiguousarray(interp.get_tensor(d["index"])).copy() for d in interp.get_output_details()]
        except Exception:  # noqa: BLE001 - any failure means "this interpreter does not run this case"
            continue
    return None


def _tflm_worker_run(case):
    """In the TFLM worker process: TFLM's outputs for one case, or None if TFLM rejects it."""
    global _QUIET
    if not _QUIET:  # TFLM prints every rejection to stderr; the counts say it once
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
        _QUIET = True
    if case.oracle == "tflite":
        return tflite_run(case)
    from tflite_micro.python.tflite_micro import runtime
    return tflm_run(runtime, case)


_QUIET = False


class TflmWorker:
    """TFLM runs in a separate process, one case at a time, so that a model TFLM crashes on (the
    depthwise prepare does with an omitted bias) skips that case instead of ending the run, and so
    that TFLM works while the `mcuforge run` processes do."""

    def __init__(self):
        self.pool = None

    def run(self, case):
        for _ in range(2):
            if self.pool is None:
                # spawn: a fresh interpreter, never a fork of this multi-threaded process
                self.pool = concurrent.futures.ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            try:
                return self.pool.submit(_tflm_worker_run, case).result(timeout=120), False
            except concurrent.futures.process.BrokenProcessPool:
                self.pool = None
                return None, True  # TFLM crashed on this case
            except concurrent.futures.TimeoutError:
                self.close()
                return None, True

    def close(self):
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


def run_cases(worker, binary, cases, workers=2, keep_dir=None, op=None):
    """Runs every case in TFLM (`worker`) and mcuforge (subprocesses, `workers` at a time)."""
    res = Result()
    with tempfile.TemporaryDirectory() as tmp, concurrent.futures.ThreadPoolExecutor(workers) as pool:
        futs = [pool.submit(mcuforge_run, binary, c, Path(tmp) / f"c{i}") for i, c in enumerate(cases)]
        for i, case in enumerate(cases):
            expected, crashed = worker.run(case)
            got, err = futs[i].result()
            if expected is None:
                res.skipped += 1
                res.crashed += crashed
                continue
            if err and op in KNOWN_REFUSALS and KNOWN_REFUSALS[op] in err:
                res.refused += 1
                continue
            problem = err or compare(expected, got)
            if problem is None:
                res.passed += 1
                continue
            if keep_dir:
                d = Path(keep_dir)
                d.mkdir(parents=True, exist_ok=True)
                name = f"fail_{zlib.crc32(case.label.encode()):08x}"
                (d / f"{name}.tflite").write_bytes(case.model)
                for k, a in enumerate(case.inputs):
                    (d / f"{name}_in{k}.bin").write_bytes(np.ascontiguousarray(a).tobytes())
            res.failures.append(f"{case.label}\n    {problem}")
    return res


def format_table(results):
    """results: {(op, dtype): Result} -> text table."""
    head = f"{'op':<28} {'dtype':<18} {'passed':>6} {'skipped':>7} {'refused':>7} {'failed':>6}"
    lines = [head + "   (skipped: TFLM rejects the model; refused: KNOWN_REFUSALS)"]
    for (op, dtype), r in sorted(results.items()):
        lines.append(f"{op:<28} {dtype:<18} {r.passed:>6} {r.skipped:>7} {r.refused:>7} {len(r.failures):>6}")
    rs = results.values()
    lines.append(f"{'total':<28} {len(results):<18} {sum(r.passed for r in rs):>6} "
                 f"{sum(r.skipped for r in rs):>7} {sum(r.refused for r in rs):>7} "
                 f"{sum(len(r.failures) for r in rs):>6}")
    return "\n".join(lines)


def default_binary(repo):
    return os.environ.get("MCUFORGE") or str(Path(repo) / "build" / "host-release" / "cli" / "mcuforge")
