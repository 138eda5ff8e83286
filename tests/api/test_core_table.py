# SPDX-License-Identifier: Apache-2.0
"""The one table of cores (boards/cores/*.yaml): every core parses (the board database embeds and
validates them; `boards` would fail otherwise), every alias resolves to its core, and every command's
--core accepts every id and alias: compile (plus generic), verify (emulated cores; others are refused
as not emulatable, never as unknown), check --measured. The CLI help lists the table."""
import json
import os
import pathlib
import subprocess

import pytest

yaml = pytest.importorskip("yaml")

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = pathlib.Path(os.environ.get("MF_SHARED_DIR", ROOT.parent / "shared"))
MODEL = SHARED / "corpus" / "models" / "tflm_hello_world_int8.tflite"
MCUFORGE = os.environ.get("MCUFORGE", str(ROOT / "build/host-release/cli/mcuforge"))
CORES = {p.stem: yaml.safe_load(p.read_text()) for p in sorted((ROOT / "boards" / "cores").glob("*.yaml"))}
NAMES = [(i, i) for i in CORES] + [(a, i) for i, c in CORES.items() for a in c.get("aliases", [])]


def run(*args, env=None):
    return subprocess.run([MCUFORGE, *args], capture_output=True, text=True, timeout=600, env=env)


def test_the_table_has_every_core_verify_and_the_boards_use():
    assert {"cortex-m0plus", "cortex-m3", "cortex-m4f", "cortex-m7", "cortex-m33f", "cortex-m55", "rv32imc",
            "xtensa-lx6", "xtensa-lx7"} <= set(CORES)
    aliases = {a: i for a, i in NAMES if a != i}
    assert aliases["cortex-m4"] == "cortex-m4f" and aliases["cortex-m33"] == "cortex-m33f"
    assert aliases["cortex-m0+"] == "cortex-m0plus"
    assert len({a for a, _ in NAMES}) == len(NAMES), "a name is used twice"
    for b in json.loads(run("boards", "--json").stdout)["boards"]:
        assert b["core"] in CORES
        assert b["core_facts"]["isa"] == sorted(CORES[b["core"]]["isa"])
        assert b["core_facts"]["dsp"] == ("arm-dsp" in CORES[b["core"]]["isa"])


def test_help_lists_the_table():
    for cmd in ("compile", "verify"):
        h = run(cmd, "--help").stdout
        for i, c in CORES.items():
            if cmd == "compile" or "emulation" in c:
                assert i in h, (cmd, i)


@pytest.mark.parametrize("name,core_id", NAMES)
def test_compile_accepts_every_name(name, core_id, tmp_path):
    r = run("compile", str(MODEL), "-o", str(tmp_path), "--core", name, "--json")
    assert r.returncode == 0, r.stderr
    kernels = json.loads(r.stdout)["kernels"]
    assert any("__cm_dsp" in k for k in kernels) == ("arm-dsp" in CORES[core_id]["isa"]), kernels


def test_compile_generic_and_unknown(tmp_path):
    assert run("compile", str(MODEL), "-o", str(tmp_path), "--core", "generic").returncode == 0
    r = run("compile", str(MODEL), "-o", str(tmp_path), "--core", "cortex-m99")
    assert r.returncode == 2 and "unknown core 'cortex-m99'" in r.stderr and "cortex-m4f" in r.stderr


@pytest.mark.parametrize("name,core_id", NAMES)
def test_verify_accepts_every_name(name, core_id):
    # Without tools on PATH verify stops right after resolving the core: an accepted name asks for the
    # cross compiler; a core QEMU cannot run is refused as such.
    env = dict(os.environ, PATH="/nonexistent")
    r = run("verify", str(MODEL), "--core", name, env=env)
    assert r.returncode == 2 and "unknown core" not in r.stderr
    if "emulation" in CORES[core_id]:
        assert "not found" in r.stderr and "apt-get install" in r.stderr, r.stderr
    else:
        assert "cannot be emulated" in r.stderr, r.stderr


@pytest.mark.parametrize("name,core_id", NAMES)
def test_check_measured_accepts_every_name(name, core_id, tmp_path):
    f = tmp_path / "m.json"
    f.write_text(json.dumps({"core": name, "instructions": 1000}))
    fast = dict(os.environ, MCUFORGE_NO_CROSS="1")  # estimated code size: this test is about the name
    r = run("check", str(MODEL), "--board", "nucleo-f446re", "--measured", str(f), "--json", env=fast)
    assert r.returncode == 0, r.stderr
    assert f"measured instructions on {core_id} " in json.loads(r.stdout)["latency"]["assumption"]
