# SPDX-License-Identifier: Apache-2.0
# Random single-op models of the index family (compiler/ops/index.cc, space_rearrange.cc): ARG_MAX,
# ARG_MIN, GATHER, GATHER_ND, EMBEDDING_LOOKUP, CUMSUM, DEPTH_TO_SPACE, SPACE_TO_DEPTH, BATCH_TO_SPACE_ND,
# SPACE_TO_BATCH_ND. random_ops.py loads this module and runs its entries of GENERATORS against the
# tflite-micro package; the pairs in ORACLE_TFLITE (dtypes TFLM has no kernel for: int64 indices and
# outputs, int16 / int32 values) against TensorFlow Lite's reference interpreter.
# Shapes have random ranks; axes are drawn negative as often as positive; indices repeat and are
# sometimes constants, sometimes model inputs.
import numpy as np

import random_ops as ro
from random_ops import OPS, OPT, Case, q_tensor, rand_input, random_shape
from tflite_build import ModelBuilder, fb

TFLITE_TYPE = {"int32": fb.TensorType.INT32, "int64": fb.TensorType.INT64}


def _quant(rng, dtype):
    return ro.act_quant(rng, dtype) if dtype in ("int8", "int16") else None


def _values(rng, dtype, shape):
    """Random values; small integer ranges so that ARG_MAX / ARG_MIN see ties."""
    if dtype != "float32" and rng.random() < 0.4:
        return rng.integers(-3, 4, size=shape).astype(dtype)
    data = rand_input(rng, dtype, shape)
    if dtype == "float32" and rng.random() < 0.3:
        data = np.round(data).astype(np.float32)  # ties
    return data


def _split_dtype(dtype):
    """'int8' -> ('int8', 'int32'); 'int8_i64' -> ('int8', 'int64')."""
    if dtype.endswith("_i64"):
        return dtype[:-4], "int64"
    return dtype, "int32"


# ---------------------------------------------------------------------------------------------------------
# ARG_MAX / ARG_MIN: dtype "<input>" (int32 output) or "<input>_i64" (int64 output)


def gen_arg_min_max(builtin):
    def gen(rng, dtype):
        in_dt, out_dt = _split_dtype(dtype)
        mb = ModelBuilder()
        shape = random_shape(rng, max_rank=5)
        rank = len(shape)
        axis = int(rng.integers(-rank, rank))
        x, _ = q_tensor(mb, rng, in_dt, shape)
        axis_shape = [1] if rng.random() < 0.7 else []
        a = mb.tensor(axis_shape, "int32", data=np.array(axis, dtype=np.int32).reshape(axis_shape))
        out_shape = shape[:axis % rank] + shape[axis % rank + 1:]
        y = mb.tensor(out_shape, out_dt)
        if builtin == OPS.ARG_MAX:
            o, t = fb.ArgMaxOptionsT(), OPT.ArgMaxOptions
        else:
            o, t = fb.ArgMinOptionsT(), OPT.ArgMinOptions
        o.outputType = TFLITE_TYPE[out_dt]
        mb.op(builtin, [x, a], [y], t, o)
        return Case(mb.build([x], [y]), [_values(rng, in_dt, shape)], f"{shape} axis {axis} -> {out_dt}")
    return gen


# ---------------------------------------------------------------------------------------------------------
# GATHER: dtype "<params>" (int32 indices) or "<params>_i64"


def _indices(rng, shape, limit, idx_dt):
    return rng.integers(0, limit, size=shape).astype(idx_dt)


