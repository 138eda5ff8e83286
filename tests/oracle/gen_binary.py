# SPDX-License-Identifier: Apache-2.0
# Random single-op models for the binary family (compiler/ops/binary.cc, comparison.cc, logical.cc):
# SUB, SQUARED_DIFFERENCE, FLOOR_DIV, FLOOR_MOD, ADD_N, the six comparisons, LOGICAL_AND / OR and
# SELECT_V2. Loaded by random_ops.py, which adds the entries below to its GENERATORS table.
# Parameters span their range: broadcast patterns (random_ops.broadcast_shapes), scales whose
# rescaling factors go from tiny to the largest TFLM accepts, int8 zero points at -128 / 127, every
# fused activation, equal values for the comparisons, values at the ends of the type range.
import numpy as np

import random_ops as ro
from random_ops import ACTIVATIONS, OPS, OPT, Case, act_quant, log_uniform, q_tensor, rand_input
from tflite_build import ModelBuilder, fb


def _shapes(rng):
    """Two broadcastable input shapes and the output shape; now and then rank 5 or 6 (TFLM's SUB
    broadcasts up to 6 dimensions, other kernels only 4: it rejects the rest, which is a skip)."""
    return ro.broadcast_shapes(rng, max_rank=6 if rng.random() < 0.1 else 4)


def _int32_values(rng, shape):
    if rng.random() < 0.2:  # the whole range: SUB and SQUARED_DIFFERENCE wrap as TFLM's int32 does
        return ro.rand_ints(rng, "int32", shape)
    return rand_input(rng, "int32", shape)


def _values(rng, dtype, shape):
    return _int32_values(rng, shape) if dtype == "int32" else rand_input(rng, dtype, shape)


def _second_quant(rng, dtype, qa):
    """Quantization of input 2: independent, or the first's scale times an extreme ratio."""
    qb = act_quant(rng, dtype)
    if rng.random() < 0.15:
        qb = (qa[0] * float(rng.choice([1.0, 2.0 ** -30, 2.0 ** -12, 2.0 ** 12, 2.0 ** 20])), qb[1])
    return qb


# ---------------------------------------------------------------------------------------------------------
# SUB, SQUARED_DIFFERENCE, FLOOR_DIV, FLOOR_MOD


def gen_sub(rng, dtype):
    mb = ModelBuilder()
    (sa, sb), so = _shapes(rng)
    quant = dtype in ("int8", "int16")
    qa = act_quant(rng, dtype) if quant else None
    qb = _second_quant(rng, dtype, qa) if quant else None
    qo = None
    if quant:
        # TFLM needs 2 * max(s1, s2) / (2^L * s_out) < 1; the ratio spans 2^-40 .. almost 1.
        headroom = 2.0 ** (20 if dtype == "int8" else 15)
        smax = max(qa[0], qb[0])
        qo = (2 * smax / headroom * 2.0 ** rng.uniform(0.01, 40), act_quant(rng, dtype)[1])
    a, _ = q_tensor(mb, rng, dtype, sa, qa)
    b, _ = q_tensor(mb, rng, dtype, sb, qb)
    y, _ = q_tensor(mb, rng, dtype, so, qo)
    o = fb.SubOptionsT()
    o.fusedActivationFunction = int(rng.choice(ACTIVATIONS))
    o.potScaleInt16 = bool(rng.random() < 0.5)  # TFLM's micro SUB ignores it
    mb.op(OPS.SUB, [a, b], [y], OPT.SubOptions, o)
    ins = [_values(rng, dtype, sa), _values(rng, dtype, sb)]
    label = f"{sa} - {sb} -> {so} q {qa} {qb} -> {qo} act {o.fusedActivationFunction}"
    return Case(mb.build([a, b], [y]), ins, label)


