# SPDX-License-Identifier: Apache-2.0
# Random single-op models of the tconv family for the differential oracle (random_ops.py loads this
# file): TRANSPOSE_CONV in float32, int8 and int16x8 (kernel sizes 1-5, strides 1-3, SAME / VALID,
# every output size that maps back onto the input, with and without bias, per-channel and per-tensor
# weight scales, zero points at the extremes, every fused activation) and L2_POOL_2D in float32 (TFLM
# has no integer L2_POOL_2D).
import numpy as np

import random_ops as ro
from random_ops import Case, OPS, OPT, ACTIVATIONS, fb
from tflite_build import ModelBuilder


def transpose_axis(rng, same):
    """(input size, filter, stride, output size) along one axis: the output is any size whose forward
    convolution (filter, stride, SAME/VALID) gives the input size back."""
    k = int(rng.integers(1, 6))
    stride = int(rng.integers(1, 4))
    size = int(rng.integers(1, 7))
    if same:
        lo, hi = (size - 1) * stride + 1, size * stride
    else:
        lo, hi = (size - 1) * stride + k, (size - 1) * stride + k + stride - 1
    return size, k, stride, int(rng.integers(lo, hi + 1))


def tconv_bias_kind(rng, dtype):
    if rng.random() < 0.3:
        return None
    return {"float32": "float32", "int8": "int32", "int16": "int64"}[dtype]


def gen_transpose_conv(rng, dtype):
    mb = ModelBuilder()
    same = bool(rng.random() < 0.5)
    ih, kh, sh, oh = transpose_axis(rng, same)
    iw, kw, sw, ow = transpose_axis(rng, same)
    cin, cout, batch = int(rng.integers(1, 6)), int(rng.integers(1, 6)), int(rng.integers(1, 3))
    in_shape, out_shape = [batch, ih, iw, cin], [batch, oh, ow, cout]
    shape = mb.tensor([4], "int32", data=np.array(out_shape, dtype=np.int32))
    if dtype == "float32":
        x, s_in = mb.tensor(in_shape, "float32"), 1.0
    else:
        x, (s_in, _) = ro.q_tensor(mb, rng, dtype, in_shape)
    per_channel = rng.random() < 0.7
    w_scales = ro.weight_quant(rng, cout, per_channel)
    w = mb.tensor([cout, kh, kw, cin], "int8" if dtype != "float32" else "float32",
                  scale=w_scales if dtype != "float32" else None, zero_point=[0] * len(w_scales),
                  data=ro.weights(rng, [cout, kh, kw, cin], dtype))
    bias_kind = tconv_bias_kind(rng, dtype)
    b = ro.add_bias(mb, rng, dtype, cout, s_in, w_scales, bias_kind)
    if dtype == "float32":
        y = mb.tensor(out_shape, "float32")
    else:
        y, _ = ro.q_tensor(mb, rng, dtype, out_shape,
                           (ro.output_scale_for(rng, s_in * float(np.median(w_scales))), ro.act_quant(rng, dtype)[1]))
    o = fb.TransposeConvOptionsT()
    o.padding = fb.Padding.SAME if same else fb.Padding.VALID
    o.strideH, o.strideW = sh, sw
    o.fusedActivationFunction = int(rng.choice(ACTIVATIONS))
    mb.op(OPS.TRANSPOSE_CONV, ro.bias_inputs(rng, [shape, w, x], b), [y], OPT.TransposeConvOptions, o)
    label = (f"in {in_shape} out {out_shape} k {kh}x{kw} s {sh},{sw} {'SAME' if same else 'VALID'} "
             f"per_channel {per_channel} bias {bias_kind} act {o.fusedActivationFunction}")
    return Case(mb.build([x], [y]), [ro.rand_input(rng, dtype, in_shape)], label)


for _dt in ("float32", "int8", "int16"):
    ro.GENERATORS[("TRANSPOSE_CONV", _dt)] = gen_transpose_conv
ro.GENERATORS[("L2_POOL_2D", "float32")] = ro.gen_pool(OPS.L2_POOL_2D)
