# SPDX-License-Identifier: Apache-2.0
"""The pass debugging switches through the real binary: `mcuforge --print-after PASS|all <command>` prints
the graph after that pass to stderr (one line per op) without changing what the command prints or
writes; an unknown pass is bad input (exit 2, one message, a hint naming the passes); `--list-passes`
and `--help` name the passes.

Run by ctest (passes_cli) with MCUFORGE and MF_SHARED_DIR in the environment.
"""
import json
import os
import pathlib
import re
import subprocess

import pytest

MCUFORGE = os.environ.get("MCUFORGE", "build/host-release/cli/mcuforge")
CORPUS = pathlib.Path(os.environ.get("MF_SHARED_DIR", pathlib.Path(__file__).parents[3] / "shared")) / "corpus" / "models"
PASSES = ["dequantize-weights", "fold-constants", "remove-dead-ops", "lower-for-target", "pack-matmul-rhs",
          "compact-tensors", "fold-pad"]
OP_LINE = re.compile(r"^op (\d+) \S+: .* -> .*$")


def run(*args, check=True):
    r = subprocess.run([MCUFORGE, *[str(a) for a in args]], capture_output=True, text=True, timeout=300)
    if check:
        assert r.returncode == 0, f"exit code {r.returncode}\n{r.stderr}"
    return r


def corpus(name):
    p = CORPUS / f"{name}.tflite"
    if not p.exists():
        pytest.skip(f"corpus model {name} not found")
    return p


def dumps(stderr):
    """{pass name: [lines of the graph printed after it]} in the order printed."""
    out, current = [], None
    for line in stderr.splitlines():
        m = re.match(r"^\*\*\* graph after pass '([a-z-]+)' \(changes: (\d+)\) \*\*\*$", line)
        if m:
            current = (m.group(1), int(m.group(2)), [])
            out.append(current)
        else:
            assert current is not None, f"unexpected stderr line before a dump: {line!r}"
            current[2].append(line)
    return out


def test_print_after_one_pass_prints_one_line_per_op():
    model = corpus("armex_basic_lstm_s_int8")
    plain = run("inspect", model, "--json")
    assert plain.stderr == ""
    r = run("--print-after", "fold-constants", "inspect", model, "--json")
    assert r.stdout == plain.stdout  # the command's own output is unchanged
    printed = dumps(r.stderr)
    assert [(p, c > 0) for p, c, _ in printed] == [("fold-constants", True)]
    lines = printed[0][2]
    assert re.match(r"^graph: \d+ tensors, \d+ ops; inputs t\d+.*; outputs t\d+", lines[0]), lines[0]
    ops = lines[1:]
    assert len(ops) == len(json.loads(plain.stdout)["ops"])
    for k, line in enumerate(ops):
        m = OP_LINE.match(line)
        assert m and int(m.group(1)) == k, line
    # operands: index, name, shape, dtype, kind
    assert re.search(r"t\d+ '[^']*' \[[0-9, ]*\] int8 activation", r.stderr)
    assert " constant" in r.stderr


def test_print_after_all_and_option_after_the_command(tmp_path):
    model = corpus("tflm_micro_speech_int8")
    r = run("compile", model, "-o", tmp_path / "out", "--core", "cortex-m4", "--json", "--print-after", "all")
    printed = dumps(r.stderr)
    assert [p for p, _, _ in printed] == ["dequantize-weights", "fold-constants", "fold-pad", "remove-dead-ops",
                                          "lower-for-target", "pack-matmul-rhs"]
    lowered = printed[4][1]
    assert lowered == json.loads(r.stdout)["lowered_ops"] == 1
    # micro_speech's one-channel depthwise conv becomes a conv on DSP cores
    assert any("DEPTHWISE_CONV_2D" in line for line in printed[0][2])
    assert not any("DEPTHWISE_CONV_2D" in line for line in printed[-1][2])


def test_without_the_switch_nothing_is_printed(tmp_path):
    r = run("compile", corpus("tflm_hello_world_int8"), "-o", tmp_path / "out")
    assert r.stderr == ""


def test_unknown_pass_is_bad_input():
    r = run("--print-after", "fold-constant", "inspect", corpus("tflm_hello_world_int8"), check=False)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.splitlines()
    assert lines[0] == "mcuforge: error: unknown pass 'fold-constant'", r.stderr
    assert lines[1].startswith("  hint: passes: dequantize-weights, fold-constants, remove-dead-ops"), r.stderr
    assert r.stdout == ""


def test_list_passes_and_help_name_the_passes():
    listing = run("--list-passes").stdout
    for p in PASSES:
        assert re.search(rf"^  {p} +\S", listing, re.M), listing
    assert re.search(r"^  optimize +dequantize-weights, fold-constants, fold-pad, remove-dead-ops \(", listing, re.M), listing
    assert re.search(r"^  target +lower-for-target, pack-matmul-rhs \(", listing, re.M), listing
    help_text = run("--help").stdout
    assert "--print-after" in help_text and "--list-passes" in help_text
    assert "fold-constants, remove-dead-ops, lower-for-target" in help_text
