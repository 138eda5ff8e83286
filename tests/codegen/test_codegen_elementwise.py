# SPDX-License-Identifier: Apache-2.0
"""Generated code for the element-wise ops vs `mcuforge run`.

The golden corpus uses DIV, MAXIMUM, MINIMUM, TANH, CAST, int16 SOFTMAX and broadcasting sparsely, so
this test converts small TensorFlow graphs that chain them (float32, int8 with float I/O, int16x8),
compiles each with `mcuforge compile`, builds the C with gcc/clang (-std=c99 -pedantic -Werror, as
test_codegen_golden) and requires outputs byte-equal to `mcuforge run`. The chains let the planner
write outputs over dying inputs, so the in-place paths are exercised too. Skipped when tensorflow is
not installed.
"""
import json
import os
import shutil
import subprocess

import pytest

np = pytest.importorskip('numpy')
tf = pytest.importorskip('tensorflow')

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MCUFORGE = os.environ.get('MCUFORGE', os.path.join(ROOT, 'build', 'host-release', 'cli', 'mcuforge'))
HARNESS = os.path.join(ROOT, 'tests', 'codegen', 'harness.c')
CFLAGS = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-O1']
COMPILERS = [c for c in ('gcc', 'clang') if shutil.which(c)]

SPECS = [tf.TensorSpec([1, 4, 6, 3], tf.float32), tf.TensorSpec([1, 1, 6, 3], tf.float32)]


def graph_f32(x, y):
    a = x + y                                    # ADD, broadcast
    m = a * x                                    # MUL, both dying
    d = m / (y * y + 1.0)                        # DIV, broadcast divisor
    mx = tf.maximum(d, y)                        # MAXIMUM, broadcast
    mn = tf.minimum(mx, 0.5)                     # MINIMUM with a constant
    t = tf.tanh(mn)                              # TANH
    s = tf.sigmoid(t * 3.0)                      # LOGISTIC
    h = s * tf.nn.relu6(s + 3.0) / 6.0           # HARD_SWISH pattern
    sm = tf.nn.softmax(h + x)                    # SOFTMAX
    i = tf.cast(x * 4.0, tf.int32)               # CAST float -> int32
    j = tf.cast(y * 3.0, tf.int32)
    k = tf.maximum(i * j + i, j)                 # int32 MUL, ADD, MAXIMUM
    return [sm, tf.cast(k, tf.float32), mx]


def graph_quant(x, y):
    a = x + y                                    # ADD, broadcast
    m = a * x                                    # MUL
    mx = tf.maximum(m, y)                        # MAXIMUM, broadcast
    mn = tf.minimum(mx, x)                       # MINIMUM
    sm = tf.nn.softmax(mn)                       # SOFTMAX
    return [sm, a]


def graph_int8_act(x, y):
    t = tf.tanh(x)                               # TANH
    s = tf.sigmoid(x + y)                        # LOGISTIC
    h = t * tf.nn.relu6(t + 3.0) / 6.0           # HARD_SWISH
    return [tf.nn.softmax(h * s), s]


CASES = {
    'float32': (graph_f32, None, {'ADD', 'MUL', 'DIV', 'MAXIMUM', 'MINIMUM', 'TANH', 'LOGISTIC', 'SOFTMAX', 'CAST'}),
    'int8': (graph_quant, 'int8', {'ADD', 'MUL', 'MAXIMUM', 'MINIMUM', 'SOFTMAX', 'QUANTIZE', 'DEQUANTIZE'}),
    'int8_act': (graph_int8_act, 'int8', {'TANH', 'LOGISTIC', 'HARD_SWISH', 'SOFTMAX', 'MUL', 'ADD'}),
    'int16x8': (graph_quant, 'int16', {'ADD', 'MUL', 'MAXIMUM', 'MINIMUM', 'SOFTMAX'}),
}


def convert(graph, quant):
    fn = tf.function(graph, input_signature=SPECS)
    conv = tf.lite.TFLiteConverter.from_concrete_functions([fn.get_concrete_function()], fn)
    if quant:
        rng = np.random.default_rng(1)

        def rep():
            for _ in range(16):
                yield [rng.uniform(-2, 2, s.shape).astype(np.float32) for s in SPECS]

        conv.optimizations = [tf.lite.Optimize.DEFAULT]
        conv.representative_dataset = rep
        if quant == 'int8':
            # float input and output: QUANTIZE / DEQUANTIZE at the model's edges
            conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        else:
            conv.target_spec.supported_ops = [
                tf.lite.OpsSet.EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8]
            conv.inference_input_type = tf.int16
            conv.inference_output_type = tf.int16
    return conv.convert()


def build(src_dir, cc, exe):
    kernels = os.path.join(src_dir, 'mcuforge', 'kernels')
    sources = [os.path.join(src_dir, f) for f in sorted(os.listdir(src_dir)) if f.endswith('.c')]
    sources += [os.path.join(kernels, f) for f in sorted(os.listdir(kernels)) if f.endswith('.c')]
    run([cc, *CFLAGS, '-I', src_dir, '-I', os.path.join(src_dir, 'mcuforge', 'include'),
         '-I', os.path.join(src_dir, 'mcuforge', 'internal'), HARNESS, *sources, '-lm', '-o', exe])


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, ' '.join(cmd) + '\n' + r.stderr[-4000:]


@pytest.mark.parametrize('case', sorted(CASES))
def test_elementwise_codegen(case, tmp_path):
    graph, quant, expected = CASES[case]
    model = tmp_path / 'ew.tflite'
    model.write_bytes(convert(graph, quant))
    src = tmp_path / 'gen'
    run([MCUFORGE, 'compile', str(model), '-o', str(src), '--name', 'model'])
    report = json.load(open(src / 'report.json'))
    ops = {row['op'] for row in report['ops']}
    assert expected <= ops, 'converter produced %s' % sorted(ops)

    interp = tf.lite.Interpreter(model_content=model.read_bytes())
    rng = np.random.default_rng(7)
    sets = []
    for n in range(3):
        inputs = []
        for k, d in enumerate(interp.get_input_details()):
            if d['dtype'] == np.float32:
                v = rng.uniform(-2, 2, d['shape']).astype(np.float32)
            else:
                info = np.iinfo(d['dtype'])
                v = rng.integers(info.min, info.max + 1, d['shape']).astype(d['dtype'])
            path = tmp_path / ('in_%d_%d.bin' % (n, k))
            path.write_bytes(v.tobytes())
            inputs.append(str(path))
        host = tmp_path / ('host_%d' % n)
        args = [MCUFORGE, 'run', str(model), '--output-dir', str(host)]
        for i in inputs:
            args += ['--input', i]
        run(args)
        sets.append((inputs, host))

    assert COMPILERS, 'no C compiler'
    outputs = len(interp.get_output_details())
    for cc in COMPILERS:
        exe = str(tmp_path / ('model_' + cc))
        build(str(src), cc, exe)
        for n, (inputs, host) in enumerate(sets):
            out = tmp_path / ('out_%s_%d' % (cc, n))
            out.mkdir()
            run([exe, str(out), *inputs])
            for k in range(outputs):
                got = open(out / ('out_%d.bin' % k), 'rb').read()
                want = open(host / ('out_%d.bin' % k), 'rb').read()
                assert got == want, 'set %d: generated output %d differs from mcuforge run (%s)' % (n, k, cc)
