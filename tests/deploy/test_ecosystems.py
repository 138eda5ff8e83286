# SPDX-License-Identifier: Apache-2.0
"""`mcuforge deploy` for the SDK ecosystems that cannot be installed here (ESP-IDF, Arduino, PlatformIO,
Zephyr). For each project:
- the structure and the manifests (CMakeLists, sdkconfig.defaults, library.properties, platformio.ini,
  library.json, prj.conf) and the README's commands and expected console output;
- every C source compiled with the cross compiler of the board's core (boards/cores/<core>.yaml) with
  -Wall -Wextra -Werror; the platform mains against the stand-in SDK headers of fake_sdk/, so their SDK
  calls are type-checked too;
- the project built on the host against fake_sdk/ (the ESP-IDF and Zephyr ones through their own
  CMakeLists.txt) and run: its console output must be the README's.
Also: a board that does not offer a project kind is refused with exit 2 and nothing written."""
import configparser
import glob
import json
import os
import re
import shutil
import subprocess

import numpy as np
import pytest

from deploy_common import GOLDEN, KWS, MCUFORGE, MODELS, ROOT, assert_refused, need
import yaml

PACKAGES = {'arm-none-eabi-gcc': 'gcc-arm-none-eabi', 'arm-none-eabi-g++': 'gcc-arm-none-eabi',
            'riscv64-unknown-elf-gcc': 'gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf',
            'riscv64-unknown-elf-g++': 'gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf'}
WARN = ['-O2', '-Wall', '-Wextra', '-Werror', '-ffp-contract=off']

FAKE = os.path.join(ROOT, 'tests', 'deploy', 'fake_sdk')
FAKE_IDF = os.path.join(FAKE, 'esp-idf')
FAKE_ZEPHYR = os.path.join(FAKE, 'zephyr')
FAKE_ARDUINO = os.path.join(FAKE, 'arduino')
STUB_INCLUDES = [os.path.join(FAKE_IDF, 'components', 'esp_timer', 'include'), os.path.join(FAKE_ZEPHYR, 'include'),
                 FAKE_ARDUINO]


def board_facts(board):
    path, = glob.glob(os.path.join(ROOT, 'boards', '*', board + '.yaml'))
    b = yaml.safe_load(open(path))
    core = yaml.safe_load(open(os.path.join(ROOT, 'boards', 'cores', b['core'] + '.yaml')))
    return b, core