def gen_squared_difference(rng, dtype):
    mb = ModelBuilder()
    (sa, sb), so = _shapes(rng)
    quant = dtype in ("int8", "int16")
    qa = act_quant(rng, dtype) if quant else None
    qb = _second_quant(rng, dtype, qa) if quant else None
    qo = None
    if quant:
        # Output factor (2 max(s1, s2))^2 / (2^2L s_out): from 2^-36 up to the largest shift that
        # cannot overflow (below 2 for int8, below 1 for int16).
        smax = max(qa[0], qb[0])
        top = 0.99 if dtype == "int8" else -0.01
        exp = rng.uniform(-36, top) if rng.random() < 0.2 else rng.uniform(-14, top)
        qo = ((2 * smax) ** 2 / 2.0 ** (14 if dtype == "int8" else 0) / 2.0 ** exp, act_quant(rng, dtype)[1])
    a, _ = q_tensor(mb, rng, dtype, sa, qa)
    b, _ = q_tensor(mb, rng, dtype, sb, qb)
    y, _ = q_tensor(mb, rng, dtype, so, qo)
    mb.op(OPS.SQUARED_DIFFERENCE, [a, b], [y], OPT.SquaredDifferenceOptions, fb.SquaredDifferenceOptionsT())
    ins = [_values(rng, dtype, sa), _values(rng, dtype, sb)]
    label = f"({sa} - {sb})^2 -> {so} q {qa} {qb} -> {qo}"
    return Case(mb.build([a, b], [y]), ins, label)


def _divisors(rng, dtype, shape):
    """Non-zero divisors (TFLM fails the invoke on 0): both signs, small and large, integral or not."""
    if dtype == "int32":
        d = ro.rand_ints(rng, "int32", shape, -50, 50)
        d[d == 0] = 1
        d[d == -1] = -2  # INT32_MIN % -1 traps in TFLite
        return d
    d = rand_input(rng, "float32", shape)
    if rng.random() < 0.3:
        d = np.round(d) + np.sign(d)  # integral divisors: exact quotients and zero remainders
    d[d == 0] = 1.0
    return d.astype(np.float32)


def _dividends(rng, dtype, shape, divisor_shape):
    if dtype == "int32":
        return rand_input(rng, "int32", shape)
    x = rand_input(rng, "float32", shape)
    if rng.random() < 0.3:
        x = np.round(x * 4).astype(np.float32)
    return x


def gen_floor(builtin, options_type, options_cls):
    def gen(rng, dtype):
        mb = ModelBuilder()
        (sa, sb), so = _shapes(rng)
        a = mb.tensor(sa, dtype)
        b = mb.tensor(sb, dtype)
        y = mb.tensor(so, dtype)
        mb.op(builtin, [a, b], [y], options_type, options_cls())
        ins = [_dividends(rng, dtype, sa, sb), _divisors(rng, dtype, sb)]
        return Case(mb.build([a, b], [y]), ins, f"{sa} / {sb} -> {so}")
    return gen


for _dt in ("float32", "int32", "int8", "int16"):
    ro.GENERATORS[("SUB", _dt)] = gen_sub
    ro.GENERATORS[("SQUARED_DIFFERENCE", _dt)] = gen_squared_difference
ro.GENERATORS[("FLOOR_DIV", "float32")] = gen_floor(OPS.FLOOR_DIV, OPT.FloorDivOptions, fb.FloorDivOptionsT)
ro.GENERATORS[("FLOOR_MOD", "float32")] = gen_floor(OPS.FLOOR_MOD, OPT.FloorModOptions, fb.FloorModOptionsT)


# ---------------------------------------------------------------------------------------------------------
# ADD_N


