# SPDX-License-Identifier: Apache-2.0
# Random single-op models of the resize family for the differential oracle (random_ops.py loads this
# file): RESIZE_NEAREST_NEIGHBOR and RESIZE_BILINEAR (up- and downsampling, integer and non-integer
# factors, align_corners / half_pixel_centers in every combination TFLM runs, constant size tensor,
# int8 zero points at the extremes) and BATCH_MATMUL (adj_x / adj_y, broadcast batch dimensions, ranks
# 2 to 5, constant or activation RHS, int8 zero points at the extremes on both sides). TFLM has no
# int16 RESIZE_BILINEAR: those cases are checked against TensorFlow Lite's reference interpreter.
import numpy as np

import random_ops as ro
from random_ops import Case, OPS, OPT, fb, q_tensor, rand_input, act_quant
from tflite_build import ModelBuilder

RESIZE_DTYPES = ("float32", "int8", "int16")


def _resize_size(rng, n):
    """An output size for an input size n: up- or downsampling by integer or non-integer factors."""
    pick = rng.random()
    if pick < 0.3:
        return n * int(rng.integers(2, 4))  # integer upsampling
    if pick < 0.45 and n >= 2:
        return max(1, n // int(rng.integers(2, 4)))  # integer downsampling
    return int(rng.integers(1, 13))  # anything, usually a non-integer ratio


def gen_resize(builtin):
    bilinear = builtin == OPS.RESIZE_BILINEAR

    def gen(rng, dtype):
        mb = ModelBuilder()
        n, h, w, c = int(rng.integers(1, 3)), int(rng.integers(1, 9)), int(rng.integers(1, 9)), int(rng.integers(1, 6))
        oh, ow = _resize_size(rng, h), _resize_size(rng, w)
        align = bool(rng.random() < 0.35)
        half = bool(rng.random() < 0.4)
        if bilinear and align and half:  # TFLM refuses the pair (mcuforge too: see the prepare test)
            half = False
        q = act_quant(rng, dtype) if dtype in ("int8", "int16") else None
        x, _ = q_tensor(mb, rng, dtype, [n, h, w, c], q)
        s = mb.tensor([2], "int32", data=np.array([oh, ow], dtype=np.int32))
        y, _ = q_tensor(mb, rng, dtype, [n, oh, ow, c], q)
        if bilinear:
            o = fb.ResizeBilinearOptionsT()
            opt_type = OPT.ResizeBilinearOptions
        else:
            o = fb.ResizeNearestNeighborOptionsT()
            opt_type = OPT.ResizeNearestNeighborOptions
        o.alignCorners, o.halfPixelCenters = align, half
        mb.op(builtin, [x, s], [y], opt_type, o)
        label = f"[{n},{h},{w},{c}] -> [{oh},{ow}] align_corners={align} half_pixel_centers={half}"
        return Case(mb.build([x], [y]), [rand_input(rng, dtype, [n, h, w, c])], label)

    return gen


for _dt in RESIZE_DTYPES:
    ro.GENERATORS[("RESIZE_NEAREST_NEIGHBOR", _dt)] = gen_resize(OPS.RESIZE_NEAREST_NEIGHBOR)
    ro.GENERATORS[("RESIZE_BILINEAR", _dt)] = gen_resize(OPS.RESIZE_BILINEAR)
ro.ORACLE_TFLITE.add(("RESIZE_BILINEAR", "int16"))  # TFLM's bilinear runs float32 and int8 only


def _bmm_shapes(rng):
    """(lhs, rhs, out) stored shapes and the flags: ranks 2..5, broadcast batch dims, adj_x / adj_y."""
    rows, depth, cols = (int(rng.integers(1, 7)) for _ in range(3))
    out_rank = int(rng.integers(2, 6))
    batch = [int(rng.integers(1, 4)) for _ in range(out_rank - 2)]
    lhs_rank = int(rng.integers(2, out_rank + 1))
    rhs_rank = out_rank if lhs_rank < out_rank else int(rng.integers(2, out_rank + 1))

    def operand_batch(rank):
        dims = batch[len(batch) - (rank - 2):] if rank > 2 else []
        return [d if rng.random() < 0.6 else 1 for d in dims]

    lb, rb = operand_batch(lhs_rank), operand_batch(rhs_rank)
    out_batch = []
    for k in range(out_rank - 2):
        i = k - (out_rank - 2 - len(lb))
        j = k - (out_rank - 2 - len(rb))
        dl = lb[i] if i >= 0 else 1
        dr = rb[j] if j >= 0 else 1
        out_batch.append(dr if dl == 1 else dl)
    adj_x, adj_y = bool(rng.random() < 0.5), bool(rng.random() < 0.5)
    lhs = lb + ([depth, rows] if adj_x else [rows, depth])
    rhs = rb + ([cols, depth] if adj_y else [depth, cols])
    return lhs, rhs, out_batch + [rows, cols], adj_x, adj_y, depth


def gen_batch_matmul(rng, dtype):
    mb = ModelBuilder()
    lhs_shape, rhs_shape, out_shape, adj_x, adj_y, depth = _bmm_shapes(rng)
    const_rhs = bool(rng.random() < 0.4)
    if dtype == "float32":
        x = mb.tensor(lhs_shape, "float32")
        rhs_data = rand_input(rng, dtype, rhs_shape)
        y = mb.tensor(rhs_shape, "float32", data=rhs_data if const_rhs else None)
        z = mb.tensor(out_shape, "float32")
    else:
        qx = act_quant(rng, dtype)
        qy = act_quant(rng, dtype)
        x, _ = q_tensor(mb, rng, dtype, lhs_shape, qx)
        rhs_data = rand_input(rng, dtype, rhs_shape)
        y = mb.tensor(rhs_shape, dtype, scale=qy[0], zero_point=qy[1], data=rhs_data if const_rhs else None)
        product = qx[0] * qy[0] * max(1.0, depth ** 0.5)
        z, _ = q_tensor(mb, rng, dtype, out_shape, (ro.output_scale_for(rng, product), act_quant(rng, dtype)[1]))
    o = fb.BatchMatMulOptionsT()
    o.adjX, o.adjY = adj_x, adj_y
    mb.op(OPS.BATCH_MATMUL, [x, y], [z], OPT.BatchMatMulOptions, o)
    inputs = [rand_input(rng, dtype, lhs_shape)]
    graph_inputs = [x]
    if not const_rhs:
        inputs.append(rhs_data)
        graph_inputs.append(y)
    label = f"{lhs_shape} x {rhs_shape} -> {out_shape} adj_x={adj_x} adj_y={adj_y} const_rhs={const_rhs}"
    return Case(mb.build(graph_inputs, [z]), inputs, label)


for _dt in RESIZE_DTYPES:
    ro.GENERATORS[("BATCH_MATMUL", _dt)] = gen_batch_matmul