def deploy(tmp_path, kind, board):
    out = tmp_path / f'{kind}-{board}'
    r = subprocess.run([MCUFORGE, 'deploy', os.path.join(MODELS, KWS + '.tflite'), '--board', board, '--project', kind,
                        '-o', str(out), '--input', os.path.join(GOLDEN, KWS, 'in_0_0.bin'), '--json'],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    facts = json.loads(r.stdout)
    assert facts['board'] == board and facts['project'] == kind
    return out, facts


def cross_compiler(core, cxx=False):
    cc = core['toolchain']['compiler']
    if cxx:
        cc = cc[:-3] + 'g++'
    if not shutil.which(cc):
        how = f'apt install {PACKAGES[cc]}' if cc in PACKAGES else 'not packaged for Debian: ESP-IDF installs it'
        pytest.skip(f'{cc} not found ({how})')
    for flag in core['toolchain']['cflags']:
        if flag.startswith('--specs='):  # e.g. picolibc.specs, a package of its own
            spec = flag.split('=', 1)[1]
            found = subprocess.run([cc, f'-print-file-name={spec}'], capture_output=True, text=True).stdout.strip()
            if not os.path.isabs(found):
                pytest.skip(f'{cc} has no {spec} (apt install {PACKAGES.get(cc, spec)})')
    return cc


def compile_c(core, sources, includes, tmp_path, std='c99'):
    """Compiles every source with the core's cross compiler and flags, warnings as errors."""
    cc = cross_compiler(core)
    objs = tmp_path / 'obj'
    objs.mkdir(exist_ok=True)
    assert sources
    for i, src in enumerate(sorted(sources)):
        cmd = [cc, *core['toolchain']['cflags'], f'-std={std}', *WARN, *[f'-I{d}' for d in includes], '-c', str(src),
               '-o', str(objs / f'{i}.o')]
        r = subprocess.run(cmd, capture_output=True, text=True)
        assert r.returncode == 0, ' '.join(cmd) + '\n' + r.stderr
        assert not r.stderr.strip(), r.stderr  # not even a note


def compile_cxx(core, source, includes, tmp_path):
    cxx = cross_compiler(core, cxx=True)
    cmd = [cxx, *core['toolchain']['cflags'], '-x', 'c++', '-std=gnu++17', '-fno-exceptions', '-fno-rtti', *WARN,
           *[f'-I{d}' for d in includes], '-c', str(source), '-o', str(tmp_path / 'main_cxx.o')]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, ' '.join(cmd) + '\n' + r.stderr
    assert not r.stderr.strip(), r.stderr


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert r.returncode == 0, ' '.join(map(str, cmd)) + '\n' + r.stdout + r.stderr
    return r.stdout


def host_build_and_run(tmp_path, c_sources, includes, cxx_sources=()):
    """Builds the sources with the host compilers, warnings as errors, and runs the program."""
    need('gcc', 'gcc')
    need('g++', 'g++')
    objs = tmp_path / 'host-obj'
    objs.mkdir(exist_ok=True)
    inc = [f'-I{d}' for d in includes]
    out = []
    for i, src in enumerate(sorted(map(str, c_sources))):
        out.append(str(objs / f'c{i}.o'))
        run(['gcc', '-std=c99', *WARN, *inc, '-c', str(src), '-o', out[-1]])
    for i, src in enumerate(cxx_sources):
        out.append(str(objs / f'cxx{i}.o'))
        run(['g++', '-x', 'c++', '-std=gnu++17', *WARN, *inc, '-c', str(src), '-o', out[-1]])
    exe = str(tmp_path / 'host-demo')
    run(['g++', '-o', exe, *out, '-lm'])
    return run([exe])


def cmake_build_and_run(tmp_path, project, env_var, sdk, executable):
    """Configures and builds the project's own CMakeLists.txt against a stand-in SDK, runs the image."""
    need('cmake', 'cmake')
    need('gcc', 'gcc')
    build = tmp_path / 'host-build'
    env = dict(os.environ, **{env_var: sdk})
    gen = ['-G', 'Ninja'] if shutil.which('ninja') else []
    run(['cmake', '-S', str(project), '-B', str(build), *gen, '-DCMAKE_C_COMPILER=gcc'], env=env)
    run(['cmake', '--build', str(build)], env=env)
    return run([str(build / executable)])


def check_console(stdout, readme):
    """The demo printed what the README says it prints (but for the measured time) and passed."""
    block = re.search(r'^```\n(mcuforge: .*?^done)\n```', readme, re.M | re.S)
    assert block, readme
    want = [l for l in block.group(1).splitlines() if not l.startswith('time:')]
    got = [l for l in stdout.splitlines() if l.strip()]
    assert [l for l in got if not l.startswith('time:')] == want, stdout
    assert len([l for l in got if l.startswith('time:')]) == 1, stdout


def library_c_files(root):
    return sorted(p for p in root.rglob('*.c'))


def check_library(root):
    """The model library with one include root."""
    for f in [f'{KWS}_model.h', f'{KWS}_model.c', f'{KWS}_weights.h', f'{KWS}_weights.c', f'{KWS}_app.h', f'{KWS}_app.c',
              'mcuforge/mf_types.h']:
        assert (root / f).is_file(), root / f
    assert list((root / 'mcuforge' / 'kernels').glob('*.c'))


def check_readme(out, facts):
    """The README names the commands the CLI reported and shows the console output the demo prints
    for the golden input: TFLM's outputs and top class."""
    readme = (out / 'README.md').read_text()
    for cmd in facts['build_commands'] + facts['flash_commands']:
        assert cmd in readme, f'{cmd!r} not in README.md'
    want = np.fromfile(os.path.join(GOLDEN, KWS, 'out_0_0.bin'), dtype=np.int8)
    m = re.search(r'^output:\s+(.*)$', readme, re.M)
    assert m, readme
    assert [int(v) for v in m.group(1).split() if v != '...'] == list(want[:16])
    m = re.search(r'^result:\s+class (\d+) ', readme, re.M)
    assert m and int(m.group(1)) == int(np.argmax(want)), readme
    assert re.search(r'^check:\s+PASS', readme, re.M)
    assert 'input:    in_0_0.bin' in readme
    return readme


def cmake_list(text, start):
    """The quoted or bare words of a CMake call starting at `start` (up to its closing parenthesis)."""
    i = text.index(start)
    body = text[i + len(start):text.index(')', i)]
    return [w.strip('"') for w in body.split()]


def kconfig(path):
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            key, value = line.split('=', 1)
            values[key] = value
    return values


def no_unrendered(out):
    for p in out.rglob('*'):
        if p.is_file() and p.suffix in ('.c', '.h', '.cpp', '.ino', '.txt', '.md', '.ini', '.conf', '.json', '.properties',
                                         '.defaults'):
            assert not re.search(r'@[A-Z][A-Z0-9_]*@', p.read_text()), f'unrendered template variable in {p}'


# --- ESP-IDF ------------------------------------------------------------------------------------

def test_esp_idf_project(tmp_path):
    board = 'esp32-c3-devkitm-1'
    b, core = board_facts(board)
    target = b['deploy']['esp_idf']['target']
    out, facts = deploy(tmp_path, 'esp-idf', board)
    no_unrendered(out)
    assert facts['build_commands'] == [f'idf.py set-target {target}', 'idf.py build']
    assert facts['flash_commands'] == ['idf.py -p PORT flash monitor']
    readme = check_readme(out, facts)

    top = (out / 'CMakeLists.txt').read_text()
    assert 'include($ENV{IDF_PATH}/tools/cmake/project.cmake)' in top
    assert re.search(rf'^project\({KWS}\)$', top, re.M)
    assert top.index('cmake_minimum_required') < top.index('include($ENV{IDF_PATH}') < top.index('project(')
    main = (out / 'main' / 'CMakeLists.txt').read_text()
    words = cmake_list(main, 'idf_component_register(')
    assert words[words.index('SRCS') + 1] == 'main.c'
    assert 'mcuforge_' + KWS in words and 'esp_timer' in words  # PRIV_REQUIRES the model and esp_timer
    assert 'void app_main(void)' in (out / 'main' / 'main.c').read_text()

    comp = out / 'components' / ('mcuforge_' + KWS)
    check_library(comp)
    ctext = (comp / 'CMakeLists.txt').read_text()
    words = cmake_list(ctext, 'idf_component_register(')
    srcs = words[words.index('SRCS') + 1:words.index('INCLUDE_DIRS')]
    assert sorted(srcs) == sorted(str(p.relative_to(comp)) for p in library_c_files(comp))
    assert words[words.index('INCLUDE_DIRS') + 1] == '.'
    assert 'target_compile_options(${COMPONENT_LIB} PRIVATE -ffp-contract=off)' in ctext

    cfg = kconfig(out / 'sdkconfig.defaults')
    assert cfg['CONFIG_IDF_TARGET'] == f'"{target}"'
    assert cfg['CONFIG_COMPILER_OPTIMIZATION_PERF'] == 'y'
    assert int(cfg['CONFIG_ESP_MAIN_TASK_STACK_SIZE']) >= 4096
    assert cfg['CONFIG_ESP_CONSOLE_UART_BAUDRATE'] == '115200'

    check_console(cmake_build_and_run(tmp_path, out, 'IDF_PATH', FAKE_IDF, f'{KWS}.elf'), readme)
    compile_c(core, library_c_files(comp), [comp], tmp_path)
    compile_c(core, [out / 'main' / 'main.c'], [comp, *STUB_INCLUDES], tmp_path, std='gnu17')


# --- Arduino ------------------------------------------------------------------------------------

def test_arduino_library(tmp_path):
    board = 'nano-33-ble'
    b, core = board_facts(board)
    fqbn, pkg = b['deploy']['arduino']['fqbn'], b['deploy']['arduino']['core']
    out, facts = deploy(tmp_path, 'arduino', board)
    no_unrendered(out)
    sketch = f'{KWS}_demo'
    assert facts['build_commands'][-1] == f'arduino-cli compile --fqbn {fqbn} --library . examples/{sketch}'
    assert f'arduino-cli core install {pkg}' in facts['build_commands']
    assert facts['flash_commands'] == [f'arduino-cli upload -p PORT --fqbn {fqbn} examples/{sketch}',
                                       'arduino-cli monitor -p PORT -c baudrate=115200']
    readme = check_readme(out, facts)

    props = dict(line.split('=', 1) for line in (out / 'library.properties').read_text().splitlines() if '=' in line)
    for key in ['name', 'version', 'author', 'maintainer', 'sentence', 'paragraph', 'category', 'url', 'architectures',
                'includes']:
        assert props.get(key), f'library.properties has no {key}'
    assert props['name'] == KWS
    assert re.fullmatch(r'\d+\.\d+\.\d+', props['version'])
    assert props['category'] in {'Display', 'Communication', 'Signal Input/Output', 'Sensors', 'Device Control', 'Timing',
                                 'Data Storage', 'Data Processing', 'Other'}
    assert props['architectures'] == fqbn.split(':')[1] == 'mbed_nano'
    for h in props['includes'].split(','):
        assert (out / 'src' / h.strip()).is_file()
    check_library(out / 'src')
    for c in library_c_files(out / 'src'):  # Arduino has no per-library flags: each file says it
        head = c.read_text()[:400]
        assert '#pragma GCC optimize("fp-contract=off")' in head, c

    ino = out / 'examples' / sketch / f'{sketch}.ino'
    text = ino.read_text()
    assert 'Serial.begin(115200)' in text and 'micros()' in text
    assert re.search(r'^void setup\(\)', text, re.M) and re.search(r'^void loop\(\)', text, re.M)

    check_console(host_build_and_run(tmp_path, library_c_files(out / 'src'), [out / 'src', FAKE_ARDUINO],
                                     [ino, os.path.join(FAKE_ARDUINO, 'arduino_host.cpp')]), readme)
    compile_c(core, library_c_files(out / 'src'), [out / 'src'], tmp_path)
    compile_cxx(core, ino, [*STUB_INCLUDES, out / 'src'], tmp_path)


# --- PlatformIO ---------------------------------------------------------------------------------

@pytest.mark.parametrize('board', ['nucleo-f411re', 'rpi-pico', 'esp32-s3-devkitc-1-n8r8'])
def test_platformio_project(tmp_path, board):
    b, core = board_facts(board)
    pio = b['deploy']['platformio']
    out, facts = deploy(tmp_path, 'platformio', board)
    no_unrendered(out)
    assert facts['build_commands'] == ['pio run']
    assert facts['flash_commands'] == ['pio run -t upload', 'pio device monitor']
    readme = check_readme(out, facts)

    ini = configparser.ConfigParser()
    ini.read(out / 'platformio.ini')
    assert ini['platformio']['default_envs'] == board
    env = ini[f'env:{board}']
    assert env['platform'] == pio['platform'] and env['board'] == pio['board'] and env['framework'] == pio['framework']
    assert env['monitor_speed'] == '115200'
    assert '-ffp-contract=off' in env['build_flags'].split()

    lib = out / 'lib' / KWS
    manifest = json.loads((lib / 'library.json').read_text())
    assert manifest['name'] == KWS and '-ffp-contract=off' in manifest['build']['flags']
    check_library(lib / 'src')
    assert not (lib / 'include').exists()  # the LDF adds src/ to the include path
    srcs = sorted(p.name for p in (out / 'src').iterdir())
    if pio['framework'] == 'arduino':
        assert srcs == ['main.cpp']
        text = (out / 'src' / 'main.cpp').read_text()
        assert '#include <Arduino.h>' in text and 'Serial.begin(115200)' in text
    elif pio['framework'] == 'espidf':
        assert srcs == ['CMakeLists.txt', 'main.c'] and 'void app_main(void)' in (out / 'src' / 'main.c').read_text()
        assert re.search(rf'^project\({KWS}\)$', (out / 'CMakeLists.txt').read_text(), re.M)
        assert 'idf_component_register(SRCS "main.c"' in (out / 'src' / 'CMakeLists.txt').read_text()
        cfg = kconfig(out / 'sdkconfig.defaults')
        assert 'CONFIG_IDF_TARGET' not in cfg  # PlatformIO sets the target from the board
        assert cfg['CONFIG_COMPILER_OPTIMIZATION_PERF'] == 'y'
    else:
        pytest.fail(f'untested framework {pio["framework"]}')

    if pio['framework'] == 'arduino':
        stdout = host_build_and_run(tmp_path, library_c_files(lib / 'src'), [lib / 'src', FAKE_ARDUINO],
                                    [out / 'src' / 'main.cpp', os.path.join(FAKE_ARDUINO, 'arduino_host.cpp')])
    else:
        timer = os.path.join(FAKE_IDF, 'components', 'esp_timer')
        stdout = host_build_and_run(tmp_path, library_c_files(lib / 'src') + [
            out / 'src' / 'main.c', os.path.join(timer, 'esp_timer_host.c'), os.path.join(FAKE_IDF, 'startup_host.c')],
            [lib / 'src', os.path.join(timer, 'include')])
    check_console(stdout, readme)

    compile_c(core, library_c_files(lib / 'src'), [lib / 'src'], tmp_path)
    if pio['framework'] == 'arduino':
        compile_cxx(core, out / 'src' / 'main.cpp', [*STUB_INCLUDES, lib / 'src'], tmp_path)
    else:
        compile_c(core, [out / 'src' / 'main.c'], [lib / 'src', *STUB_INCLUDES], tmp_path, std='gnu17')


# --- Zephyr -------------------------------------------------------------------------------------

@pytest.mark.parametrize('board', ['nucleo-h743zi2', 'nrf5340-dk', 'rpi-pico'])
def test_zephyr_application(tmp_path, board):
    b, core = board_facts(board)
    zboard = b['deploy']['zephyr']['board']
    out, facts = deploy(tmp_path, 'zephyr', board)
    no_unrendered(out)
    assert facts['build_commands'] == [f'west build -b {zboard} .']
    assert facts['flash_commands'] == ['west flash']
    readme = check_readme(out, facts)

    cm = (out / 'CMakeLists.txt').read_text()
    assert 'find_package(Zephyr REQUIRED HINTS $ENV{ZEPHYR_BASE})' in cm
    assert re.search(rf'^project\({KWS}\)$', cm, re.M)
    srcs = cmake_list(cm, 'target_sources(app PRIVATE')
    model = out / 'model'
    check_library(model)
    assert sorted(srcs) == sorted(['src/main.c'] + [str(p.relative_to(out)) for p in library_c_files(model)])
    assert 'target_include_directories(app PRIVATE model)' in cm
    assert 'target_compile_options(app PRIVATE -ffp-contract=off)' in cm

    conf = kconfig(out / 'prj.conf')
    assert conf['CONFIG_PRINTK'] == 'y' and conf['CONFIG_CONSOLE'] == 'y'
    assert int(conf['CONFIG_MAIN_STACK_SIZE']) >= 2048
    has_fpu = 'fpu-sp' in core['isa'] or 'fpu-dp' in core['isa']  # boards/cores isa set
    assert conf.get('CONFIG_FPU') == ('y' if has_fpu else None)

    main = (out / 'src' / 'main.c').read_text()
    assert 'printk("%s", text)' in main and 'k_cycle_get_32()' in main and 'sys_clock_hw_cycles_per_sec()' in main
    assert re.search(r'^int main\(void\)', main, re.M)

    check_console(cmake_build_and_run(tmp_path, out, 'ZEPHYR_BASE', FAKE_ZEPHYR, 'zephyr.elf'), readme)
    compile_c(core, library_c_files(model), [model], tmp_path)
    compile_c(core, [out / 'src' / 'main.c'], [model, *STUB_INCLUDES], tmp_path, std='gnu11')


# --- refusals -----------------------------------------------------------------------------------

@pytest.mark.parametrize('kind,board', [('esp-idf', 'nucleo-f446re'), ('arduino', 'nrf5340-dk'),
                                        ('zephyr', 'esp32-devkitc'), ('platformio', 'nrf5340-dk')])
def test_board_without_the_kind_is_refused(tmp_path, kind, board):
    out = tmp_path / 'proj'
    r = subprocess.run([MCUFORGE, 'deploy', os.path.join(MODELS, KWS + '.tflite'), '--board', board, '--project', kind,
                        '-o', str(out)], capture_output=True, text=True)
    assert_refused(r, out)
    error = next(l for l in r.stderr.splitlines() if l.startswith('mcuforge: error:'))
    assert kind in error and board in error, error
    assert not out.exists(), 'a project was written'
    assert sorted(p.name for p in tmp_path.iterdir()) == [], 'something was written beside -o'
