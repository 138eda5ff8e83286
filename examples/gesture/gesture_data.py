# SPDX-License-Identifier: Apache-2.0
"""The gesture example's synthetic data set (NumPy only, seeded): what train.py trains and evaluates on,
and what tests/examples/test_gesture_train.py regenerates without TensorFlow.

64 timesteps x 3 axes (x, y, z in g, ~50 Hz) per window, four gestures with random amplitude, speed,
phase, device tilt and sensor noise:
  idle    gravity plus noise and slow drift
  shake   fast (4-8 Hz) back-and-forth along a random horizontal direction
  circle  slow (0.8-2 Hz) circular motion in a tilted plane
  tap     idle with 1-3 short, sharp, decaying spikes on the z axis

What the seed fixes: with a given NumPy version every random draw, hence every label and the order of
the windows, is the same on any machine. The window values go through sin / exp / a 3x3 matrix product,
which NumPy computes with CPU-specific SIMD and BLAS code, so on another CPU they may differ in the last
bit or so; after the float32 cast and int8 quantization that changes a value by one step at most, and
almost never.
"""
import numpy as np

CLASSES = ["idle", "shake", "circle", "tap"]
TIMESTEPS = 64
AXES = 3
RATE_HZ = 50.0
SEED = 20240611
TRAIN_PER_CLASS = 1000
TEST_PER_CLASS = 250
SAMPLE_INDEX = 7  # which held-out window becomes sample_input.npy


def _rotation(rng, max_tilt):
    """Random device orientation: a tilt of up to max_tilt radians about a random horizontal axis, then a
    random heading about z."""
    tilt = rng.uniform(0, max_tilt)
    axis_angle = rng.uniform(0, 2 * np.pi)
    ax = np.array([np.cos(axis_angle), np.sin(axis_angle), 0.0])
    k = np.array([[0, -ax[2], ax[1]], [ax[2], 0, -ax[0]], [-ax[1], ax[0], 0]])
    r_tilt = np.eye(3) + np.sin(tilt) * k + (1 - np.cos(tilt)) * (k @ k)
    yaw = rng.uniform(0, 2 * np.pi)
    r_yaw = np.array([[np.cos(yaw), -np.sin(yaw), 0], [np.sin(yaw), np.cos(yaw), 0], [0, 0, 1]])
    return r_tilt @ r_yaw


def _window(rng, label):
    t = np.arange(TIMESTEPS) / RATE_HZ
    motion = np.zeros((TIMESTEPS, AXES))
    if label == 0:  # idle: hand resting, slow drift
        for a in range(AXES):
            motion[:, a] = rng.uniform(-0.08, 0.08) * np.sin(2 * np.pi * rng.uniform(0.05, 0.4) * t
                                                                 + rng.uniform(0, 2 * np.pi))
    elif label == 1:  # shake: fast oscillation along a (mostly) horizontal direction
        f = rng.uniform(4.0, 8.0)
        amp = rng.uniform(0.6, 2.0)
        d = rng.normal(size=3)
        d[2] *= 0.3
        d /= np.linalg.norm(d)
        wave = np.sin(2 * np.pi * f * t + rng.uniform(0, 2 * np.pi))
        wave += rng.uniform(0, 0.3) * np.sin(2 * np.pi * 2 * f * t + rng.uniform(0, 2 * np.pi))
        motion = amp * wave[:, None] * d[None, :]
    elif label == 2:  # circle: slow circular motion in the device's x-y plane
        f = rng.uniform(0.8, 2.0) * rng.choice([-1, 1])
        amp = rng.uniform(0.3, 1.0)
        ph = 2 * np.pi * f * t + rng.uniform(0, 2 * np.pi)
        ecc = rng.uniform(0.7, 1.0)
        motion[:, 0] = amp * np.cos(ph)
        motion[:, 1] = amp * ecc * np.sin(ph)
    else:  # tap: 1-3 short decaying spikes, mostly on z
        for _ in range(rng.integers(1, 4)):
            at = rng.integers(4, TIMESTEPS - 8)
            amp = rng.uniform(0.8, 2.5) * rng.choice([-1, 1])
            n = np.arange(TIMESTEPS - at)
            pulse = amp * np.exp(-n / rng.uniform(0.8, 2.0)) * np.cos(np.pi * n * rng.uniform(0.4, 0.9))
            motion[at:, 2] += pulse
            motion[at:, 0] += 0.2 * rng.normal() * pulse
            motion[at:, 1] += 0.2 * rng.normal() * pulse
    gravity = np.array([0.0, 0.0, 1.0])
    r = _rotation(rng, max_tilt=0.5)
    x = (motion + gravity[None, :]) @ r.T
    x += rng.normal(scale=rng.uniform(0.02, 0.08), size=x.shape)  # sensor noise
    x += rng.normal(scale=0.03, size=(1, AXES))                     # per-window bias
    return x.astype(np.float32)


def make_dataset(rng, per_class):
    xs, ys = [], []
    for label in range(len(CLASSES)):
        for _ in range(per_class):
            xs.append(_window(rng, label))
            ys.append(label)
    x = np.stack(xs)
    y = np.array(ys, dtype=np.int64)
    order = rng.permutation(len(y))
    return x[order], y[order]


def make_splits(seed=SEED):
    """(x_train, y_train, x_test, y_test): float32 windows [N, 64, 3] and int64 labels, training set first,
    then the held-out set, from one generator."""
    rng = np.random.default_rng(seed)
    x_train, y_train = make_dataset(rng, TRAIN_PER_CLASS)
    x_test, y_test = make_dataset(rng, TEST_PER_CLASS)
    return x_train, y_train, x_test, y_test


def quantize(x, scale, zero_point):
    """Float windows to an int8 input tensor with the given scale / zero point (round half to even, as
    NumPy rounds; saturating)."""
    q = np.round(x / scale) + zero_point
    return np.clip(q, -128, 127).astype(np.int8)
