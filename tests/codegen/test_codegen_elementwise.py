# SPDX-License-Identifier: Apache-2.0
"""Generated code for the element-wise ops vs `mcuforge run`.

The golden corpus uses DIV, MAXIMUM, MINIMUM, TANH, CAST, int16 SOFTMAX and broadcasting sparsely, so
this test converts small TensorFlow graphs that chain them (float32, int8 with float I/O, int16x8),
compiles each with `mcuforge compile`, builds the C with gcc/clang (-std=c99 -pedantic -Werror, as
test_codegen_golden) and requires outputs byte-equal to `mcuforge run`. The chains let the planner
write outputs over dying inputs, so the in-place paths are exercised too. Skipped when tensorflow is
not installed.
"""
import pytest

np = pytest.importorskip('numpy')
tf = pytest.importorskip('tensorflow')

from codegen_util import check_generated, compile_model, convert, random_input, report_ops, run_host

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


# quantization: the converter's supported ops and the model's input / output type
QUANT = {
    None: (None, None),
    # float input and output: QUANTIZE / DEQUANTIZE at the model's edges
    'int8': (tf.lite.OpsSet.TFLITE_BUILTINS_INT8, None),
    'int16': (tf.lite.OpsSet.EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8, tf.int16),
}


@pytest.mark.parametrize('case', sorted(CASES))
def test_elementwise_codegen(case, tmp_path):
    graph, quant, expected = CASES[case]
    model = tmp_path / 'ew.tflite'
    model.write_bytes(convert(graph, SPECS, *QUANT[quant]))
    src = tmp_path / 'gen'
    ops = report_ops(compile_model(model, src))
    assert expected <= ops, 'converter produced %s' % sorted(ops)

    interp = tf.lite.Interpreter(model_content=model.read_bytes())
    rng = np.random.default_rng(7)
    sets = []
    for n in range(3):
        inputs = []
        for k, d in enumerate(interp.get_input_details()):
            path = tmp_path / ('in_%d_%d.bin' % (n, k))
            path.write_bytes(random_input(np, rng, d).tobytes())
            inputs.append(str(path))
        host = tmp_path / ('host_%d' % n)
        run_host(model, inputs, host)
        sets.append((inputs, host))

    check_generated(src, tmp_path, sets, len(interp.get_output_details()))