def gen_add_n(rng, dtype):
    mb = ModelBuilder()
    shape = ro.random_shape(rng)
    n = int(rng.integers(2, 6))
    q = act_quant(rng, dtype) if dtype == "int8" else None
    ins = [q_tensor(mb, rng, dtype, shape, q)[0] for _ in range(n)]
    qo = None
    if q:
        # TFLM needs 2 s_in / (2^20 s_out) < 1: output factors from 2^-40 up to almost 1.
        qo = (2 * q[0] / 2.0 ** 20 * 2.0 ** rng.uniform(0.01, 40), act_quant(rng, dtype)[1])
    y, _ = q_tensor(mb, rng, dtype, shape, qo)
    mb.op(OPS.ADD_N, ins, [y], OPT.AddNOptions, fb.AddNOptionsT())
    return Case(mb.build(ins, [y]), [rand_input(rng, dtype, shape) for _ in range(n)],
                f"{n} x {shape} q {q} -> {qo}")


ro.GENERATORS[("ADD_N", "float32")] = gen_add_n
ro.GENERATORS[("ADD_N", "int8")] = gen_add_n


# ---------------------------------------------------------------------------------------------------------
# comparisons, logical ops, SELECT_V2

COMPARISONS = {
    "EQUAL": (OPS.EQUAL, OPT.EqualOptions, fb.EqualOptionsT),
    "NOT_EQUAL": (OPS.NOT_EQUAL, OPT.NotEqualOptions, fb.NotEqualOptionsT),
    "GREATER": (OPS.GREATER, OPT.GreaterOptions, fb.GreaterOptionsT),
    "GREATER_EQUAL": (OPS.GREATER_EQUAL, OPT.GreaterEqualOptions, fb.GreaterEqualOptionsT),
    "LESS": (OPS.LESS, OPT.LessOptions, fb.LessOptionsT),
    "LESS_EQUAL": (OPS.LESS_EQUAL, OPT.LessEqualOptions, fb.LessEqualOptionsT),
}


def _bools(rng, shape):
    return rng.random(shape) < rng.uniform(0.2, 0.8)


def _compare_values(rng, dtype, sa, sb):
    """Two inputs of which many elements are equal (ties are where comparisons differ)."""
    if dtype == "bool":
        return [_bools(rng, sa), _bools(rng, sb)]
    if dtype == "int64":
        vals = [rng.integers(-2 ** 62, 2 ** 62, size=s).astype(np.int64) if rng.random() < 0.3
                else rng.integers(-5, 5, size=s).astype(np.int64) for s in (sa, sb)]
    elif dtype == "int32":
        vals = [_int32_values(rng, s) if rng.random() < 0.5 else ro.rand_ints(rng, "int32", s, -5, 5)
                for s in (sa, sb)]
    elif dtype == "float32":
        vals = [rand_input(rng, dtype, s) if rng.random() < 0.5 else
                rng.integers(-3, 3, size=s).astype(np.float32) for s in (sa, sb)]
    else:
        vals = [rand_input(rng, dtype, s) if rng.random() < 0.5 else
                ro.rand_ints(rng, dtype, s, -3, 3) for s in (sa, sb)]
    if rng.random() < 0.3 and np.prod(sb) > 0:  # input 2 copies input 1 where they overlap
        vals[1] = np.broadcast_to(vals[0].reshape(-1)[:1], sb).copy() if np.prod(sa) else vals[1]
    return vals


def gen_compare(name):
    builtin, options_type, options_cls = COMPARISONS[name]

    def gen(rng, dtype):
        mb = ModelBuilder()
        (sa, sb), so = ro.broadcast_shapes(rng)
        qa = qb = None
        if dtype == "int8":
            # TFLM turns each scale into a multiplier below 1; same or different quantizations.
            qa = (log_uniform(rng, 1e-6, 0.99), int(rng.choice([-128, 127, 0, int(rng.integers(-128, 128))])))
            qb = qa if rng.random() < 0.4 else (log_uniform(rng, 1e-6, 0.99), qa[1] if rng.random() < 0.5 else 0)
        a = mb.tensor(sa, dtype, scale=qa[0] if qa else None, zero_point=qa[1] if qa else None)
        b = mb.tensor(sb, dtype, scale=qb[0] if qb else None, zero_point=qb[1] if qb else None)
        y = mb.tensor(so, "bool")
        mb.op(builtin, [a, b], [y], options_type, options_cls())
        return Case(mb.build([a, b], [y]), _compare_values(rng, dtype, sa, sb), f"{sa} vs {sb} -> {so} q {qa} {qb}")
    return gen


