# SPDX-License-Identifier: Apache-2.0
"""Every op with a kernel goes the whole way: adding an op touches five places (CONTRIBUTING.md, "Adding
an op"), and this test fails, naming the op and the place, when one of them is missing:

  1. the op list row: compiler/ir/op_list.def (the vocabulary; every TFLite builtin is there already)
     and the kernel binding compiler/ops/ops.def (MF_OP(NAME, stem));
  2. op facts + prepare: a row in compiler/opdefs/op_defs.cc (shape inference, MACs, quantization rules)
     and prepare_<stem> in compiler/ops/<stem>.cc (or its op family's file);
  3. the format row: a TFLite builtin code in op_list.def (the reader and writer then carry its options,
     generically or through its typed struct) and TFLM's resolver method for `export --c-array`;
  4. the kernel: runtime/kernels/mf_*.c named by the op's prepare or the helper it calls;
  5. its test: a random differential case generator against the tflite-micro package
     (tests/oracle/random_ops.py GENERATORS, or an op-family oracle test in tests/oracle/).
"""
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def text(rel):
    return (ROOT / rel).read_text()


def kernel_ops():
    return re.findall(r"^MF_OP\((\w+),\s*(\w+)\)", text("compiler/ops/ops.def"), re.M)


def vocabulary():
    return {name: int(code) for name, code in re.findall(r"^MF_IR_OP\((\w+),\s*(-?\d+)\)", text("compiler/ir/op_list.def"), re.M)}


def oracle_sources():
    return "\n".join(p.read_text() for p in sorted((ROOT / "tests" / "oracle").glob("*.py")))


def prepare_file(stem):
    """The compiler/ops/*.cc file that defines prepare_<stem> (<stem>.cc, or an op family's file)."""
    ops = ROOT / "compiler" / "ops"
    for f in [ops / f"{stem}.cc", *sorted(ops.glob("*.cc"))]:
        if f.exists() and not f.name.endswith("_test.cc") and re.search(rf"\bprepare_{stem}\(const", f.read_text()):
            return f
    return None


def kernel_names_used(prepare):
    """mf_* kernel names in the op's prepare file and the ops/ helpers it includes."""
    ops = ROOT / "compiler" / "ops"
    files = [prepare]
    for inc in re.findall(r'#include "ops/(\w+)\.h"', files[0].read_text()):
        if (ops / f"{inc}.cc").exists():
            files.append(ops / f"{inc}.cc")
    names = set()
    for f in files:
        names |= set(re.findall(r'"(mf_[a-z0-9_]+)"', f.read_text()))
        names |= set(re.findall(r"&(mf_[a-z0-9_]+)\b", f.read_text()))
    return names


KERNEL_OPS = kernel_ops()
# Ops mcuforge runs that TFLM has no kernel for: their random cases are checked against TensorFlow Lite
# (random_ops.ORACLE_TFLITE) and `export --c-array` refuses them, naming the op.
NOT_IN_TFLM = {"TILE"}


def test_the_lists_parse():
    assert len(KERNEL_OPS) >= 28
    assert len(vocabulary()) >= 200


@pytest.mark.parametrize("name,stem", KERNEL_OPS, ids=[n for n, _ in KERNEL_OPS])
def test_op_goes_the_whole_way(name, stem):
    vocab = vocabulary()
    missing = []
    # 1. op list rows
    if name not in vocab:
        missing.append("compiler/ir/op_list.def: no MF_IR_OP row")
    # 2. facts + prepare
    if not re.search(rf"row\(OpType::{name}\b", text("compiler/opdefs/op_defs.cc")):
        missing.append("compiler/opdefs/op_defs.cc: no facts row (shape inference, MACs, quantization)")
    prepare = prepare_file(stem)
    if not prepare:
        missing.append(f"compiler/ops/{stem}.cc: no prepare_{stem}")
    # 3. format rows
    if vocab.get(name, -1) < 0:
        missing.append("compiler/ir/op_list.def: no TFLite builtin code (the reader/writer cannot carry it)")
    if name not in NOT_IN_TFLM and f'{{"{name}", "Add' not in text("compiler/export/tflm_export.cc"):
        missing.append("compiler/export/tflm_export.cc: no TFLM resolver method (export --c-array)")
    # 4. kernel sources
    if prepare:
        kernels = kernel_names_used(prepare)
        sources = {p.stem for p in (ROOT / "runtime" / "kernels").glob("mf_*.c")}
        if not kernels & sources:
            missing.append(f"runtime/kernels/: no kernel source for {sorted(kernels) or 'the op'}")
    # 5. random differential test against the tflite-micro package
    if not re.search(rf"""["']{name}["']""", oracle_sources()):
        missing.append("tests/oracle/: no random differential case generator (random_ops.py GENERATORS)")
    assert not missing, f"{name}: " + "; ".join(missing)


def support_rows():
    """{op: dtypes} of compiler/ops/op_support.def (what `mcuforge supported-ops` lists)."""
    src = re.sub(r'"\s*\n\s*"', "", text("compiler/ops/op_support.def"))  # join continued strings
    return {name: set(dtypes.split()) for name, dtypes in re.findall(r'^MF_OP_SUPPORT\((\w+),\s*"([^"]*)"', src, re.M)}


def oracle_dtypes():
    """{op: dtype forms} the random differential oracle generates (random_ops.py + gen_*.py)."""
    import sys
    sys.path.insert(0, str(ROOT / "tests" / "oracle"))
    try:
        import random_ops
    except ImportError as e:  # numpy / flatbuffers missing: the oracle tests cannot run either
        pytest.skip(f"the oracle's generators need {e.name}")
    out = {}
    for op, dtype in random_ops.GENERATORS:
        out.setdefault(op, set()).add(dtype)
    return out


@pytest.mark.parametrize("name,stem", KERNEL_OPS, ids=[n for n, _ in KERNEL_OPS])
def test_supported_ops_lists_what_the_oracle_checks(name, stem):
    """`mcuforge supported-ops` claims exactly the dtype forms the random oracle checks for each op
    (ops checked by a family oracle test of their own, like the reductions, only need a row)."""
    rows = support_rows()
    assert name in rows, f"{name}: no MF_OP_SUPPORT row in compiler/ops/op_support.def"
    checked = oracle_dtypes().get(name)
    if checked is not None:
        assert rows[name] == checked, (f"{name}: op_support.def lists {sorted(rows[name])}, the random oracle "
                                       f"checks {sorted(checked)}")
