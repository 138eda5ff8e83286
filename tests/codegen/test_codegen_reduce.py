# SPDX-License-Identifier: Apache-2.0
"""Generated code for the reductions vs `mcuforge run`: a small Keras-style classifier head (conv,
GlobalAveragePooling2D, i.e. MEAN over H and W, dense) next to SUM, REDUCE_MAX and REDUCE_MIN over
other axes, converted with TensorFlow (float32 and full int8), compiled with `mcuforge compile`, built
with gcc/clang (-std=c99 -pedantic -Werror) and run on the host: outputs byte-equal. The int8 model is
also run through `mcuforge verify --core cortex-m4` (QEMU) when the Arm toolchain is installed, which
reports bit-exactness and the instruction count. Skipped when tensorflow is not installed.
"""
import json
import shutil
import subprocess

import pytest

np = pytest.importorskip('numpy')
tf = pytest.importorskip('tensorflow')

from codegen_util import MCUFORGE, check_generated, compile_model, convert, random_input, report_ops, run_host

HAVE_ARM = bool(shutil.which('arm-none-eabi-gcc') and shutil.which('qemu-system-arm'))


def head(x):
    w = tf.constant(np.random.default_rng(3).uniform(-0.5, 0.5, (3, 3, 3, 16)).astype(np.float32))
    d = tf.constant(np.random.default_rng(4).uniform(-0.5, 0.5, (16, 5)).astype(np.float32))
    c = tf.nn.relu(tf.nn.conv2d(x, w, strides=1, padding='SAME'))
    gap = tf.reduce_mean(c, axis=[1, 2])                  # GlobalAveragePooling2D
    return [tf.matmul(gap, d),
            tf.reduce_sum(c, axis=[3], keepdims=True),     # SUM over channels
            tf.reduce_max(c, axis=[1]),                    # REDUCE_MAX over H
            tf.reduce_min(x, axis=[-1, 0])]                # REDUCE_MIN, negative axis


SPECS = [tf.TensorSpec([1, 10, 12, 3], tf.float32)]


def build_and_compare(model, tmp_path):
    src = tmp_path / 'gen'
    ops = report_ops(compile_model(model, src))
    assert {'MEAN', 'SUM', 'REDUCE_MAX', 'REDUCE_MIN'} <= ops, 'converter produced %s' % sorted(ops)
    interp = tf.lite.Interpreter(model_content=model.read_bytes())
    rng = np.random.default_rng(11)
    sets = []
    for n in range(2):
        inputs = []
        for k, d in enumerate(interp.get_input_details()):
            path = tmp_path / ('in_%d_%d.bin' % (n, k))
            path.write_bytes(random_input(np, rng, d).tobytes())
            inputs.append(str(path))
        host = tmp_path / ('host_%d' % n)
        run_host(model, inputs, host)
        sets.append((inputs, host))
    check_generated(src, tmp_path, sets, len(interp.get_output_details()))


@pytest.mark.parametrize('int8', [False, True], ids=['float32', 'int8'])
def test_reduce_codegen(int8, tmp_path):
    model = tmp_path / 'head.tflite'
    quant = (tf.lite.OpsSet.TFLITE_BUILTINS_INT8, tf.int8) if int8 else ()
    model.write_bytes(convert(head, SPECS, *quant))
    build_and_compare(model, tmp_path)


@pytest.mark.skipif(not HAVE_ARM, reason='arm-none-eabi-gcc / qemu-system-arm missing')
def test_gap_verify_cortex_m4(tmp_path):
    model = tmp_path / 'gap.tflite'
    model.write_bytes(convert(lambda x: [head(x)[0]], SPECS, tf.lite.OpsSet.TFLITE_BUILTINS_INT8, tf.int8))
    r = subprocess.run([MCUFORGE, 'verify', str(model), '--core', 'cortex-m4', '--json'],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    j = json.loads(r.stdout)
    assert j['bit_exact'] is True
    by_fn = {f['function']: f['instructions'] for f in j['instructions_by_function']}
    # The Cortex-M4 has the DSP extension: the SIMD variant runs, with TFLM's bytes.
    assert by_fn.get('mf_reduce_sum_s8__cm_dsp', 0) > 0, sorted(by_fn)
    print('cortex-m4: %d instructions, GAP %d' % (j['instructions'], by_fn['mf_reduce_sum_s8__cm_dsp']))


def test_reduce_all_codegen(tmp_path):
    """REDUCE_ALL on bool tensors (uint8_t in generated code, run by the int8 min kernel)."""
    model = tmp_path / 'all.tflite'
    model.write_bytes(convert(lambda b: [tf.reduce_all(b, axis=[1]), tf.reduce_all(b, axis=[0, 2], keepdims=True)],
                              [tf.TensorSpec([3, 4, 5], tf.bool)]))
    src = tmp_path / 'gen'
    assert 'REDUCE_ALL' in report_ops(compile_model(model, src))
    rng = np.random.default_rng(5)
    sets = []
    for n in range(3):
        path = tmp_path / ('in_%d.bin' % n)
        path.write_bytes((rng.random((3, 4, 5)) < (0.5, 0.9, 1.0)[n]).astype(np.uint8).tobytes())
        host = tmp_path / ('host_%d' % n)
        run_host(model, [str(path)], host)
        sets.append(([str(path)], host))
    check_generated(src, tmp_path, sets, 2)
