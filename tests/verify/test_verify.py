# SPDX-License-Identifier: Apache-2.0
"""`mcuforge verify`: generated code cross-compiled for each architecture, run in QEMU, every output
byte equal to the host executor (and to TFLM's golden vectors for the default inputs), with exact
instruction counts, section sizes and peak stack. Also the error paths: unknown core or board, a
missing cross compiler/QEMU (exit 2 with the apt command). Takes about half a minute.
"""
import json
import os
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get('MF_SHARED_DIR', os.path.join(ROOT, '..', 'shared'))
GOLDEN = os.path.join(SHARED, 'golden')
MODELS = os.path.join(SHARED, 'corpus', 'models')
MCUFORGE = os.environ.get('MCUFORGE', os.path.join(ROOT, 'build', 'host-release', 'cli', 'mcuforge'))
GESTURE = os.path.join(ROOT, 'examples', 'gesture', 'gesture_int8.tflite')

HAVE_ARM = bool(shutil.which('arm-none-eabi-gcc') and shutil.which('qemu-system-arm'))
HAVE_RV = bool(shutil.which('riscv64-unknown-elf-gcc') and shutil.which('qemu-system-riscv32'))
needs_arm = pytest.mark.skipif(not HAVE_ARM, reason='arm-none-eabi-gcc / qemu-system-arm missing (scripts/setup.sh)')
needs_rv = pytest.mark.skipif(not HAVE_RV, reason='riscv64-unknown-elf-gcc / qemu-system-riscv32 missing (scripts/setup.sh)')

REQUIRED_KEYS = ['bit_exact', 'instructions', 'text_bytes', 'rodata_bytes', 'data_bytes', 'bss_bytes', 'stack_bytes']


def verify(*args, check=True):
    r = subprocess.run([MCUFORGE, 'verify', *args, '--json'], capture_output=True, text=True, timeout=600)
    if check:
        assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
        return json.loads(r.stdout)
    return r


def model_path(name):
    return GESTURE if name == 'gesture' else os.path.join(MODELS, name + '.tflite')


def check_report(j, model):
    for k in REQUIRED_KEYS:
        assert k in j, k
    assert j['bit_exact'] is True
    assert all(o['differing_bytes'] == 0 and o['bytes'] == o['target_bytes'] for o in j['outputs'])
    assert j['instructions'] > 0 and j['text_bytes'] > 0 and j['rodata_bytes'] > 0 and j['bss_bytes'] > 0
    assert 0 < j['stack_bytes'] < 64 * 1024
    # The generated part (model, weights, kernels) is inside the image, and holds the weights.
    assert 0 < j['generated']['text_bytes'] <= j['text_bytes']
    assert j['weights_bytes'] <= j['generated']['rodata_bytes'] <= j['rodata_bytes']
    # Nearly all counted instructions are in the model and its kernels, not the harness.
    by_fn = {f['function']: f['instructions'] for f in j['instructions_by_function']}
    assert sum(by_fn.values()) == j['instructions']
    assert by_fn.get('main', 0) + by_fn.get('mf_bench_begin', 0) < 20


def check_golden(out_dir, name):
    """Default inputs are golden input set 0: integer outputs computed on the target equal TFLM's bytes."""
    gdir = os.path.join(GOLDEN, name)
    if not os.path.isdir(gdir):
        return
    g = json.load(open(os.path.join(gdir, 'golden.json')))
    for k, out in enumerate(g['outputs']):
        if out['dtype'] == 'float32':
            continue
        want = open(os.path.join(gdir, g['sets'][0]['outputs'][k]), 'rb').read()
        got = open(os.path.join(out_dir, 'out_%d.bin' % k), 'rb').read()
        assert got == want, '%s output %d differs from TFLM' % (name, k)


