# SPDX-License-Identifier: Apache-2.0
# Random single-op cases of the data movement family (PAD, PADV2, MIRROR_PAD, SQUEEZE, EXPAND_DIMS,
# SLICE, SPLIT_V, REVERSE_V2, BROADCAST_TO, BROADCAST_ARGS, TILE) for the differential test
# (random_ops.py loads this file). Ranks 1-5, negative axes, paddings 0..3, int32 and int64 index
# tensors where the kernel reads them. Checked against TFLM, except (ORACLE_TFLITE) TILE, which TFLM
# does not have, and PAD/PADV2 with int64 paddings, which TFLM reads as int32 words (it rejects them):
# those run in TensorFlow Lite's reference interpreter.
import numpy as np

import random_ops as ro
from random_ops import OPS, OPT, Case, act_quant, q_tensor, rand_ints
from tflite_build import ModelBuilder, fb

QUANTIZED = ("int8", "int16")


def move_input(rng, dtype, shape):
    """Random data of any movable type (bool and int64 included)."""
    if dtype == "bool":
        return rng.random(shape) < 0.5
    if dtype == "int64":
        return rand_ints(rng, "int64", shape, -(1 << 40), 1 << 40)
    return ro.rand_input(rng, dtype, shape)


def shape_of(rng, max_rank=5, max_dim=5, min_dim=1):
    return [int(rng.integers(min_dim, max_dim + 1)) for _ in range(int(rng.integers(1, max_rank + 1)))]


def data_pair(mb, rng, dtype, in_shape, out_shape):
    """Input and output tensors of `dtype` with one (random) quantization, as data movers require."""
    q = act_quant(rng, dtype) if dtype in QUANTIZED else None
    x, _ = q_tensor(mb, rng, dtype, in_shape, q)
    y, _ = q_tensor(mb, rng, dtype, out_shape, q)
    return x, y, q


def index_tensor(mb, rng, values, shape=None, index_dtype=None):
    """A constant int32 or int64 (random unless given) tensor."""
    dt = index_dtype or ("int64" if rng.random() < 0.4 else "int32")
    values = np.asarray(values, dtype=dt)
    return mb.tensor(list(values.shape) if shape is None else shape, dt, data=values), dt


def base_dtype(dtype):
    return dtype.split("_")[0]


# ---------------------------------------------------------------------------------------------------------
# PAD, PADV2, MIRROR_PAD


def gen_pad(builtin):
    """PAD / PADV2 with paddings 0..3; dtype "<type>_pads64" uses int64 paddings (TFLite oracle).
    PADV2 (and sometimes PAD) has a third input, the value: a constant or a model input."""
    def gen(rng, dtype):
        dt = base_dtype(dtype)
        pads_dt = "int64" if dtype.endswith("_pads64") else "int32"
        mb = ModelBuilder()
        shape = shape_of(rng)
        pads = rng.integers(0, 4, size=(len(shape), 2))
        pads[rng.random(len(shape)) < 0.3] = 0
        out = [d + int(p[0]) + int(p[1]) for d, p in zip(shape, pads)]
        x, y, q = data_pair(mb, rng, dt, shape, out)
        p, _ = index_tensor(mb, rng, pads, index_dtype=pads_dt)
        inputs, graph_inputs = [x, p], [x]
        feeds = [move_input(rng, dt, shape)]
        label = f"{shape} pads {pads.tolist()} ({pads_dt})"
        if builtin == OPS.PADV2 or rng.random() < 0.15:
            value = move_input(rng, dt, [])
            if rng.random() < 0.3:
                v, _ = q_tensor(mb, rng, dt, [], q)
                graph_inputs.append(v)
                feeds.append(np.asarray(value))
                label += " value input"
            else:
                v = mb.tensor([], dt, scale=q[0] if q else None, zero_point=q[1] if q else None, data=value)
                label += f" value {value}"
            inputs.append(v)
        if builtin == OPS.PADV2:
            mb.op(builtin, inputs, [y], OPT.PadV2Options, fb.PadV2OptionsT())
        else:
            mb.op(builtin, inputs, [y], OPT.PadOptions, fb.PadOptionsT())
        return Case(mb.build(graph_inputs, [y]), feeds, label)
    return gen


