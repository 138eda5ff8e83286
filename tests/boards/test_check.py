# SPDX-License-Identifier: Apache-2.0
"""`mcuforge boards` and `mcuforge check` end to end: board files against boards/schema.json with an
independent validator (python jsonschema), exit codes, shortfall, float advice, ranking."""
import glob
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
MODELS = ROOT.parent / "shared" / "corpus" / "models"
MCUFORGE = os.environ.get("MCUFORGE", str(ROOT / "build/host-release/cli/mcuforge"))


def run(*args):
    return subprocess.run([MCUFORGE, *args], capture_output=True, text=True, timeout=600)


def model(name):
    p = MODELS / f"{name}.tflite"
    if not p.exists():
        pytest.skip(f"{p} not present")
    return str(p)


def test_board_files_pass_the_schema_and_cite_sources():
    yaml = pytest.importorskip("yaml")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "boards/schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    core_schema = {"$ref": "#/$defs/core", "$defs": schema["$defs"]}
    files = sorted(glob.glob(str(ROOT / "boards/**/*.yaml"), recursive=True))
    assert len(files) >= 13 + 5
    for f in files:
        doc = yaml.safe_load(open(f))
        is_core = "/cores/" in f
        jsonschema.validate(doc, core_schema if is_core else schema, cls=jsonschema.Draft202012Validator)
        assert doc["id"] == pathlib.Path(f).stem
        cited = {doc["cost"]["source"]} if is_core else {doc["clock"]["source"], doc["flash"]["source"]} | {
            r["source"] for r in doc["sram"] + doc.get("external", [])}
        assert cited <= set(doc["sources"]), f


def test_boards_lists_every_board():
    r = run("boards", "--json")
    assert r.returncode == 0, r.stderr
    ids = {b["id"] for b in json.loads(r.stdout)["boards"]}
    assert {"esp32-devkitc", "esp32-s3-devkitc-1-n8r8", "esp32-c3-devkitm-1", "nucleo-f401re", "nucleo-f411re",
            "nucleo-f446re", "nucleo-h743zi2", "nucleo-l4r5zi", "b-l475e-iot01a", "nucleo-u575zi-q", "nano-33-ble",
            "nrf5340-dk", "rpi-pico"} <= ids
    t = run("boards")
    assert t.returncode == 0 and "nucleo-h743zi2" in t.stdout


def test_check_fits_with_json_fields():
    r = run("check", model("mlperf_kws_dscnn_int8"), "--board", "nucleo-f401re", "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    j = json.loads(r.stdout)
    assert j["fits"] is True
    for k in ("flash", "ram"):
        assert {"need", "available", "budget"} <= set(j[k])
    assert j["flash"]["budget"] == 524288 * 60 // 100
    assert j["latency_ms"] > 0 and j["unsupported_ops"] == [] and isinstance(j["advice"], list)
    assert j["ram"]["placement"][0]["region"] == "SRAM"


def test_weights_larger_than_flash_exit_1_with_shortfall():
    r = run("check", model("armzoo_ssd_mobilenet_v3_int8"), "--board", "nucleo-f401re")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "DOES NOT FIT" in r.stdout and " short" in r.stdout
    j = json.loads(run("check", model("armzoo_ssd_mobilenet_v3_int8"), "--board", "nucleo-f401re", "--json").stdout)
    assert j["fits"] is False and j["flash"]["need"] > j["flash"]["available"]


def test_flash_budget_option():
    m = model("mlperf_vww_int8")
    assert run("check", m, "--board", "nucleo-f401re", "--flash-budget", "30").returncode == 1
    assert run("check", m, "--board", "nucleo-f401re", "--flash-budget", "90").returncode == 0


def test_float_model_on_core_without_fpu_is_told_to_quantize():
    j = json.loads(run("check", model("tflm_magic_wand_f32"), "--board", "rpi-pico", "--json").stdout)
    assert any("no FPU" in a and "quantize" in a for a in j["advice"]), j["advice"]
    j = json.loads(run("check", model("tflm_magic_wand_f32"), "--board", "nucleo-f401re", "--json").stdout)
    assert not any("no FPU" in a for a in j["advice"])


def test_ranking_is_sensible():
    r = run("check", model("mlperf_vww_int8"), "--board", "all", "--json")
    assert r.returncode == 0, r.stderr
    order = [x["board"]["id"] for x in json.loads(r.stdout)["ranking"]]
    assert order.index("nucleo-h743zi2") < order.index("nucleo-f401re")
    fits = [x["fits"] for x in json.loads(r.stdout)["ranking"]]
    assert fits == sorted(fits, reverse=True)
    k = json.loads(run("check", model("mlperf_kws_dscnn_int8"), "--board", "all", "--json").stdout)
    assert {x["board"]["id"]: x["fits"] for x in k["ranking"]}["rpi-pico"] is True


def test_bad_board_and_bad_model_exit_2():
    r = run("check", model("mlperf_kws_dscnn_int8"), "--board", "nucleo-f999")
    assert r.returncode == 2
    assert "unknown board 'nucleo-f999'" in r.stderr and "nucleo-h743zi2" in r.stderr and "rpi-pico" in r.stderr
    r = run("check", str(ROOT / "README.md"), "--board", "rpi-pico")
    assert r.returncode == 2


def test_unsupported_ops_are_listed():
    r = run("check", model("tflm_person_detect_vela_int8"), "--board", "nucleo-h743zi2", "--json")
    assert r.returncode == 1
    j = json.loads(r.stdout)
    assert j["fits"] is False and any("ethos-u" in u for u in j["unsupported_ops"])
