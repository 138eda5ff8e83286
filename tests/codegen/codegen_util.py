# SPDX-License-Identifier: Apache-2.0
"""Steps the codegen tests share: `mcuforge compile` / `mcuforge run`, building the generated C with
gcc and clang (-std=c99 -Wall -Wextra -Werror -pedantic) around harness.c, running it and comparing
its outputs byte for byte; plus converting small TensorFlow graphs (tensorflow is imported only there,
so tests without it can use the rest)."""
import json
import os
import shutil
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MCUFORGE = os.environ.get('MCUFORGE', os.path.join(ROOT, 'build', 'host-release', 'cli', 'mcuforge'))
HARNESS = os.path.join(ROOT, 'tests', 'codegen', 'harness.c')
CFLAGS = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-O1']
COMPILERS = [c for c in ('gcc', 'clang') if shutil.which(c)]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, ' '.join(cmd) + '\n' + r.stderr[-4000:]


def compile_model(model, out_dir):
    """`mcuforge compile` into out_dir (name 'model'); returns report.json."""
    run([MCUFORGE, 'compile', str(model), '-o', str(out_dir), '--name', 'model'])
    return json.load(open(os.path.join(str(out_dir), 'report.json')))


def report_ops(report):
    return {row['op'] for row in report['ops']}


def run_host(model, inputs, out_dir):
    """`mcuforge run` on input files, writing out_<k>.bin into out_dir."""
    args = [MCUFORGE, 'run', str(model), '--output-dir', str(out_dir)]
    for i in inputs:
        args += ['--input', str(i)]
    run(args)


def build(src_dir, cc, exe):
    kernels = os.path.join(src_dir, 'mcuforge', 'kernels')
    sources = [os.path.join(src_dir, f) for f in sorted(os.listdir(src_dir)) if f.endswith('.c')]
    sources += [os.path.join(kernels, f) for f in sorted(os.listdir(kernels)) if f.endswith('.c')]
    run([cc, *CFLAGS, '-I', src_dir, '-I', os.path.join(src_dir, 'mcuforge', 'include'),
         '-I', os.path.join(src_dir, 'mcuforge', 'internal'), HARNESS, *sources, '-lm', '-o', exe])


def read_output(out_dir, k):
    with open(os.path.join(str(out_dir), 'out_%d.bin' % k), 'rb') as f:
        return f.read()


def check_generated(src_dir, work_dir, sets, outputs):
    """Builds the generated code in src_dir with every compiler, runs it on each (inputs, host_dir) of
    `sets` and requires its `outputs` output files to equal host_dir's (from `mcuforge run`)."""
    assert COMPILERS, 'no C compiler'
    for cc in COMPILERS:
        exe = os.path.join(str(work_dir), 'model_' + cc)
        build(str(src_dir), cc, exe)
        for n, (inputs, host) in enumerate(sets):
            out = os.path.join(str(work_dir), 'out_%s_%d' % (cc, n))
            os.mkdir(out)
            run([exe, out, *[str(i) for i in inputs]])
            for k in range(outputs):
                assert read_output(out, k) == read_output(host, k), \
                    'set %d: generated output %d differs from mcuforge run (%s)' % (n, k, cc)


def random_input(np, rng, detail):
    """Random values for one TFLite input: float32 uniform in [-2, 2), integers over the whole type."""
    if detail['dtype'] == np.float32:
        return rng.uniform(-2, 2, detail['shape']).astype(np.float32)
    info = np.iinfo(detail['dtype'])
    return rng.integers(info.min, info.max + 1, detail['shape']).astype(detail['dtype'])


def convert(graph, specs, supported_ops=None, io_type=None):
    """TFLite flatbuffer of `graph` (a function of tensors matching `specs`). With supported_ops,
    quantized after calibration on 16 uniform [-2, 2) samples; io_type sets the input and output type."""
    import numpy as np
    import tensorflow as tf
    fn = tf.function(graph, input_signature=specs)
    conv = tf.lite.TFLiteConverter.from_concrete_functions([fn.get_concrete_function()], fn)
    if supported_ops is not None:
        rng = np.random.default_rng(1)

        def rep():
            for _ in range(16):
                yield [rng.uniform(-2, 2, s.shape).astype(np.float32) for s in specs]

        conv.optimizations = [tf.lite.Optimize.DEFAULT]
        conv.representative_dataset = rep
        conv.target_spec.supported_ops = [supported_ops]
        if io_type is not None:
            conv.inference_input_type = io_type
            conv.inference_output_type = io_type
    return conv.convert()