def gen_gather(rng, dtype):
    p_dt, idx_dt = _split_dtype(dtype)
    mb = ModelBuilder()
    shape = random_shape(rng, max_rank=4, max_dim=5)
    rank = len(shape)
    axis = int(rng.integers(0, rank))
    batch_dims = int(rng.integers(0, axis + 1)) if rng.random() < 0.4 else 0
    idx_shape = shape[:batch_dims] + [int(rng.integers(1, 5)) for _ in range(int(rng.integers(0, 3)))]
    if not idx_shape and rng.random() < 0.5:
        idx_shape = [int(rng.integers(1, 6))]
    q = _quant(rng, p_dt)
    x, _ = q_tensor(mb, rng, p_dt, shape, q)
    idx_data = _indices(rng, idx_shape, shape[axis], idx_dt)
    const_idx = rng.random() < 0.4
    i = mb.tensor(idx_shape, idx_dt, data=idx_data if const_idx else None)
    out_shape = shape[:axis] + idx_shape[batch_dims:] + shape[axis + 1:]
    y, _ = q_tensor(mb, rng, p_dt, out_shape, q)
    o = fb.GatherOptionsT()
    o.axis = axis - rank if rng.random() < 0.4 else axis
    negative = batch_dims < len(idx_shape) and rng.random() < 0.3  # -rank(indices) .. -1 count from the end
    o.batchDims = batch_dims - len(idx_shape) if negative else batch_dims
    mb.op(OPS.GATHER, [x, i], [y], OPT.GatherOptions, o)
    ins = [_values(rng, p_dt, shape)] + ([] if const_idx else [idx_data])
    return Case(mb.build([x] if const_idx else [x, i], [y]), ins,
                f"{shape} idx {idx_shape} axis {o.axis} batch_dims {o.batchDims} const {const_idx}")


def gen_gather_nd(rng, dtype):
    p_dt, idx_dt = _split_dtype(dtype)
    mb = ModelBuilder()
    shape = random_shape(rng, max_rank=4, max_dim=5)
    depth = int(rng.integers(1, len(shape) + 1))
    lead = [int(rng.integers(1, 4)) for _ in range(int(rng.integers(0, 3)))]
    idx_shape = lead + [depth]
    idx_data = np.stack([rng.integers(0, shape[j], size=lead) for j in range(depth)], axis=-1).astype(idx_dt)
    q = _quant(rng, p_dt)
    x, _ = q_tensor(mb, rng, p_dt, shape, q)
    const_idx = rng.random() < 0.4
    i = mb.tensor(idx_shape, idx_dt, data=idx_data if const_idx else None)
    y, _ = q_tensor(mb, rng, p_dt, lead + shape[depth:], q)
    mb.op(OPS.GATHER_ND, [x, i], [y], OPT.GatherNdOptions, fb.GatherNdOptionsT())
    ins = [_values(rng, p_dt, shape)] + ([] if const_idx else [idx_data])
    return Case(mb.build([x] if const_idx else [x, i], [y]), ins, f"{shape} idx {idx_shape} const {const_idx}")


# ---------------------------------------------------------------------------------------------------------
# EMBEDDING_LOOKUP: "float32", "int8" (int8 rows copied), "int8_f32" (int8 rows dequantized to float32)


def gen_embedding_lookup(rng, dtype):
    mb = ModelBuilder()
    rows = int(rng.integers(1, 8))
    value_shape = [rows] + random_shape(rng, max_rank=3, max_dim=5)
    n = int(rng.integers(1, 8))
    lookup = rng.integers(0, rows, size=[n]).astype(np.int32)
    const_lookup = rng.random() < 0.3
    lk = mb.tensor([n], "int32", data=lookup if const_lookup else None)
    out_shape = [n] + value_shape[1:]
    mb_dtype = np.float32 if dtype == "float32" else np.int8
    if dtype == "float32":
        v = mb.tensor(value_shape, "float32", data=_values(rng, "float32", value_shape))
        y = mb.tensor(out_shape, "float32")
    elif dtype == "int8":
        q = ro.act_quant(rng, "int8")
        v = mb.tensor(value_shape, "int8", scale=q[0], zero_point=q[1], data=_values(rng, "int8", value_shape))
        y = mb.tensor(out_shape, "int8", scale=q[0], zero_point=q[1])
    else:
        v = mb.tensor(value_shape, "int8", scale=ro.log_uniform(rng, 1e-3, 1.0), zero_point=0,
                      data=_values(rng, "int8", value_shape))
        y = mb.tensor(out_shape, "float32")
    mb.op(OPS.EMBEDDING_LOOKUP, [lk, v], [y])
    if const_lookup:  # the table is the model's input then (a model needs one)
        table = np.frombuffer(mb.buffers[mb.tensors[v].buffer].data.tobytes(), dtype=mb_dtype).reshape(value_shape)
        mb.tensors[v].buffer = 0
        return Case(mb.build([v], [y]), [table.copy()], f"value {value_shape} lookups {n} const lookup, table input")
    return Case(mb.build([lk], [y]), [lookup], f"value {value_shape} lookups {n}")


