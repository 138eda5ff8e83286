# SPDX-License-Identifier: Apache-2.0
"""`mcuforge supported-ops` (= `inspect --ops`): every op of compiler/ops/ops.def with its dtype forms,
kernel variants and TFLM support; the TFLM builtins mcuforge does not run, each with a reason; the
count of TFLM builtins supported. And `export` refusing, by op, a model TFLM cannot run."""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MCUFORGE = os.environ.get("MCUFORGE") or str(ROOT / "build" / "host-release" / "cli" / "mcuforge")


def run(*args):
    return subprocess.run([MCUFORGE, *args], capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def listing():
    if not Path(MCUFORGE).is_file():
        pytest.skip(f"no mcuforge binary at {MCUFORGE}")
    p = run("supported-ops", "--json")
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_every_kernel_op_is_listed_with_dtypes(listing):
    kernel_ops = re.findall(r"^MF_OP\((\w+),", (ROOT / "compiler/ops/ops.def").read_text(), re.M)
    listed = {o["op"]: o for o in listing["ops"]}
    assert sorted(listed) == sorted(kernel_ops)
    for o in listing["ops"]:
        assert o["dtypes"], o["op"]
        assert o["tflm"] in ("yes", "no") or o["tflm"].endswith(" only"), o
        assert o["tflite_code"] >= 0, o


def test_variants_come_from_the_runtime(listing):
    conv = next(o for o in listing["ops"] if o["op"] == "CONV_2D")
    assert {"kernel": "mf_conv2d_s8__cm_dsp", "isa": "cm_dsp"} in conv["variants"]
    for o in listing["ops"]:
        for v in o["variants"]:
            assert (ROOT / "runtime/kernels/arch" / v["isa"] / f"{v['kernel']}.c").is_file(), v


def test_tflm_builtins_are_counted_and_refusals_explained(listing):
    not_run = {u["op"]: u["reason"] for u in listing["tflm_ops_not_supported"]}
    runs_tflm = [o for o in listing["ops"] if o["tflm"] != "no"]
    assert listing["tflm_builtins_supported"] == len(runs_tflm)
    assert listing["tflm_builtins"] == listing["tflm_builtins_supported"] + len(not_run)
    for op in ("IF", "WHILE"):
        if op in not_run:
            assert "control flow" in not_run[op]
    for op in ("VAR_HANDLE", "READ_VARIABLE", "ASSIGN_VARIABLE", "CALL_ONCE"):
        if op in not_run:
            assert "resource variables" in not_run[op]


def test_text_form_and_inspect_ops(listing):
    text = run("supported-ops")
    assert text.returncode == 0 and "CONV_2D" in text.stdout
    assert f"{listing['tflm_builtins_supported']} of the {listing['tflm_builtins']} builtin ops" in text.stdout
    alias = run("inspect", "--ops")
    assert alias.returncode == 0 and alias.stdout == text.stdout
    bare = run("inspect")
    assert bare.returncode == 2 and "needs a model file" in bare.stderr
