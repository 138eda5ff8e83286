# SPDX-License-Identifier: Apache-2.0
"""The bundled example is the one its script makes: examples/gesture/train.py (synthetic accelerometer
data, training, int8 conversion with a representative data set) reproduces the committed model, sample
input and labels byte for byte with the pinned TensorFlow (tests/requirements-tf.txt)."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, 'examples', 'gesture')


def test_train_script_reproduces_the_committed_model(tmp_path):
    pytest.importorskip('tensorflow', reason='pip install -r tests/requirements-tf.txt')
    r = subprocess.run([sys.executable, os.path.join(EXAMPLE, 'train.py'), '--out-dir', str(tmp_path)],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    for f in ['gesture_int8.tflite', 'sample_input.npy', 'sample_label.txt', 'labels.txt']:
        made = (tmp_path / f).read_bytes()
        committed = open(os.path.join(EXAMPLE, f), 'rb').read()
        assert made == committed, f'{f}: the script made a different file than the committed one'
