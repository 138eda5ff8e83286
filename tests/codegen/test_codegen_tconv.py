# SPDX-License-Identifier: Apache-2.0
"""Generated code for the tconv family vs `mcuforge run`: a small conv-autoencoder decoder (two
TRANSPOSE_CONV layers, SAME stride 2 with bias and ReLU, then VALID stride 3 without activation)
converted with TensorFlow in float32, full int8 and int16x8, plus random single-op TRANSPOSE_CONV and
L2_POOL_2D models from the oracle generators (tests/oracle/gen_tconv.py), compiled with `mcuforge
compile`, built with gcc/clang (-std=c99 -pedantic -Werror) and run on the host: outputs byte-equal.
The int8 decoder also runs through `mcuforge verify --core cortex-m4` (QEMU) when the Arm toolchain is
installed, where the DSP variant mf_transpose_conv_s8__cm_dsp must run. Skipped when tensorflow is not
installed.
"""
import json
import os
import shutil
import subprocess
import sys

import pytest

np = pytest.importorskip('numpy')
tf = pytest.importorskip('tensorflow')

from codegen_util import MCUFORGE, check_generated, compile_model, convert, random_input, report_ops, run_host

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'oracle'))
import random_ops as ro  # noqa: E402  (loads gen_tconv.py)

HAVE_ARM = bool(shutil.which('arm-none-eabi-gcc') and shutil.which('qemu-system-arm'))


def decoder(x):
    rng = np.random.default_rng(5)
    w1 = tf.constant(rng.uniform(-0.5, 0.5, (3, 3, 6, 4)).astype(np.float32))  # HW, out, in
    b1 = tf.constant(rng.uniform(-0.2, 0.2, (6,)).astype(np.float32))
    w2 = tf.constant(rng.uniform(-0.5, 0.5, (4, 4, 2, 6)).astype(np.float32))
    y = tf.nn.relu(tf.nn.conv2d_transpose(x, w1, [1, 10, 10, 6], strides=2, padding='SAME') + b1)
    return [tf.nn.conv2d_transpose(y, w2, [1, 31, 31, 2], strides=3, padding='VALID')]


SPECS = [tf.TensorSpec([1, 5, 5, 4], tf.float32)]
INT16X8 = tf.lite.OpsSet.EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8
QUANT = {'float32': (), 'int8': (tf.lite.OpsSet.TFLITE_BUILTINS_INT8, tf.int8), 'int16x8': (INT16X8, tf.int16)}


def compare(model, tmp_path, expect_ops, n_sets=2):
    src = tmp_path / 'gen'
    ops = report_ops(compile_model(model, src))
    assert expect_ops <= ops, 'model has %s' % sorted(ops)
    interp = tf.lite.Interpreter(model_content=model.read_bytes())
    rng = np.random.default_rng(11)
    sets = []
    for n in range(n_sets):
        inputs = []
        for k, d in enumerate(interp.get_input_details()):
            path = tmp_path / ('in_%d_%d.bin' % (n, k))
            path.write_bytes(random_input(np, rng, d).tobytes())
            inputs.append(str(path))
        host = tmp_path / ('host_%d' % n)
        run_host(model, inputs, host)
        sets.append((inputs, host))
    check_generated(src, tmp_path, sets, len(interp.get_output_details()))


@pytest.mark.parametrize('kind', sorted(QUANT))
def test_decoder_codegen(kind, tmp_path):
    model = tmp_path / 'decoder.tflite'
    model.write_bytes(convert(decoder, SPECS, *QUANT[kind]))
    compare(model, tmp_path, {'TRANSPOSE_CONV'})


@pytest.mark.parametrize('op,dtype', [('TRANSPOSE_CONV', 'float32'), ('TRANSPOSE_CONV', 'int8'),
                                      ('TRANSPOSE_CONV', 'int16'), ('L2_POOL_2D', 'float32')])
def test_random_single_op_codegen(op, dtype, tmp_path):
    for n, case in enumerate(ro.make_cases(op, dtype, 3, 1234)):
        d = tmp_path / str(n)
        d.mkdir()
        model = d / 'op.tflite'
        model.write_bytes(case.model)
        compare(model, d, {op}, n_sets=1)


@pytest.mark.skipif(not HAVE_ARM, reason='arm-none-eabi-gcc / qemu-system-arm missing')
def test_decoder_verify_cortex_m4(tmp_path):
    model = tmp_path / 'decoder.tflite'
    model.write_bytes(convert(decoder, SPECS, *QUANT['int8']))
    r = subprocess.run([MCUFORGE, 'verify', str(model), '--core', 'cortex-m4', '--json'],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    j = json.loads(r.stdout)
    assert j['bit_exact'] is True
    by_fn = {f['function']: f['instructions'] for f in j['instructions_by_function']}
    # The Cortex-M4 has the DSP extension: the SIMD variant runs, with TFLM's bytes.
    assert by_fn.get('mf_transpose_conv_s8__cm_dsp', 0) > 0, sorted(by_fn)
    print('cortex-m4: %d instructions, TRANSPOSE_CONV %d' % (j['instructions'], by_fn['mf_transpose_conv_s8__cm_dsp']))
