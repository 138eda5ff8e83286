# SPDX-License-Identifier: Apache-2.0
"""Generated code for the data-movement ops vs `mcuforge run` (and the TFLite interpreter).

The golden corpus hardly uses CONCATENATION, STRIDED_SLICE, TRANSPOSE, SPLIT, UNPACK, PACK and FILL,
so this test converts small TensorFlow graphs that chain them (float32 and int8), compiles each with
`mcuforge compile`, builds the C with gcc/clang (-std=c99 -pedantic -Werror, as test_codegen_golden)
and requires byte-equal outputs. Pure data movement is exact, so the float model must also match the
TFLite interpreter. Skipped when tensorflow is not installed.
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


def movers(x, y, with_fill):
    k = tf.constant(np.arange(4 * 1 * 3, dtype=np.float32).reshape(1, 4, 1, 3) / 8.0)
    c = tf.concat([x, k, y], axis=2)                      # CONCATENATION, a constant among the inputs
    s = c[:, 1:4, ::-2, :]                                # STRIDED_SLICE, negative stride
    t = tf.transpose(s, [0, 3, 1, 2])                     # TRANSPOSE
    a, b = tf.split(t, 2, axis=3)                         # SPLIT
    u = tf.unstack(a, axis=1)                             # UNPACK
    p = tf.stack([u[2], b[:, 0], u[0]], axis=1)           # PACK
    outs = [p, u[1], tf.concat([x, x], axis=-1)]
    if with_fill:
        outs.append(tf.fill([2, 3], x[0, 1, 2, 0]))       # FILL of a (shrunk) STRIDED_SLICE scalar
    return outs


SPECS = [tf.TensorSpec([1, 4, 6, 3], tf.float32), tf.TensorSpec([1, 4, 1, 3], tf.float32)]
EXPECTED = {'CONCATENATION', 'STRIDED_SLICE', 'TRANSPOSE', 'SPLIT', 'UNPACK', 'PACK'}


def convert(int8):
    fn = tf.function(lambda x, y: movers(x, y, not int8), input_signature=SPECS)
    conv = tf.lite.TFLiteConverter.from_concrete_functions([fn.get_concrete_function()], fn)
    if int8:
        rng = np.random.default_rng(1)

        def rep():
            for _ in range(16):
                yield [rng.uniform(-2, 2, s.shape).astype(np.float32) for s in SPECS]

        conv.optimizations = [tf.lite.Optimize.DEFAULT]
        conv.representative_dataset = rep
        conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        conv.inference_input_type = tf.int8
        conv.inference_output_type = tf.int8
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


@pytest.mark.parametrize('int8', [False, True], ids=['float32', 'int8'])
def test_data_movement_codegen(int8, tmp_path):
    model = tmp_path / 'movers.tflite'
    model.write_bytes(convert(int8))
    src = tmp_path / 'gen'
    run([MCUFORGE, 'compile', str(model), '-o', str(src), '--name', 'model'])
    report = json.load(open(src / 'report.json'))
    ops = {row['op'] for row in report['ops']}
    want = EXPECTED | (set() if int8 else {'FILL'})
    assert want <= ops, 'converter produced %s' % sorted(ops)

    interp = tf.lite.Interpreter(model_content=model.read_bytes())
    interp.allocate_tensors()
    rng = np.random.default_rng(7)
    inputs = []
    for k, d in enumerate(interp.get_input_details()):
        if d['dtype'] == np.float32:
            v = rng.uniform(-2, 2, d['shape']).astype(np.float32)
        else:
            v = rng.integers(-128, 128, d['shape']).astype(d['dtype'])
        path = tmp_path / ('in_%d.bin' % k)
        path.write_bytes(v.tobytes())
        inputs.append(str(path))
        interp.set_tensor(d['index'], v)
    interp.invoke()

    host = tmp_path / 'host'
    args = [MCUFORGE, 'run', str(model), '--output-dir', str(host)]
    for i in inputs:
        args += ['--input', i]
    run(args)
    outputs = interp.get_output_details()
    for k, d in enumerate(outputs):
        want = interp.get_tensor(d['index']).tobytes()
        got = open(host / ('out_%d.bin' % k), 'rb').read()
        if not int8:
            assert got == want, 'mcuforge run output %d differs from TFLite' % k

    assert COMPILERS, 'no C compiler'
    for cc in COMPILERS:
        exe = str(tmp_path / ('model_' + cc))
        build(str(src), cc, exe)
        out = tmp_path / ('out_' + cc)
        out.mkdir()
        run([exe, str(out), *inputs])
        for k in range(len(outputs)):
            got = open(out / ('out_%d.bin' % k), 'rb').read()
            want = open(host / ('out_%d.bin' % k), 'rb').read()
            assert got == want, 'generated code output %d differs from mcuforge run (%s)' % (k, cc)
