# SPDX-License-Identifier: Apache-2.0
"""`mcuforge deploy`, the projects that are built for real here: the plain Makefile project (host demo
run + the library cross-built for the board's core) and the STM32 CMake project (cross-built for every
ST board of the database; the NUCLEO-F446RE image run in QEMU's netduinoplus2, an STM32F405 with the
same USART2, and its serial output checked against TFLM's golden outputs). Also the refusals: each
exits 2 with one message and a hint and writes nothing."""
import json
import os
import re
import subprocess

import numpy as np
import pytest

from deploy_common import GOLDEN, KWS, MCUFORGE, MODELS, assert_refused, need

ST_BOARDS = ['nucleo-f401re', 'nucleo-f411re', 'nucleo-f446re', 'nucleo-h743zi2', 'b-l475e-iot01a', 'nucleo-l4r5zi',
             'nucleo-u575zi-q']


def model(name):
    return os.path.join(MODELS, name + '.tflite')


def deploy(*args, check=True):
    r = subprocess.run([MCUFORGE, 'deploy', *args], capture_output=True, text=True)
    if check:
        assert r.returncode == 0, r.stdout + r.stderr
    return r


def golden_output(name, dtype=np.int8):
    return np.fromfile(os.path.join(GOLDEN, name, 'out_0_0.bin'), dtype=dtype)


def parse_console(text):
    """The demo's 'key: value' lines."""
    lines = {}
    for line in text.replace('\r', '').splitlines():
        m = re.match(r'^(\w+):\s+(.*)$', line)
        if m:
            lines[m.group(1)] = m.group(2)
    return lines


def check_demo_output(text, name):
    lines = parse_console(text)
    assert 'done' in text, text
    assert lines.get('check', '').startswith('PASS'), text
    want = golden_output(name)
    got = [int(v) for v in lines['output'].split() if v != '...']
    assert got == list(want[:16]), f'{got} != TFLM {list(want[:16])}'
    assert lines['result'].startswith(f'class {int(np.argmax(want))} '), lines['result']
    assert re.match(r'arena \d+ B', lines['memory']), lines['memory']


# --- make ---------------------------------------------------------------------------------------

