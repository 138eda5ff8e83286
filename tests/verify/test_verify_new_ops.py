# SPDX-License-Identifier: Apache-2.0
"""The ops of issue #11 on the MCU: realistic models that use them (tests/oracle/architectures.py:
TRANSPOSE_CONV and TILE in a U-Net, BATCH_MATMUL / SUB / SQUARED_DIFFERENCE / RSQRT in an attention
block, LEAKY_RELU / PRELU / ELU / RELU, RESIZE_BILINEAR, a GRU's SUB) cross-compiled for ARMv6-M
(Cortex-M0+), ARMv7E-M with the DSP variants (Cortex-M4) and RV32IMC, run in QEMU: every output byte
equal to the host run (which tests/oracle/test_architectures.py holds equal to TFLM)."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("tensorflow")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "oracle"))
import architectures as arch  # noqa: E402

MCUFORGE = os.environ.get("MCUFORGE", str(ROOT / "build" / "host-release" / "cli" / "mcuforge"))
HAVE_ARM = bool(shutil.which("arm-none-eabi-gcc") and shutil.which("qemu-system-arm"))
HAVE_RV = bool(shutil.which("riscv64-unknown-elf-gcc") and shutil.which("qemu-system-riscv32"))
MODELS = [("unet_mini", "int8"), ("attention_block", "int8"), ("activations_cnn", "int8"),
          ("upsampling_bilinear", "int8"), ("gru_unrolled", "int8"), ("conv_autoencoder", "int16")]
CORES = [("cortex-m0plus", HAVE_ARM), ("cortex-m4", HAVE_ARM), ("rv32imc", HAVE_RV)]


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    d = tmp_path_factory.mktemp("models")
    paths = {}
    for name, mode in MODELS:
        p = d / f"{name}_{mode}.tflite"
        p.write_bytes(arch.convert(name, mode)[0])
        paths[(name, mode)] = p
    return paths


@pytest.mark.parametrize("core,available", CORES, ids=[c for c, _ in CORES])
@pytest.mark.parametrize("name,mode", MODELS, ids=[f"{n}-{m}" for n, m in MODELS])
def test_new_ops_bit_exact_on_core(models, name, mode, core, available):
    if not available:
        pytest.skip(f"no cross compiler / QEMU for {core} (scripts/setup.sh)")
    r = subprocess.run([MCUFORGE, "verify", str(models[(name, mode)]), "--core", core, "--no-count", "--json"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    j = json.loads(r.stdout)
    assert j["bit_exact"] is True
    assert all(o["differing_bytes"] == 0 for o in j["outputs"])