def gen_mirror_pad(rng, dtype):
    mb = ModelBuilder()
    reflect = bool(rng.random() < 0.5)
    shape = shape_of(rng, min_dim=1 if not reflect else 2)
    pads = []
    for d in shape:
        limit = min(3, d - 1 if reflect else d)
        pads.append([int(rng.integers(0, limit + 1)), int(rng.integers(0, limit + 1))])
    out = [d + p[0] + p[1] for d, p in zip(shape, pads)]
    x, y, _ = data_pair(mb, rng, dtype, shape, out)
    p, pads_dt = index_tensor(mb, rng, np.array(pads))
    o = fb.MirrorPadOptionsT()
    o.mode = fb.MirrorPadMode.REFLECT if reflect else fb.MirrorPadMode.SYMMETRIC
    mb.op(OPS.MIRROR_PAD, [x, p], [y], OPT.MirrorPadOptions, o)
    return Case(mb.build([x], [y]), [move_input(rng, dtype, shape)],
                f"{shape} pads {pads} ({pads_dt}) {'REFLECT' if reflect else 'SYMMETRIC'}")


def gen_pad_conv(rng, dtype):
    """PAD / PADV2 of height and width in front of a VALID CONV_2D or DEPTHWISE_CONV_2D (dtype
    "<type>_conv"): mcuforge's fold-pad pass puts the padding into the conv when it is zero-point
    padding that SAME spells (mostly the case here), so these cases check the folded convs against TFLM
    running both ops."""
    dt = base_dtype(dtype)
    mb = ModelBuilder()
    h, w, cin = int(rng.integers(2, 10)), int(rng.integers(2, 10)), int(rng.integers(1, 5))
    k, stride = int(rng.integers(1, 4)), int(rng.integers(1, 3))

    def same_pads(n):
        total = max((-(-n // stride) - 1) * stride + k - n, 0)
        return [total // 2, total - total // 2]

    if rng.random() < 0.75:
        ph, pw = same_pads(h), same_pads(w)
    else:
        ph, pw = [int(v) for v in rng.integers(0, 3, 2)], [int(v) for v in rng.integers(0, 3, 2)]
    H, W = h + sum(ph), w + sum(pw)
    if H < k or W < k:
        return None
    oh, ow = (H - k) // stride + 1, (W - k) // stride + 1
    q = act_quant(rng, dt) if dt in QUANTIZED else None
    s_in = q[0] if q else 1.0
    x, _ = q_tensor(mb, rng, dt, [1, h, w, cin], q)
    t, _ = q_tensor(mb, rng, dt, [1, H, W, cin], q)
    pads = np.array([[0, 0], ph, pw, [0, 0]])
    p, pads_dt = index_tensor(mb, rng, pads, index_dtype="int32")  # TFLM reads int64 paddings wrongly
    padv2 = bool(rng.random() < 0.4)
    inputs = [x, p]
    if padv2:  # the zero point (int8) or 0: the padding the conv itself would add
        value = np.asarray(q[1] if dt == "int8" else 0, dtype=dt)
        inputs.append(mb.tensor([], dt, scale=q[0] if q else None, zero_point=q[1] if q else None, data=value))
        mb.op(OPS.PADV2, inputs, [t], OPT.PadV2Options, fb.PadV2OptionsT())
    else:
        mb.op(OPS.PAD, inputs, [t], OPT.PadOptions, fb.PadOptionsT())
    depthwise = bool(rng.random() < 0.4)
    cout = cin if depthwise else int(rng.integers(1, 5))
    w_scales = ro.weight_quant(rng, cout, True)
    wshape = [1, k, k, cout] if depthwise else [cout, k, k, cin]
    wt = mb.tensor(wshape, "int8" if dt != "float32" else "float32", scale=w_scales if dt != "float32" else None,
                   zero_point=[0] * cout, axis=3 if depthwise else 0, data=ro.weights(rng, wshape, dt))
    b = ro.add_bias(mb, rng, dt, cout, s_in, w_scales, {"float32": "float32", "int8": "int32", "int16": "int64"}[dt])
    if dt == "float32":
        y = mb.tensor([1, oh, ow, cout], "float32")
    else:
        y, _ = q_tensor(mb, rng, dt, [1, oh, ow, cout],
                        (ro.output_scale_for(rng, s_in * float(np.median(w_scales))), act_quant(rng, dt)[1]))
    if depthwise:
        o = fb.DepthwiseConv2DOptionsT()
        o.depthMultiplier = 1
        opt_type, builtin = OPT.DepthwiseConv2DOptions, OPS.DEPTHWISE_CONV_2D
    else:
        o = fb.Conv2DOptionsT()
        opt_type, builtin = OPT.Conv2DOptions, OPS.CONV_2D
    o.padding = fb.Padding.VALID
    o.strideH = o.strideW = stride
    o.dilationHFactor = o.dilationWFactor = 1
    mb.op(builtin, [t, wt, b], [y], opt_type, o)
    label = (f"in {[1, h, w, cin]} pads {ph},{pw} ({pads_dt}) {'PADV2' if padv2 else 'PAD'} "
             f"{'DEPTHWISE_CONV_2D' if depthwise else 'CONV_2D'} k {k} stride {stride}")
    return Case(mb.build([x], [y]), [ro.rand_input(rng, dt, [1, h, w, cin])], label)


# ---------------------------------------------------------------------------------------------------------
# SQUEEZE, EXPAND_DIMS


def gen_squeeze(rng, dtype):
    mb = ModelBuilder()
    shape = [1 if rng.random() < 0.4 else int(rng.integers(1, 5)) for _ in range(int(rng.integers(1, 6)))]
    ones = [a for a, d in enumerate(shape) if d == 1]
    dims = []
    if ones and rng.random() < 0.7:
        dims = [a for a in ones if rng.random() < 0.6] or ones[:1]
        dims = [a - len(shape) if rng.random() < 0.4 else a for a in dims]
        squeezed = {a % len(shape) for a in dims}
    else:
        squeezed = set(ones)
    out = [d for a, d in enumerate(shape) if a not in squeezed]
    x, y, _ = data_pair(mb, rng, dtype, shape, out)
    o = fb.SqueezeOptionsT()
    o.squeezeDims = dims
    mb.op(OPS.SQUEEZE, [x], [y], OPT.SqueezeOptions, o)
    return Case(mb.build([x], [y]), [move_input(rng, dtype, shape)], f"{shape} squeeze_dims {dims}")


def gen_expand_dims(rng, dtype):
    mb = ModelBuilder()
    shape = shape_of(rng, max_rank=4)
    axis = int(rng.integers(-len(shape) - 1, len(shape) + 1))
    at = axis if axis >= 0 else axis + len(shape) + 1
    out = shape[:at] + [1] + shape[at:]
    x, y, _ = data_pair(mb, rng, dtype, shape, out)
    # TFLM reads the axis as int32 only.
    a = mb.tensor([] if rng.random() < 0.5 else [1], "int32", data=np.array(axis, dtype=np.int32))
    mb.op(OPS.EXPAND_DIMS, [x, a], [y], OPT.ExpandDimsOptions, fb.ExpandDimsOptionsT())
    return Case(mb.build([x], [y]), [move_input(rng, dtype, shape)], f"{shape} axis {axis}")


# ---------------------------------------------------------------------------------------------------------
# SLICE, SPLIT_V, REVERSE_V2


def gen_slice(rng, dtype):
    mb = ModelBuilder()
    shape = shape_of(rng, max_dim=6)
    begin, size, out = [], [], []
    for d in shape:
        b = int(rng.integers(0, d))
        s = -1 if rng.random() < 0.25 else int(rng.integers(1, d - b + 1))
        begin.append(b)
        size.append(s)
        out.append(d - b if s == -1 else s)
    x, y, _ = data_pair(mb, rng, dtype, shape, out)
    index_dt = "int64" if rng.random() < 0.4 else "int32"
    tb, _ = index_tensor(mb, rng, begin, index_dtype=index_dt)
    ts, _ = index_tensor(mb, rng, size, index_dtype=index_dt)
    mb.op(OPS.SLICE, [x, tb, ts], [y], OPT.SliceOptions, fb.SliceOptionsT())
    return Case(mb.build([x], [y]), [move_input(rng, dtype, shape)], f"{shape} begin {begin} size {size} ({index_dt})")


def gen_split_v(rng, dtype):
    mb = ModelBuilder()
    shape = shape_of(rng, max_dim=4)
    axis = int(rng.integers(0, len(shape)))
    n = int(rng.integers(1, 5))
    # No empty parts: TFLM takes a zero-size output for a dynamic tensor and rejects the model.
    sizes = [int(rng.integers(1, 4)) for _ in range(n)]
    shape[axis] = sum(sizes)
    given = list(sizes)
    if rng.random() < 0.5:
        given[int(rng.integers(0, n))] = -1
    q = act_quant(rng, dtype) if dtype in QUANTIZED else None
    x, _ = q_tensor(mb, rng, dtype, shape, q)
    s, sizes_dt = index_tensor(mb, rng, given)
    axis_value = axis - len(shape) if rng.random() < 0.3 else axis
    a = mb.tensor([] if rng.random() < 0.5 else [1], "int32", data=np.array(axis_value, dtype=np.int32))
    ys = []
    for k in range(n):
        out = list(shape)
        out[axis] = sizes[k]
        ys.append(q_tensor(mb, rng, dtype, out, q)[0])
    o = fb.SplitVOptionsT()
    o.numSplits = n
    mb.op(OPS.SPLIT_V, [x, s, a], ys, OPT.SplitVOptions, o)
    return Case(mb.build([x], ys), [move_input(rng, dtype, shape)],
                f"{shape} size_splits {given} ({sizes_dt}) axis {axis_value}")


def gen_reverse_v2(rng, dtype):
    """TFLM reverses contiguous axis ranges only (int32 axis tensor)."""
    mb = ModelBuilder()
    shape = shape_of(rng)
    lo = int(rng.integers(0, len(shape)))
    hi = int(rng.integers(lo, len(shape)))
    axes = [a - len(shape) if rng.random() < 0.3 else a for a in range(lo, hi + 1)]
    rng.shuffle(axes)
    x, y, _ = data_pair(mb, rng, dtype, shape, shape)
    a = mb.tensor([len(axes)], "int32", data=np.array(axes, dtype=np.int32))
    mb.op(OPS.REVERSE_V2, [x, a], [y], OPT.ReverseV2Options, fb.ReverseV2OptionsT())
    return Case(mb.build([x], [y]), [move_input(rng, dtype, shape)], f"{shape} axes {axes}")


# ---------------------------------------------------------------------------------------------------------
# BROADCAST_TO, TILE, BROADCAST_ARGS


def gen_broadcast_to(rng, dtype):
    mb = ModelBuilder()
    target = shape_of(rng)
    in_rank = int(rng.integers(1, len(target) + 1))
    shape = [1 if rng.random() < 0.5 else d for d in target[len(target) - in_rank:]]
    x, y, _ = data_pair(mb, rng, dtype, shape, target)
    t, shape_dt = index_tensor(mb, rng, target)
    mb.op(OPS.BROADCAST_TO, [x, t], [y])
    return Case(mb.build([x], [y]), [move_input(rng, dtype, shape)], f"{shape} to {target} ({shape_dt})")


def gen_tile(rng, dtype):
    mb = ModelBuilder()
    shape = shape_of(rng, max_dim=4)
    multiples = [int(rng.integers(1, 4)) for _ in shape]
    out = [d * m for d, m in zip(shape, multiples)]
    x, y, _ = data_pair(mb, rng, dtype, shape, out)
    m, m_dt = index_tensor(mb, rng, multiples)
    mb.op(OPS.TILE, [x, m], [y], OPT.TileOptions, fb.TileOptionsT())
    return Case(mb.build([x], [y]), [move_input(rng, dtype, shape)], f"{shape} multiples {multiples} ({m_dt})")


def gen_broadcast_args(rng, dtype):
    """Two runtime shape vectors (model inputs) that broadcast, lengths 0..5."""
    mb = ModelBuilder()
    n1, n2 = int(rng.integers(0, 6)), int(rng.integers(0, 6))
    if n1 == n2 == 0:
        n1 = 1
    n = max(n1, n2)
    dims = [int(rng.integers(1, 7)) for _ in range(n)]
    s1 = [d if rng.random() < 0.6 else 1 for d in dims[n - n1:]]
    s2 = [d if rng.random() < 0.6 else 1 for d in dims[n - n2:]]
    a = mb.tensor([n1], dtype)
    b = mb.tensor([n2], dtype)
    y = mb.tensor([n], dtype)
    mb.op(OPS.BROADCAST_ARGS, [a, b], [y])
    return Case(mb.build([a, b], [y]), [np.array(s1, dtype=dtype), np.array(s2, dtype=dtype)], f"{s1} and {s2}")


# ---------------------------------------------------------------------------------------------------------
# the table


for _dt in ("float32", "int8", "int16", "int32"):
    ro.GENERATORS[("PAD", _dt)] = gen_pad(OPS.PAD)
    ro.GENERATORS[("PADV2", _dt)] = gen_pad(OPS.PADV2)
    ro.GENERATORS[("SQUEEZE", _dt)] = gen_squeeze
    ro.GENERATORS[("SLICE", _dt)] = gen_slice
    ro.GENERATORS[("SPLIT_V", _dt)] = gen_split_v
    ro.GENERATORS[("REVERSE_V2", _dt)] = gen_reverse_v2
    ro.GENERATORS[("BROADCAST_TO", _dt)] = gen_broadcast_to
for _dt in ("float32", "int8"):
    ro.GENERATORS[("MIRROR_PAD", _dt)] = gen_mirror_pad
    for _op, _builtin in (("PAD", OPS.PAD), ("PADV2", OPS.PADV2)):
        ro.GENERATORS[(_op, _dt + "_pads64")] = gen_pad(_builtin)
        ro.ORACLE_TFLITE.add((_op, _dt + "_pads64"))
for _dt in ("float32", "int8", "int16"):  # PAD folded into the conv that reads it (fold-pad)
    ro.GENERATORS[("PAD", _dt + "_conv")] = gen_pad_conv
for _dt in ("float32", "int8", "int16"):  # TFLM's EXPAND_DIMS has no other kernel
    ro.GENERATORS[("EXPAND_DIMS", _dt)] = gen_expand_dims
for _dt in ("bool", "int64"):
    ro.GENERATORS[("REVERSE_V2", _dt)] = gen_reverse_v2
    ro.GENERATORS[("BROADCAST_TO", _dt)] = gen_broadcast_to
ro.GENERATORS[("SLICE", "bool")] = gen_slice
ro.GENERATORS[("SQUEEZE", "bool")] = gen_squeeze
for _dt in ("int32", "int64"):
    ro.GENERATORS[("BROADCAST_ARGS", _dt)] = gen_broadcast_args
# TILE: TensorFlow Lite's interpreter is the oracle (no int16 kernel there: mf_tile moves bytes, its
# int16 form is checked by the unit tests).
for _dt in ("float32", "int8", "int32", "bool"):
    ro.GENERATORS[("TILE", _dt)] = gen_tile
    ro.ORACLE_TFLITE.add(("TILE", _dt))
