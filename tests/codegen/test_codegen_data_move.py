# SPDX-License-Identifier: Apache-2.0
"""Generated code for the data-movement ops vs `mcuforge run` (and the TFLite interpreter).

The golden corpus hardly uses CONCATENATION, STRIDED_SLICE, TRANSPOSE, SPLIT, UNPACK, PACK and FILL,
so this test converts small TensorFlow graphs that chain them (float32 and int8), compiles each with
`mcuforge compile`, builds the C with gcc/clang (-std=c99 -pedantic -Werror, as test_codegen_golden)
and requires byte-equal outputs. Pure data movement is exact, so the float model must also match the
TFLite interpreter. Skipped when tensorflow is not installed.
"""
import pytest

np = pytest.importorskip('numpy')
tf = pytest.importorskip('tensorflow')

from codegen_util import check_generated, compile_model, convert, random_input, read_output, report_ops, run_host


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


@pytest.mark.parametrize('int8', [False, True], ids=['float32', 'int8'])
def test_data_movement_codegen(int8, tmp_path):
    model = tmp_path / 'movers.tflite'
    quant = (tf.lite.OpsSet.TFLITE_BUILTINS_INT8, tf.int8) if int8 else ()
    model.write_bytes(convert(lambda x, y: movers(x, y, not int8), SPECS, *quant))
    src = tmp_path / 'gen'
    ops = report_ops(compile_model(model, src))
    want = EXPECTED | (set() if int8 else {'FILL'})
    assert want <= ops, 'converter produced %s' % sorted(ops)

    interp = tf.lite.Interpreter(model_content=model.read_bytes())
    interp.allocate_tensors()
    rng = np.random.default_rng(7)
    inputs = []
    for k, d in enumerate(interp.get_input_details()):
        v = random_input(np, rng, d)
        path = tmp_path / ('in_%d.bin' % k)
        path.write_bytes(v.tobytes())
        inputs.append(str(path))
        interp.set_tensor(d['index'], v)
    interp.invoke()

    host = tmp_path / 'host'
    run_host(model, inputs, host)
    outputs = interp.get_output_details()
    if not int8:
        for k, d in enumerate(outputs):
            assert read_output(host, k) == interp.get_tensor(d['index']).tobytes(), \
                'mcuforge run output %d differs from TFLite' % k

    check_generated(src, tmp_path, [(inputs, host)], len(outputs))
