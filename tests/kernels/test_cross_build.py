# SPDX-License-Identifier: Apache-2.0
"""Cross-compiles every ISA kernel variant (runtime/kernels/arch/<isa>/*.c) for the cores that have the
ISA, with the intrinsics active, -O2 -std=c99 -Wall -Wextra -Werror -pedantic, so that ISA-specific
build errors show up without hardware. Also checks that the DSP variants really use the DSP
instructions. Skipped when arm-none-eabi-gcc is not installed. Running them is `mcuforge verify`'s job."""
import glob
import os
import re
import shutil
import subprocess

import pytest

# Instructions of the Armv7E-M DSP extension that mcuforge's cm_dsp variants are written around.
DSP_EXTENSION_INSTRUCTIONS = ['sxtb16', 'sxtab16', 'uxtb16', 'uxtab16', 'smlad', 'smladx', 'smlabb', 'smlabt',
                              'smlatb', 'smlatt', 'smuad', 'sadd16', 'ssub16', 'qadd16', 'qsub16', 'sadd8', 'qadd8']

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUNTIME = os.path.join(ROOT, 'runtime')
GCC = shutil.which('arm-none-eabi-gcc')
OBJDUMP = shutil.which('arm-none-eabi-objdump')
COMMON = ['-mthumb', '-O2', '-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic',
          '-I', os.path.join(RUNTIME, 'include'), '-I', os.path.join(RUNTIME, 'internal')]
# isa folder -> the ISA feature of the table of cores (boards/cores/*.yaml `isa`) it needs
FOLDER_FEATURE = {'cm_dsp': 'arm-dsp'}


def cores_with(feature):
    """Core id -> toolchain flags, for the cores of boards/cores with `feature`."""
    import yaml
    out = {}
    for f in sorted(glob.glob(os.path.join(ROOT, 'boards', 'cores', '*.yaml'))):
        doc = yaml.safe_load(open(f))
        if feature in doc['isa']:
            out[doc['id']] = [x for x in doc['toolchain']['cflags'] if not x.startswith('--specs')]
    return out


CORES = {folder: cores_with(feature) for folder, feature in FOLDER_FEATURE.items()}
SOURCES = sorted(glob.glob(os.path.join(RUNTIME, 'kernels', 'arch', '*', '*.c')))


def cases():
    out = []
    for src in SOURCES:
        isa = os.path.basename(os.path.dirname(src))
        for core, flags in CORES.get(isa, {}).items():
            out.append(pytest.param(src, flags, id='%s-%s' % (os.path.basename(src)[:-2], core)))
    return out


def test_every_isa_folder_has_cores():
    for src in SOURCES:
        assert os.path.basename(os.path.dirname(src)) in CORES, src


@pytest.mark.skipif(GCC is None, reason='arm-none-eabi-gcc not installed')
@pytest.mark.parametrize('src,flags', cases())
def test_variant_cross_builds(src, flags, tmp_path):
    obj = str(tmp_path / 'k.o')
    r = subprocess.run([GCC, *flags, *COMMON, '-c', src, '-o', obj], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    if OBJDUMP and '/cm_dsp/' in src:
        dis = subprocess.run([OBJDUMP, '-d', obj], capture_output=True, text=True, check=True).stdout
        # Every DSP variant must use the DSP extension (packed 8/16-bit SIMD or dual MACs): MAC kernels
        # SMLAD/SMLABB, sums (the reductions) SXTAB16 alone.
        used = [i for i in DSP_EXTENSION_INSTRUCTIONS if re.search(r'\b' + i + r'\b', dis)]
        assert used, 'no DSP instructions in ' + src