def test_make_project_runs_on_host_and_builds_for_the_board(tmp_path):
    need('make', 'make')
    out = tmp_path / 'kws-make'
    deploy(model(KWS), '--board', 'nucleo-f446re', '--project', 'make', '-o', str(out), '--input',
           os.path.join(GOLDEN, KWS, 'in_0_0.bin'))
    for f in ['Makefile', 'README.md', 'main.c', 'mcuforge-report.json', f'model/{KWS}_model.h', f'model/{KWS}_app.c']:
        assert (out / f).is_file(), f
    r = subprocess.run(['make', '-s', 'run', 'OPT=-O2 -Werror'], cwd=out, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    check_demo_output(r.stdout, KWS)
    need('arm-none-eabi-gcc', 'gcc-arm-none-eabi')
    r = subprocess.run(['make', '-s', 'lib', 'size', 'OPT=-O2 -Werror'], cwd=out, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (out / 'build' / 'target' / f'lib{KWS}.a').is_file()
    assert 'cortex-m4' in (out / 'Makefile').read_text()


def test_make_project_for_a_riscv_board(tmp_path):
    need('riscv64-unknown-elf-gcc', 'gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf')
    out = tmp_path / 'ad-rv'
    deploy(model('mlperf_ad_toycar_int8'), '--board', 'esp32-c3-devkitm-1', '--project', 'make', '-o', str(out))
    r = subprocess.run(['make', '-s', 'lib', 'OPT=-O2 -Werror'], cwd=out, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    text = (out / 'Makefile').read_text()
    assert 'riscv64-unknown-elf-gcc' in text and '-march=rv32imc' in text


# --- stm32-cmake -------------------------------------------------------------------------------

def cmake_build(src, build, *defs):
    need('cmake', 'cmake')
    need('arm-none-eabi-gcc', 'gcc-arm-none-eabi libnewlib-arm-none-eabi')
    r = subprocess.run(['cmake', '-S', str(src), '-B', str(build), '-DCMAKE_C_FLAGS=-Werror', *defs],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run(['cmake', '--build', str(build)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


def test_stm32_project_runs_in_qemu_and_prints_tflm_result(tmp_path):
    out = tmp_path / 'kws-f446'
    r = deploy(model(KWS), '--board', 'nucleo-f446re', '-o', str(out), '--input',
               os.path.join(GOLDEN, KWS, 'in_0_0.bin'))
    assert 'stm32-cmake project' in r.stdout  # the board's default kind
    assert 'FITS' in r.stdout  # the fit report comes first
    for f in ['CMakeLists.txt', 'cmake/arm-none-eabi.cmake', 'startup/startup.c', 'linker/nucleo-f446re.ld',
              'src/main.c', 'src/console_uart.c', 'README.md']:
        assert (out / f).is_file(), f
    readme = (out / 'README.md').read_text()
    assert 'st-flash --reset write build/firmware.bin 0x08000000' in readme
    assert 'STM32_Programmer_CLI' in readme and 'netduinoplus2' in readme
    size = cmake_build(out, out / 'build-qemu', '-DMCUFORGE_QEMU_EXIT=ON')
    assert 'firmware.elf' in size
    need('qemu-system-arm', 'qemu-system-arm')
    run = subprocess.run(['qemu-system-arm', '-M', 'netduinoplus2', '-display', 'none', '-monitor', 'none',
                          '-serial', 'null', '-serial', 'stdio', '-semihosting-config', 'enable=on,target=native',
                          '-kernel', str(out / 'build-qemu' / 'firmware.elf')],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    check_demo_output(run.stdout, KWS)
    assert 'NUCLEO-F446RE' in run.stdout


@pytest.mark.parametrize('board', ST_BOARDS)
def test_stm32_project_builds_for_every_st_board(board, tmp_path):
    out = tmp_path / board
    deploy(model('mlperf_ad_toycar_int8'), '--board', board, '--project', 'stm32-cmake', '-o', str(out))
    cmake_build(out, out / 'build')
    for ext in ['elf', 'bin', 'hex', 'map']:
        assert (out / 'build' / f'firmware.{ext}').is_file()
    # The image is linked where the board's flash and RAM are.
    need('arm-none-eabi-nm', 'binutils-arm-none-eabi')
    syms = subprocess.run(['arm-none-eabi-nm', str(out / 'build' / 'firmware.elf')], capture_output=True,
                          text=True).stdout
    vt = int(re.search(r'^([0-9a-f]+) \w vector_table$', syms, re.M).group(1), 16)
    assert vt in (0x08000000, 0x0C000000), hex(vt)
    console = (out / 'src' / 'console_uart.c').read_text()
    assert 'REG(' in console and 'UART_BRR_VALUE' in console


# --- refusals and the output directory ----------------------------------------------------------

REFUSALS = {
    'too big for the board': lambda t: [model('mlperf_ic_resnet_large_f32'), '--board', 'nucleo-f401re'],
    'unknown board': lambda t: [model(KWS), '--board', 'nucleo-z999'],
    'unknown project kind': lambda t: [model(KWS), '--board', 'nucleo-f446re', '--project', 'bazel'],
    'board without that kind': lambda t: [model(KWS), '--board', 'nucleo-f446re', '--project', 'esp-idf'],
    'unsupported op': lambda t: [model('tflm_person_detect_vela_int8'), '--board', 'nucleo-h743zi2'],
    'truncated model': lambda t: [truncated(t), '--board', 'nucleo-f446re'],
    'input of the wrong size': lambda t: [model(KWS), '--board', 'nucleo-f446re', '--input',
                                          os.path.join(GOLDEN, 'mlperf_ad_toycar_int8', 'in_0_0.bin')],
    'labels that do not match': lambda t: [model(KWS), '--board', 'nucleo-f446re', '--labels', labels(t, 3)],
    'invalid name': lambda t: [model(KWS), '--board', 'nucleo-f446re', '--name', '9lives'],
    'two inputs for a one-input model': lambda t: [model(KWS), '--board', 'nucleo-f446re', '--input',
                                                   os.path.join(GOLDEN, KWS, 'in_0_0.bin'), '--input',
                                                   os.path.join(GOLDEN, KWS, 'in_0_0.bin')],
    'empty labels file': lambda t: [model(KWS), '--board', 'nucleo-f446re', '--labels', text_file(t, '\n\n')],
    'label of over 64 characters': lambda t: [model(KWS), '--board', 'nucleo-f446re', '--labels',
                                              text_file(t, 'x' * 65 + '\n' + 'y\n' * 11)],
    'missing labels file': lambda t: [model(KWS), '--board', 'nucleo-f446re', '--labels', str(t / 'nope.txt')],
}


def truncated(tmp_path):
    p = tmp_path / 'truncated.tflite'
    p.write_bytes(open(model(KWS), 'rb').read()[:5000])
    return str(p)


def text_file(tmp_path, text):
    p = tmp_path / 'file.txt'
    p.write_text(text)
    return str(p)


def labels(tmp_path, n):
    p = tmp_path / 'labels.txt'
    p.write_text(''.join(f'class{i}\n' for i in range(n)))
    return str(p)


@pytest.mark.parametrize('case', sorted(REFUSALS))
def test_refusal(case, tmp_path):
    out = tmp_path / 'project'
    assert_refused(deploy(*REFUSALS[case](tmp_path), '-o', str(out), check=False), out)


def test_output_that_is_a_file_is_refused(tmp_path):
    f = tmp_path / 'fw'
    f.write_text('keep me')
    r = deploy(model(KWS), '--board', 'nucleo-f446re', '-o', str(f), check=False)
    assert r.returncode == 2 and r.stderr.count('mcuforge: error:') == 1 and 'not a directory' in r.stderr
    assert 'hint:' in r.stderr and f.read_text() == 'keep me'


def test_too_big_is_written_with_force(tmp_path):
    out = tmp_path / 'forced'
    r = deploy(model('mlperf_ic_resnet_large_f32'), '--board', 'nucleo-f401re', '--force', '-o', str(out))
    assert 'DOES NOT FIT' in r.stdout and 'forced' in r.stdout
    assert (out / 'CMakeLists.txt').is_file()


def test_foreign_directory_is_not_overwritten(tmp_path):
    out = tmp_path / 'mine'
    out.mkdir()
    (out / 'notes.txt').write_text('keep me')
    r = deploy(model(KWS), '--board', 'nucleo-f446re', '-o', str(out), check=False)
    assert r.returncode == 2 and 'not empty' in r.stderr
    assert sorted(p.name for p in out.iterdir()) == ['notes.txt']


def test_redeploy_replaces_the_earlier_project(tmp_path):
    out = tmp_path / 'p'
    deploy(model(KWS), '--board', 'nucleo-f446re', '-o', str(out))
    assert (out / 'linker' / 'nucleo-f446re.ld').is_file()
    deploy(model(KWS), '--board', 'nucleo-f446re', '--project', 'make', '-o', str(out))
    assert (out / 'Makefile').is_file() and not (out / 'linker').exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ['p']


def test_deploy_is_deterministic_and_reports_json(tmp_path):
    a, b = tmp_path / 'a', tmp_path / 'b'
    r = deploy(model(KWS), '--board', 'nucleo-f446re', '-o', str(a), '--json')
    deploy(model(KWS), '--board', 'nucleo-f446re', '-o', str(b), '--json')
    j = json.loads(r.stdout)
    assert j['project'] == 'stm32-cmake' and j['board'] == 'nucleo-f446re' and j['fits']
    assert j['arena_bytes'] > 0 and j['build_commands']
    files_a = sorted(p.relative_to(a) for p in a.rglob('*') if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob('*') if p.is_file())
    assert files_a == files_b
    for f in files_a:
        assert (a / f).read_bytes() == (b / f).read_bytes(), f


def test_stm32_arena_goes_to_the_region_the_fit_check_chose(tmp_path):
    # The VWW float model's 180 KB arena does not fit the H743's 128 KB DTCM (the stack's region): the
    # fit check puts it in the AXI SRAM at 0x24000000 and the linker script must follow.
    out = tmp_path / 'vww-h7'
    deploy(model('mlperf_vww_f32'), '--board', 'nucleo-h743zi2', '-o', str(out))
    assert 'AXI SRAM' in (out / 'linker' / 'nucleo-h743zi2.ld').read_text()
    cmake_build(out, out / 'build')
    syms = subprocess.run(['arm-none-eabi-nm', str(out / 'build' / 'firmware.elf')], capture_output=True,
                          text=True).stdout
    addr = int(re.search(r'^([0-9a-f]+) b mlperf_vww_f32_arena$', syms, re.M).group(1), 16)
    assert 0x24000000 <= addr < 0x24080000, hex(addr)


def test_reference_kernels_trade_speed_for_the_smallest_arena(tmp_path):
    # The DSP convolution's im2col scratch makes the arena of this model bigger than with the portable
    # kernels; --kernels reference deploys those.
    m = model('armzoo_cnn_m_int8')
    dsp = json.loads(deploy(m, '--board', 'nucleo-f446re', '-o', str(tmp_path / 'dsp'), '--json').stdout)
    ref = json.loads(deploy(m, '--board', 'nucleo-f446re', '-o', str(tmp_path / 'ref'), '--json',
                            '--kernels', 'reference').stdout)
    assert dsp['compile_core'] == 'cortex-m4f' and ref['compile_core'] == 'generic'
    assert ref['arena_bytes'] < dsp['arena_bytes']
    assert not list((tmp_path / 'ref' / 'model' / 'mcuforge' / 'kernels').glob('*__cm_dsp.c'))
