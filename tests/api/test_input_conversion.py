# SPDX-License-Identifier: Apache-2.0
"""`run` (and deploy's demo input) take float32 real values or uint8 pixels for a quantized int8 input:
float32 is quantized as TFLM's QUANTIZE does, uint8 becomes p - 128 (TFLite's uint8 -> int8
convention, MLPerf Tiny's preprocessing); the output says so. Checked against TFLM's own outputs on
MLPerf Tiny VWW samples (../shared/golden/datasets), fed as raw uint8 pixels."""
import json
import os
import pathlib
import subprocess

import pytest

np = pytest.importorskip("numpy")
ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = pathlib.Path(os.environ.get("MF_SHARED_DIR", ROOT.parent / "shared"))
MCUFORGE = os.environ.get("MCUFORGE", str(ROOT / "build/host-release/cli/mcuforge"))
VWW = SHARED / "corpus" / "models" / "mlperf_vww_int8.tflite"
SAMPLES = 12


def run(*args):
    return subprocess.run([MCUFORGE, *map(str, args)], capture_output=True, text=True, timeout=300)


def output(model, npy, tmp):
    out = tmp / npy.stem
    p = run("run", model, "-i", npy, "-o", out)
    assert p.returncode == 0, p.stderr
    return np.fromfile(out / "out_0.bin", dtype=np.int8), p.stdout


def test_uint8_pixels_give_tflm_outputs(tmp_path):
    golden = json.loads((SHARED / "golden" / "datasets" / "mlperf_vww_int8.json").read_text())
    for s in golden["samples"][:SAMPLES]:
        pixels = np.fromfile(SHARED / "corpus" / "datasets" / "vww01" / s["file"], dtype=np.uint8)
        np.save(tmp_path / "x.npy", pixels.reshape(1, 96, 96, 3))
        got, text = output(VWW, tmp_path / "x.npy", tmp_path)
        assert got.tolist() == s["output"], s["file"]
        assert "uint8 data converted to int8 as p - 128" in text


def test_float32_is_quantized_like_tflm(tmp_path):
    rng = np.random.default_rng(3)
    real = rng.uniform(-0.2, 1.2, size=(1, 96, 96, 3)).astype(np.float32)   # includes values that clamp
    real.flat[:4] = [0.5 / 255, -0.5 / 255, 1.5 / 255, 2.5 / 255]            # halves round away from zero
    scale, zero_point = np.float32(0.00392156886), -128
    x = real / scale
    q = np.clip(np.sign(x) * np.floor(np.abs(x) + 0.5) + zero_point, -128, 127).astype(np.int8)
    np.save(tmp_path / "real.npy", real)
    np.save(tmp_path / "q.npy", q)
    got_real, text = output(VWW, tmp_path / "real.npy", tmp_path)
    got_q, _ = output(VWW, tmp_path / "q.npy", tmp_path)
    assert got_real.tolist() == got_q.tolist()
    assert "float32 data quantized with the input's scale" in text


@pytest.mark.parametrize("bad,message", [
    (np.full((1, 96, 96, 3), np.nan, np.float32), "NaN or infinite"),
    (np.zeros((1, 96, 96, 4), np.float32), "has shape"),
    (np.zeros((1, 96, 96, 3), np.int32), "holds int32 data"),
])
def test_bad_data_is_refused(tmp_path, bad, message):
    np.save(tmp_path / "bad.npy", bad)
    p = run("run", VWW, "-i", tmp_path / "bad.npy", "-o", tmp_path / "out")
    assert p.returncode == 2 and message in p.stderr, p.stderr
    assert not (tmp_path / "out" / "out_0.bin").exists()