for _name in COMPARISONS:
    for _dt in ("float32", "int32", "int64", "int8"):
        ro.GENERATORS[(_name, _dt)] = gen_compare(_name)
for _name in ("EQUAL", "NOT_EQUAL"):
    ro.GENERATORS[(_name, "bool")] = gen_compare(_name)


def gen_logical(builtin, options_type, options_cls):
    def gen(rng, dtype):
        mb = ModelBuilder()
        (sa, sb), so = ro.broadcast_shapes(rng)
        a, b, y = mb.tensor(sa, "bool"), mb.tensor(sb, "bool"), mb.tensor(so, "bool")
        mb.op(builtin, [a, b], [y], options_type, options_cls())
        return Case(mb.build([a, b], [y]), [_bools(rng, sa), _bools(rng, sb)], f"{sa} with {sb} -> {so}")
    return gen


ro.GENERATORS[("LOGICAL_AND", "bool")] = gen_logical(OPS.LOGICAL_AND, OPT.LogicalAndOptions, fb.LogicalAndOptionsT)
ro.GENERATORS[("LOGICAL_OR", "bool")] = gen_logical(OPS.LOGICAL_OR, OPT.LogicalOrOptions, fb.LogicalOrOptionsT)


def gen_select_v2(rng, dtype):
    mb = ModelBuilder()
    rank = int(rng.integers(1, 5))
    out = [int(rng.integers(1, 5)) for _ in range(rank)]
    shapes = []
    for _ in range(3):  # condition, x, y: each the output's shape, a broadcast form of it, or a scalar
        mode = rng.random()
        if mode < 0.4:
            s = list(out)
        elif mode < 0.55:
            s = [] if rng.random() < 0.5 else [1]
        else:
            s = [d if rng.random() < 0.5 else 1 for d in out][int(rng.integers(0, rank)):]
        shapes.append(s)
    r = max(len(s) for s in shapes)
    so = [max(ds) for ds in zip(*[[1] * (r - len(s)) + s for s in shapes])] if r else []
    q = act_quant(rng, dtype) if dtype in ("int8", "int16") else None
    c = mb.tensor(shapes[0], "bool")
    x, _ = q_tensor(mb, rng, dtype, shapes[1], q)
    y, _ = q_tensor(mb, rng, dtype, shapes[2], q)
    o, _ = q_tensor(mb, rng, dtype, so, q)
    mb.op(OPS.SELECT_V2, [c, x, y], [o], OPT.SelectV2Options, fb.SelectV2OptionsT())
    ins = [_bools(rng, shapes[0]), _values(rng, dtype, shapes[1]), _values(rng, dtype, shapes[2])]
    return Case(mb.build([c, x, y], [o]), ins, f"{shapes[0]} ? {shapes[1]} : {shapes[2]} -> {so}")


for _dt in ("float32", "int8", "int16", "int32"):
    ro.GENERATORS[("SELECT_V2", _dt)] = gen_select_v2
ro.ORACLE_TFLITE.add(("SELECT_V2", "int32"))  # TFLM's SELECT_V2 has no int32 kernel

# TFLM's FLOOR_DIV / FLOOR_MOD run float32 only; mcuforge's int32 forms are checked against TFLite.
for _name, _builtin, _opt, _cls in (("FLOOR_DIV", OPS.FLOOR_DIV, OPT.FloorDivOptions, fb.FloorDivOptionsT),
                                    ("FLOOR_MOD", OPS.FLOOR_MOD, OPT.FloorModOptions, fb.FloorModOptionsT)):
    ro.GENERATORS[(_name, "int32")] = gen_floor(_builtin, _opt, _cls)
    ro.ORACLE_TFLITE.add((_name, "int32"))
