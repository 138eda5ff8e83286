# SPDX-License-Identifier: Apache-2.0
"""`verify --json` names the core by its board database id, so `check --measured` accepts it for every
board whose core it is: one verify per distinct emulatable core (on the board of that core), then
check --measured for every board of the core. Boards whose core QEMU cannot run (Xtensa) are refused
by verify with a clear message."""
import json
import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = pathlib.Path(os.environ.get("MF_SHARED_DIR", ROOT.parent / "shared"))
MODEL = SHARED / "corpus" / "models" / "tflm_hello_world_int8.tflite"
MCUFORGE = os.environ.get("MCUFORGE", str(ROOT / "build/host-release/cli/mcuforge"))
TOOLS = {"qemu-system-arm": "arm-none-eabi-gcc", "qemu-system-riscv32": "riscv64-unknown-elf-gcc"}


def run(*args):
    return subprocess.run([MCUFORGE, *args], capture_output=True, text=True, timeout=900)


def boards_by_core():
    by_core = {}
    for b in json.loads(run("boards", "--json").stdout)["boards"]:
        by_core.setdefault(b["core"], []).append(b["id"])
    return by_core


def emulation(core):
    """The QEMU binary of a core (boards/cores/<core>.yaml), or None."""
    import yaml
    doc = yaml.safe_load(open(ROOT / "boards" / "cores" / f"{core}.yaml"))
    return doc.get("emulation", {}).get("qemu")


@pytest.mark.parametrize("core", sorted(boards_by_core()))
def test_verify_output_is_accepted_by_check_for_every_board_of_the_core(core, tmp_path):
    pytest.importorskip("yaml")
    if not MODEL.exists():
        pytest.skip(f"{MODEL} not present")
    boards = boards_by_core()[core]
    qemu = emulation(core)
    if qemu is None:
        r = run("verify", str(MODEL), "--board", boards[0], "--json")
        assert r.returncode == 2
        assert f"core '{core}'" in r.stderr and "cannot be emulated" in r.stderr and "hint:" in r.stderr
        return
    if not shutil.which(qemu) or not shutil.which(TOOLS[qemu]):
        pytest.skip(f"{qemu} or its cross compiler is not installed")
    r = run("verify", str(MODEL), "--board", boards[0], "--json")
    assert r.returncode == 0, r.stderr
    j = json.loads(r.stdout)
    assert j["core"] == core and j["bit_exact"]
    measured = tmp_path / "verify.json"
    measured.write_text(r.stdout)
    for b in boards:
        c = run("check", str(MODEL), "--board", b, "--measured", str(measured), "--json")
        assert c.returncode in (0, 1), (b, c.stderr)
        lat = json.loads(c.stdout)["latency"]
        assert lat["measured"] and str(j["instructions"]) in lat["assumption"], (b, lat)


def test_measured_core_alias_is_the_database_id(tmp_path):
    f = tmp_path / "m.json"
    f.write_text(json.dumps({"core": "cortex-m4", "instructions": 12345}))
    c = run("check", str(MODEL), "--board", "nucleo-f446re", "--measured", str(f), "--json")
    assert c.returncode == 0, c.stderr
    assert "12345 measured instructions on cortex-m4f" in json.loads(c.stdout)["latency"]["assumption"]
    f.write_text(json.dumps({"core": "cortex-a53", "instructions": 1}))
    c = run("check", str(MODEL), "--board", "nucleo-f446re", "--measured", str(f))
    assert c.returncode == 2 and "unknown core 'cortex-a53'" in c.stderr and "cortex-m4f" in c.stderr