# At least one small model per architecture: ARMv6-M, ARMv7E-M (DSP), ARMv7E-M M7 / ARMv8-M, RV32IMC.
CASES = [
    ('tflm_hello_world_int8', 'cortex-m0plus', needs_arm),
    ('mlperf_ad_toycar_int8', 'cortex-m0plus', needs_arm),
    ('mlperf_ad_toycar_int8', 'cortex-m4', needs_arm),
    ('gesture', 'cortex-m4', needs_arm),
    ('gesture', 'cortex-m7', needs_arm),
    ('tflm_hello_world_int8', 'cortex-m33', needs_arm),
    ('gesture', 'cortex-m33', needs_arm),
    ('tflm_hello_world_int8', 'rv32imc', needs_rv),
    ('mlperf_ad_toycar_int8', 'rv32imc', needs_rv),
    ('gesture', 'rv32imc', needs_rv),
]


# The report names the core by its board database id (boards/cores), whatever alias was asked for.
DATABASE_ID = {'cortex-m4': 'cortex-m4f', 'cortex-m33': 'cortex-m33f'}


@pytest.mark.parametrize('name,core', [pytest.param(n, c, marks=m, id=f'{n}-{c}') for n, c, m in CASES])
def test_bit_exact_on_core(name, core, tmp_path):
    j = verify(model_path(name), '--core', core, '--output-dir', str(tmp_path))
    assert j['core'] == DATABASE_ID.get(core, core)
    check_report(j, name)
    check_golden(str(tmp_path), name)


@needs_arm
def test_reference_and_dsp_kernels_agree_and_counts_are_deterministic():
    model = model_path('mlperf_ad_toycar_int8')
    ref = verify(model, '--core', 'cortex-m4', '--kernels', 'reference')
    auto = verify(model, '--core', 'cortex-m4')
    again = verify(model, '--core', 'cortex-m4')
    assert ref['compile_core'] == 'generic' and auto['compile_core'] == 'cortex-m4f'
    assert ref['bit_exact'] and auto['bit_exact']
    assert auto['instructions'] == again['instructions']
    assert auto['text_bytes'] == again['text_bytes'] and auto['stack_bytes'] == again['stack_bytes']


@needs_arm
def test_input_files_and_seed(tmp_path):
    model = model_path('mlperf_ad_toycar_int8')
    golden_in = os.path.join(GOLDEN, 'mlperf_ad_toycar_int8', 'in_2_0.bin')
    j = verify(model, '--core', 'cortex-m4', '--input', golden_in)
    assert j['bit_exact'] and j['inputs'] == 'files'
    # --seed 3 generates golden input set 2: same instruction count as the file (same data).
    s = verify(model, '--core', 'cortex-m4', '--seed', '3')
    assert s['bit_exact'] and s['instructions'] == j['instructions']
    # A wrong-sized input is rejected before anything is built.
    bad = tmp_path / 'short.bin'
    bad.write_bytes(b'\0' * 3)
    r = verify(model, '--core', 'cortex-m4', '--input', str(bad), check=False)
    assert r.returncode == 2 and 'bytes' in r.stderr


@needs_arm
def test_board_maps_to_core():
    j = verify(GESTURE, '--board', 'nucleo-f401re')
    assert j['core'] == 'cortex-m4f' and j['bit_exact']


def test_unknown_core_and_board():
    r = verify(GESTURE, '--core', 'cortex-a53', check=False)
    assert r.returncode == 2 and 'unknown core' in r.stderr and 'cortex-m4' in r.stderr
    r = verify(GESTURE, '--board', 'no-such-board', check=False)
    assert r.returncode == 2 and 'unknown board' in r.stderr


def test_missing_tools_give_the_apt_command():
    env = dict(os.environ, PATH='/nonexistent')
    for core, package in (('cortex-m4', 'gcc-arm-none-eabi'), ('rv32imc', 'gcc-riscv64-unknown-elf')):
        r = subprocess.run([MCUFORGE, 'verify', GESTURE, '--core', core], capture_output=True, text=True, env=env)
        assert r.returncode == 2, r.stderr
        assert 'not found' in r.stderr and 'apt-get install' in r.stderr and package in r.stderr