# ---------------------------------------------------------------------------------------------------------
# CUMSUM: float32, int8 (TFLM), int32 (TensorFlow Lite)


def gen_cumsum(rng, dtype):
    mb = ModelBuilder()
    shape = random_shape(rng, max_rank=4, max_dim=6)
    rank = len(shape)
    axis = int(rng.integers(-rank, rank))
    x, q = q_tensor(mb, rng, dtype, shape)
    a = mb.tensor([], "int32", data=np.array(axis, dtype=np.int32))
    qo = None
    if dtype == "int8":
        qo = (q[0] * ro.log_uniform(rng, 0.25, 20.0), ro.act_quant(rng, "int8")[1])
    y, _ = q_tensor(mb, rng, dtype, shape, qo)
    o = fb.CumsumOptionsT()
    o.exclusive, o.reverse = bool(rng.random() < 0.5), bool(rng.random() < 0.5)
    mb.op(OPS.CUMSUM, [x, a], [y], OPT.CumsumOptions, o)
    return Case(mb.build([x], [y]), [rand_input(rng, dtype, shape)],
                f"{shape} axis {axis} exclusive {o.exclusive} reverse {o.reverse} q {q} -> {qo}")


# ---------------------------------------------------------------------------------------------------------
# space rearrangement


def gen_depth_to_space(rng, dtype):
    mb = ModelBuilder()
    bs = int(rng.integers(1, 4))
    n, h, w, c = (int(rng.integers(1, 3)), int(rng.integers(1, 5)), int(rng.integers(1, 5)),
                  int(rng.integers(1, 4)) * bs * bs)
    q = _quant(rng, dtype)
    x, _ = q_tensor(mb, rng, dtype, [n, h, w, c], q)
    y, _ = q_tensor(mb, rng, dtype, [n, h * bs, w * bs, c // (bs * bs)], q)
    o = fb.DepthToSpaceOptionsT()
    o.blockSize = bs
    mb.op(OPS.DEPTH_TO_SPACE, [x], [y], OPT.DepthToSpaceOptions, o)
    return Case(mb.build([x], [y]), [rand_input(rng, dtype, [n, h, w, c])], f"{[n, h, w, c]} block {bs}")


def gen_space_to_depth(rng, dtype):
    mb = ModelBuilder()
    bs = int(rng.integers(1, 4))
    n, h, w, c = (int(rng.integers(1, 3)), int(rng.integers(1, 4)) * bs, int(rng.integers(1, 4)) * bs,
                  int(rng.integers(1, 5)))
    q = _quant(rng, dtype)
    x, _ = q_tensor(mb, rng, dtype, [n, h, w, c], q)
    y, _ = q_tensor(mb, rng, dtype, [n, h // bs, w // bs, c * bs * bs], q)
    o = fb.SpaceToDepthOptionsT()
    o.blockSize = bs
    mb.op(OPS.SPACE_TO_DEPTH, [x], [y], OPT.SpaceToDepthOptions, o)
    return Case(mb.build([x], [y]), [rand_input(rng, dtype, [n, h, w, c])], f"{[n, h, w, c]} block {bs}")


def gen_space_to_batch_nd(rng, dtype):
    mb = ModelBuilder()
    nhc = rng.random() < 0.3
    spatial = 1 if nhc else 2
    block = [int(rng.integers(1, 4)) for _ in range(spatial)]
    n, c = int(rng.integers(1, 3)), int(rng.integers(1, 4))
    sizes, pads = [], []
    for b in block:
        size = int(rng.integers(1, 7))
        before = int(rng.integers(0, 3))
        total = size + before
        after = (-total) % b + b * int(rng.integers(0, 2))
        sizes.append(size)
        pads.append([before, after])
    in_shape = [n] + sizes + [c]
    out_shape = [n * int(np.prod(block))] + [(s + p[0] + p[1]) // b for s, p, b in zip(sizes, pads, block)] + [c]
    q = _quant(rng, dtype)
    x, _ = q_tensor(mb, rng, dtype, in_shape, q)
    bt = mb.tensor([spatial], "int32", data=np.array(block, dtype=np.int32))
    pt = mb.tensor([spatial, 2], "int32", data=np.array(pads, dtype=np.int32))
    y, _ = q_tensor(mb, rng, dtype, out_shape, q)
    mb.op(OPS.SPACE_TO_BATCH_ND, [x, bt, pt], [y], OPT.SpaceToBatchNDOptions, fb.SpaceToBatchNDOptionsT())
    c = Case(mb.build([x], [y]), [rand_input(rng, dtype, in_shape)], f"{in_shape} block {block} pads {pads} q {q}")
    if any(v for p in pads for v in p):
        # TFLM (pinned) pads with an offset it never initializes (stale arena bytes, 0 when fresh):
        # padded cases are checked against TensorFlow Lite, which pads with the zero point.
        c.oracle = "tflite"
        c.label += " (padded: TFLite oracle)"
    return c


def gen_batch_to_space_nd(rng, dtype):
    mb = ModelBuilder()
    nhc = rng.random() < 0.3
    spatial = 1 if nhc else 2
    block = [int(rng.integers(1, 4)) for _ in range(spatial)]
    n, c = int(rng.integers(1, 3)), int(rng.integers(1, 4))
    sizes, crops, out_sizes = [], [], []
    for b in block:
        size = int(rng.integers(1, 5))
        full = size * b
        before = int(rng.integers(0, min(full - 1, 2) + 1)) if full > 1 else 0
        after = int(rng.integers(0, min(full - 1 - before, 2) + 1)) if full - 1 - before > 0 else 0
        sizes.append(size)
        crops.append([before, after])
        out_sizes.append(full - before - after)
    in_shape = [n * int(np.prod(block))] + sizes + [c]
    out_shape = [n] + out_sizes + [c]
    q = _quant(rng, dtype)
    x, _ = q_tensor(mb, rng, dtype, in_shape, q)
    bt = mb.tensor([spatial], "int32", data=np.array(block, dtype=np.int32))
    ct = mb.tensor([spatial, 2], "int32", data=np.array(crops, dtype=np.int32))
    y, _ = q_tensor(mb, rng, dtype, out_shape, q)
    mb.op(OPS.BATCH_TO_SPACE_ND, [x, bt, ct], [y], OPT.BatchToSpaceNDOptions, fb.BatchToSpaceNDOptionsT())
    return Case(mb.build([x], [y]), [rand_input(rng, dtype, in_shape)], f"{in_shape} block {block} crops {crops}")


# ---------------------------------------------------------------------------------------------------------
# the table


def _add(op, dtypes, gen, tflite=()):
    for dt in dtypes:
        ro.GENERATORS[(op, dt)] = gen
    for dt in tflite:
        ro.GENERATORS[(op, dt)] = gen
        ro.ORACLE_TFLITE.add((op, dt))


_add("ARG_MAX", ("float32", "int8"), gen_arg_min_max(OPS.ARG_MAX), ("int32", "float32_i64", "int8_i64"))
_add("ARG_MIN", ("float32", "int8"), gen_arg_min_max(OPS.ARG_MIN), ("int32", "float32_i64", "int8_i64"))
_add("GATHER", ("float32", "int8"), gen_gather, ("int16", "int32", "float32_i64", "int8_i64"))
_add("GATHER_ND", ("float32", "int8"), gen_gather_nd, ("int16", "int32", "int8_i64"))
_add("EMBEDDING_LOOKUP", ("float32", "int8", "int8_f32"), gen_embedding_lookup)
_add("CUMSUM", ("float32", "int8"), gen_cumsum, ("int32",))
_add("DEPTH_TO_SPACE", ("float32", "int8"), gen_depth_to_space, ("int32",))  # TFLite has no int16 form
_add("SPACE_TO_DEPTH", ("float32", "int8"), gen_space_to_depth, ("int32",))
_add("SPACE_TO_BATCH_ND", ("float32", "int8"), gen_space_to_batch_nd, ("int16", "int32"))
_add("BATCH_TO_SPACE_ND", ("float32", "int8"), gen_batch_to_space_nd, ("int16", "int32"))
