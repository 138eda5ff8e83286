# SPDX-License-Identifier: Apache-2.0
"""The bundled example is the one its script makes: examples/gesture/train.py (synthetic accelerometer
data, training, int8 conversion with a representative data set), checked for what the script guarantees
on any machine rather than for the bytes of a retrained file. TensorFlow's float kernels sum in a
CPU-dependent order (AVX2 vs AVX-512), so the trained weights, and the .tflite bytes, may differ from the
committed ones; these do not:
  - the script runs and writes gesture_int8.tflite, sample_input.npy, sample_label.txt, labels.txt and
    metrics.json; the labels and the sample's class come from seeded NumPy draws only, so they equal the
    committed files;
  - the model's ops (in order, with their MAC counts), input / output shapes and dtypes and weight bytes
    equal the committed model's (`mcuforge inspect --json` on both); int8 in and out, quantized;
  - its int8 accuracy on its own 1000 held-out windows is above MIN_INT8_ACCURACY, both as the script
    reports it (TensorFlow Lite's reference kernels) and as TFLM computes it here;
  - `mcuforge run` on the fresh model is bit-exact with the tflite-micro package, on the sample input
    and on held-out windows; the committed model still gives the committed demo result.

Runs train.py once (about 20 s of training on 2 idle cores). Environment: MCUFORGE (the binary).
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / 'examples' / 'gesture'
MCUFORGE = os.environ.get('MCUFORGE', str(REPO / 'build' / 'host-release' / 'cli' / 'mcuforge'))
sys.path.insert(0, str(EXAMPLE))
import gesture_data  # noqa: E402  (NumPy only: the data set train.py trains and evaluates on)

# Retrained with other TensorFlow seeds and with oneDNN plus two threads (what another CPU's float sums
# amount to), the int8 model scored 99.7-100% on the 1000 held-out windows; train.py itself fails
# below 90%. 97% leaves room for ten times the measured error rate and still catches a model that
# conversion or a script change has damaged (a single lost class costs 25%).
MIN_INT8_ACCURACY = 0.97
# Held-out windows run through both mcuforge and TFLM on the fresh model, besides the sample input
# (about 30 ms each for mcuforge).
BIT_EXACT_WINDOWS = 24
# The committed demo result: TFLM's (and mcuforge's) output for the committed sample, class 2 (circle).
COMMITTED_SAMPLE_OUTPUT = [-128, -128, 127, -128]
OUTPUT_FILES = ['gesture_int8.tflite', 'sample_input.npy', 'sample_label.txt', 'labels.txt', 'metrics.json']


# ---------------------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    """The directory train.py wrote its files to (one run for the whole module)."""
    pytest.importorskip('tensorflow', reason='pip install -r tests/requirements-tf.txt')
    out = tmp_path_factory.mktemp('gesture')
    r = subprocess.run([sys.executable, str(EXAMPLE / 'train.py'), '--out-dir', str(out)],
                       capture_output=True, text=True, timeout=480)
    if r.returncode != 0:
        pytest.fail(f'train.py exited {r.returncode}:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}', pytrace=False)
    return out


@pytest.fixture(scope='module')
def tflm():
    try:
        from tflite_micro.python.tflite_micro import runtime
    except ImportError as e:
        pytest.fail(f'needs the tflite-micro Python package ({e}): pip install -r tests/oracle/requirements.txt',
                    pytrace=False)
    return runtime


@pytest.fixture(scope='module')
def held_out():
    """(windows, labels) of the held-out split, regenerated here without TensorFlow."""
    _, _, x_test, y_test = gesture_data.make_splits()
    return x_test, y_test


def mcuforge(*args):
    r = subprocess.run([MCUFORGE, *[str(a) for a in args]], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, f'mcuforge {" ".join(map(str, args))} exited {r.returncode}: {r.stderr}'
    return r.stdout


def inspect(model):
    return json.loads(mcuforge('inspect', model, '--json'))


def mcuforge_output(model, input_npy, out_dir):
    mcuforge('run', model, '--input', input_npy, '--output-dir', out_dir)
    return (Path(out_dir) / 'out_0.bin').read_bytes()


def tflm_output(tflm, model_bytes, x):
    interp = tflm.Interpreter.from_bytes(model_bytes)
    interp.set_input(x, 0)
    interp.invoke()
    return np.ascontiguousarray(interp.get_output(0))


# ---------------------------------------------------------------------------------------------------------
# the data generator (no TensorFlow involved)


def test_data_generator_is_deterministic(held_out):
    """Same seed, same windows, bit for bit (on one machine; another CPU's SIMD sin/exp and BLAS may
    change the last bits of the values, never the labels or their order)."""
    x_test, y_test = held_out
    again = gesture_data.make_splits()
    assert np.array_equal(x_test, again[2]) and np.array_equal(y_test, again[3])
    assert x_test.shape == (4 * gesture_data.TEST_PER_CLASS, gesture_data.TIMESTEPS, gesture_data.AXES)
    assert x_test.dtype == np.float32
    assert np.bincount(y_test).tolist() == [gesture_data.TEST_PER_CLASS] * len(gesture_data.CLASSES)


def test_committed_sample_is_held_out_window(held_out):
    """The committed sample_input.npy is held-out window SAMPLE_INDEX quantized with the committed
    model's input parameters (within one step: the window's last bits may differ on another CPU)."""
    x_test, y_test = held_out
    i = gesture_data.SAMPLE_INDEX
    inp = inspect(EXAMPLE / 'gesture_int8.tflite')['inputs'][0]
    expected = gesture_data.quantize(x_test[i:i + 1], inp['scale'], inp['zero_point'])
    committed = np.load(EXAMPLE / 'sample_input.npy')
    assert committed.dtype == np.int8 and committed.shape == expected.shape
    assert np.max(np.abs(committed.astype(int) - expected.astype(int))) <= 1
    label = int(y_test[i])
    assert (EXAMPLE / 'sample_label.txt').read_text() == f'{label} {gesture_data.CLASSES[label]}\n'


# ---------------------------------------------------------------------------------------------------------
# the script and what it makes


def test_script_writes_its_files(trained, held_out):
    for f in OUTPUT_FILES:
        assert (trained / f).is_file(), f'train.py wrote no {f}'
    # Class names and the sample's true class depend only on seeded NumPy draws: same as committed.
    for f in ['labels.txt', 'sample_label.txt']:
        assert (trained / f).read_text() == (EXAMPLE / f).read_text(), f'{f} differs from the committed one'
    # The sample is held-out window SAMPLE_INDEX quantized with the fresh model's input parameters.
    x_test, _ = held_out
    i = gesture_data.SAMPLE_INDEX
    inp = inspect(trained / 'gesture_int8.tflite')['inputs'][0]
    sample = np.load(trained / 'sample_input.npy')
    assert sample.dtype == np.int8
    assert np.array_equal(sample, gesture_data.quantize(x_test[i:i + 1], inp['scale'], inp['zero_point']))


def _structure(info):
    """What a retrained model shares with the committed one: no weights, scales or zero points."""
    def io(t):
        return {'dtype': t['dtype'], 'shape': t['shape'], 'bytes': t['bytes'], 'quantized': 'scale' in t}
    return {
        'ops': [(op['op'], op['macs']) for op in info['ops']],
        'inputs': [io(t) for t in info['inputs']],
        'outputs': [io(t) for t in info['outputs']],
        'weights_bytes': info['weights_bytes'],
        'unsupported_ops': info['unsupported_ops'],
    }


def test_model_has_the_committed_structure(trained):
    made = inspect(trained / 'gesture_int8.tflite')
    committed = inspect(EXAMPLE / 'gesture_int8.tflite')
    assert _structure(made) == _structure(committed)
    assert [op['op'] for op in made['ops']] == ['RESHAPE', 'CONV_2D', 'MAX_POOL_2D', 'CONV_2D', 'MAX_POOL_2D',
                                                'CONV_2D', 'RESHAPE', 'FULLY_CONNECTED', 'FULLY_CONNECTED',
                                                'SOFTMAX']
    (inp,), (out,) = made['inputs'], made['outputs']
    assert inp['dtype'] == 'int8' and inp['shape'] == [1, 64, 3]
    assert inp['scale'] > 0 and -128 <= inp['zero_point'] <= 127
    # int8 softmax output: TFLite's fixed 1/256 scale, zero point -128
    assert out['dtype'] == 'int8' and out['shape'] == [1, 4]
    assert out['scale'] == 1 / 256 and out['zero_point'] == -128


def test_int8_accuracy_on_held_out_windows(trained, held_out, tflm):
    metrics = json.loads((trained / 'metrics.json').read_text())
    assert metrics['held_out_windows'] == 1000
    assert metrics['int8_accuracy'] > MIN_INT8_ACCURACY, metrics
    # The same figure from TFLM, the interpreter mcuforge is bit-exact with, on windows made here.
    x_test, y_test = held_out
    inp = inspect(trained / 'gesture_int8.tflite')['inputs'][0]
    q = gesture_data.quantize(x_test, inp['scale'], inp['zero_point'])
    interp = tflm.Interpreter.from_bytes((trained / 'gesture_int8.tflite').read_bytes())
    correct = 0
    for i in range(len(q)):
        interp.set_input(q[i:i + 1], 0)
        interp.invoke()
        correct += int(np.argmax(interp.get_output(0))) == int(y_test[i])
    accuracy = correct / len(q)
    assert accuracy > MIN_INT8_ACCURACY, f'TFLM: {accuracy:.4f} on the held-out windows; script: {metrics}'


def test_mcuforge_is_bit_exact_on_the_fresh_model(trained, held_out, tflm, tmp_path):
    model = trained / 'gesture_int8.tflite'
    model_bytes = model.read_bytes()
    inp = inspect(model)['inputs'][0]
    x_test, _ = held_out
    windows = gesture_data.quantize(x_test[:BIT_EXACT_WINDOWS], inp['scale'], inp['zero_point'])
    inputs = [('sample_input.npy', np.load(trained / 'sample_input.npy'))]
    inputs += [(f'held-out window {i}', windows[i:i + 1]) for i in range(BIT_EXACT_WINDOWS)]
    for n, (what, x) in enumerate(inputs):
        npy = tmp_path / f'in{n}.npy'
        np.save(npy, x)
        got = mcuforge_output(model, npy, tmp_path / f'out{n}')
        expected = tflm_output(tflm, model_bytes, x)
        assert got == expected.tobytes(), (f'{what}: mcuforge {list(np.frombuffer(got, np.int8))}, '
                                           f'TFLM {expected.reshape(-1).tolist()}')


def test_committed_model_gives_the_committed_demo_result(tflm, tmp_path):
    model = EXAMPLE / 'gesture_int8.tflite'
    sample = np.load(EXAMPLE / 'sample_input.npy')
    got = mcuforge_output(model, EXAMPLE / 'sample_input.npy', tmp_path / 'out')
    assert list(np.frombuffer(got, np.int8)) == COMMITTED_SAMPLE_OUTPUT
    assert tflm_output(tflm, model.read_bytes(), sample).reshape(-1).tolist() == COMMITTED_SAMPLE_OUTPUT
    label = int((EXAMPLE / 'sample_label.txt').read_text().split()[0])
    assert int(np.argmax(COMMITTED_SAMPLE_OUTPUT)) == label
