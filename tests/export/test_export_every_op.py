# SPDX-License-Identifier: Apache-2.0
"""`export --c-array` for one random model of every op and dtype of the random oracle
(tests/oracle/random_ops.py GENERATORS): the op resolver registers the op, the arena figure is exact
(export/tflm_arena.cc models the op's persistent data), and its head (tensor buffers and the scratch
buffers ops request in Prepare, which do not depend on the pointer size) equals what the tflite-micro
package allocates for the same model. Ops TFLM does not run (ORACLE_TFLITE) must be refused by export
with the reason."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("tflite_micro")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "oracle"))
import random_ops as ro  # noqa: E402

MCUFORGE = os.environ.get("MCUFORGE") or str(ROOT / "build" / "host-release" / "cli" / "mcuforge")
# Runs in a fresh process: each model's allocation report (TFLM prints it to fd 2) goes to <model>.alloc.
PROBE = r'''
import ctypes, os, sys
from tflite_micro.python.tflite_micro import runtime
libc = ctypes.CDLL(None)
for path in sys.argv[1:]:
    fd = os.open(path + ".alloc", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    saved = os.dup(2)
    os.dup2(fd, 2)
    try:
        interp = runtime.Interpreter.from_bytes(open(path, "rb").read(), arena_size=4 << 20)
        interp.print_allocations()
    except Exception:
        pass
    finally:
        libc.fflush(None)  # TFLM prints through C stdio: flush into this model's file
        os.dup2(saved, 2)
        os.close(fd)
        os.close(saved)
'''


def first_case(op, dtype):
    for n in range(20):
        case = ro.GENERATORS[(op, dtype)](np.random.default_rng(5000 + n), dtype)
        if case is not None:
            return case
    return None


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    d = tmp_path_factory.mktemp("every_op")
    paths = {}
    for op, dtype in sorted(ro.GENERATORS):
        case = first_case(op, dtype)
        if case is None:
            continue
        p = d / f"{op}_{dtype}.tflite"
        p.write_bytes(case.model)
        paths[(op, dtype)] = p
    tflm = [str(p) for key, p in paths.items() if key not in ro.ORACLE_TFLITE]
    subprocess.run([sys.executable, "-c", PROBE, *tflm], capture_output=True, timeout=600)
    return paths


def tflm_head(model):
    alloc = Path(str(model) + ".alloc")
    text = alloc.read_text(errors="replace") if alloc.exists() else ""
    m = re.search(r"Arena allocation head (\d+) bytes", text)
    return int(m.group(1)) if m else None


def test_every_op_exports_with_an_exact_arena(models):
    problems, checked = [], 0
    for (op, dtype), model in sorted(models.items()):
        r = subprocess.run([MCUFORGE, "export", str(model), "--c-array", "-o", str(model.with_suffix(".cc")),
                            "--json"], capture_output=True, text=True, timeout=60)
        if (op, dtype) in ro.ORACLE_TFLITE:
            if r.returncode != 2 or "TensorFlow Lite Micro cannot run this model" not in r.stderr:
                problems.append(f"{op} {dtype}: TFLM cannot run it but export did not say so: {r.stderr.strip()}")
            continue
        if r.returncode != 0:
            problems.append(f"{op} {dtype}: export failed: {r.stderr.strip()}")
            continue
        j = json.loads(r.stdout)
        # The "<type>_conv" cases of PAD build PAD or PADV2 in front of a conv, and fold-pad may fold
        # it into the conv: the conv's registration stands for it then.
        names = {op}
        if op == "PAD" and dtype.endswith("_conv"):
            names |= {"PADV2", "CONV_2D", "DEPTHWISE_CONV_2D"}
        if not any(e["op"] in names and e["call"] for e in j["resolver"]):
            problems.append(f"{op} {dtype}: no resolver call for the op")
        if not j["arena_exact"]:
            problems.append(f"{op} {dtype}: arena not exact")
        head = tflm_head(model)
        if head is None:
            continue  # TFLM rejects this particular model (the oracle skips such cases too)
        checked += 1
        if j["arena_head_bytes"] != head:
            problems.append(f"{op} {dtype}: arena head {j['arena_head_bytes']} bytes, TFLM allocates {head}")
    assert not problems, "\n".join(problems)
    assert checked >= len(models) // 2, f"TFLM allocated only {checked} of {len(models)} models"
