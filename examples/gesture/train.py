#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Trains the bundled example model: a 4-class accelerometer gesture classifier, full-int8 TFLite.

The data set is synthetic, made and seeded by gesture_data.py beside this script (64 timesteps x 3
axes per window, four gestures: idle, shake, circle, tap).

The model is a small CNN over time (Reshape to 64x1x3, three Conv2D with (k, 1) kernels, two max pools,
Flatten, two Dense layers, Softmax), ~5k parameters. It is built from Conv2D rather than Conv1D / pooling
1D layers so that the converted model only uses RESHAPE, CONV_2D, MAX_POOL_2D, FULLY_CONNECTED and
SOFTMAX (no EXPAND_DIMS / SQUEEZE / MEAN).

Outputs, next to this script:
  gesture_int8.tflite   int8 in, int8 out, int8 weights / activations (representative-data calibration)
  sample_input.npy      one held-out window quantized to the model's int8 input, shape [1, 64, 3]
  sample_label.txt      that window's true class (index and name)
  labels.txt            class names, one per line, in output order
  metrics.json          held-out accuracy of the float and the int8 model, the sample's label and the int8
                        model's prediction for it (tests/examples/test_gesture_train.py reads it)

Usage: python3 examples/gesture/train.py [--out-dir DIR] [--epochs N]
Package versions: requirements.txt beside this file. Fixed seeds, TF_DETERMINISTIC_OPS, oneDNN off and
single-threaded ops make the model file the same from run to run on one machine; on another CPU
TensorFlow's float kernels (AVX2 vs AVX-512) sum in another order and the trained weights, so the file,
differ slightly. What holds on any machine: the labels and the held-out split, the model's ops, shapes
and dtypes, and an int8 held-out accuracy well above the 90% this script requires (metrics.json).
"""
import argparse
import contextlib
import io
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"       # oneDNN reorders float sums: results vary by machine
os.environ["TF_DETERMINISTIC_OPS"] = "1"
os.environ["PYTHONHASHSEED"] = "0"

import warnings  # noqa: E402

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gesture_data import (AXES, CLASSES, SAMPLE_INDEX, SEED, TIMESTEPS,  # noqa: E402
                          make_splits, quantize)

# ---------------------------------------------------------------------------------------------------------
# model


def build_model(batch_size=None):
    inp = tf.keras.Input(shape=(TIMESTEPS, AXES), batch_size=batch_size, name="accel")
    x = tf.keras.layers.Reshape((TIMESTEPS, 1, AXES))(inp)
    x = tf.keras.layers.Conv2D(8, (5, 1), activation="relu")(x)           # 60 x 1 x 8
    x = tf.keras.layers.MaxPooling2D((2, 1))(x)                           # 30
    x = tf.keras.layers.Conv2D(16, (5, 1), activation="relu")(x)          # 26 x 1 x 16
    x = tf.keras.layers.MaxPooling2D((2, 1))(x)                           # 13
    x = tf.keras.layers.Conv2D(16, (3, 1), activation="relu")(x)          # 11 x 1 x 16
    x = tf.keras.layers.Flatten()(x)
    x = tf.keras.layers.Dense(16, activation="relu")(x)
    x = tf.keras.layers.Dense(len(CLASSES))(x)
    out = tf.keras.layers.Softmax(name="probabilities")(x)
    return tf.keras.Model(inp, out, name="gesture_cnn")


def convert_int8(trained, calibration):
    # Converted from a batch-1 copy: with a dynamic batch the converter computes the Reshape / Flatten
    # shapes at run time (SHAPE, STRIDED_SLICE, PACK); with batch 1 they are constants.
    model = build_model(batch_size=1)
    model.set_weights(trained.get_weights())

    def representative():
        for i in range(len(calibration)):
            yield [calibration[i:i + 1]]

    conv = tf.lite.TFLiteConverter.from_keras_model(model)
    conv.optimizations = [tf.lite.Optimize.DEFAULT]
    conv.representative_dataset = representative
    conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    conv.inference_input_type = tf.int8
    conv.inference_output_type = tf.int8
    with contextlib.redirect_stdout(io.StringIO()):  # Keras' export prints its whole signature
        return conv.convert()


def tflite_predict(tflite_bytes, x):
    """int8 model on float windows: quantize each window with the input's scale / zero point, run the
    TFLite interpreter (reference kernels, as TFLM), argmax of the int8 output."""
    interp = tf.lite.Interpreter(model_content=tflite_bytes,
                                 experimental_op_resolver_type=tf.lite.experimental.OpResolverType.BUILTIN_REF)
    interp.allocate_tensors()
    inp = interp.get_input_details()[0]
    out = interp.get_output_details()[0]
    preds = []
    for i in range(len(x)):
        interp.set_tensor(inp["index"], quantize(x[i:i + 1], *inp["quantization"]))
        interp.invoke()
        preds.append(int(np.argmax(interp.get_tensor(out["index"])[0])))
    return np.array(preds)


# ---------------------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out-dir", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--epochs", type=int, default=25)
    args = ap.parse_args()

    t0 = time.time()
    warnings.filterwarnings("ignore", category=UserWarning)  # tf.lite.Interpreter deprecation, converter notes
    tf.keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)

    x_train, y_train, x_test, y_test = make_splits()
    print(f"data: {len(y_train)} train / {len(y_test)} held-out windows of {TIMESTEPS}x{AXES}, "
          f"classes {CLASSES}")

    model = build_model()
    model.compile(optimizer=tf.keras.optimizers.Adam(3e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    print(f"model: {model.count_params()} parameters")
    t_fit = time.time()
    model.fit(x_train, y_train, batch_size=64, epochs=args.epochs, shuffle=True, verbose=0)
    t_fit = time.time() - t_fit

    float_acc = float(np.mean(np.argmax(model.predict(x_test, verbose=0), axis=1) == y_test))
    tflite = convert_int8(model, x_train[:300])
    int8_pred = tflite_predict(tflite, x_test)
    int8_acc = float(np.mean(int8_pred == y_test))

    os.makedirs(args.out_dir, exist_ok=True)
    with open(os.path.join(args.out_dir, "gesture_int8.tflite"), "wb") as f:
        f.write(tflite)
    inp_detail = tf.lite.Interpreter(model_content=tflite).get_input_details()[0]
    sample = quantize(x_test[SAMPLE_INDEX:SAMPLE_INDEX + 1], *inp_detail["quantization"])
    np.save(os.path.join(args.out_dir, "sample_input.npy"), sample)
    label = int(y_test[SAMPLE_INDEX])
    with open(os.path.join(args.out_dir, "sample_label.txt"), "w") as f:
        f.write(f"{label} {CLASSES[label]}\n")
    with open(os.path.join(args.out_dir, "labels.txt"), "w") as f:
        f.write("\n".join(CLASSES) + "\n")
    metrics = {
        "held_out_windows": len(y_test),
        "float_accuracy": float_acc,
        "int8_accuracy": int8_acc,  # TensorFlow Lite's reference kernels, as TFLM
        "sample_index": SAMPLE_INDEX,
        "sample_label": label,
        "sample_int8_prediction": int(int8_pred[SAMPLE_INDEX]),
        "tensorflow": tf.__version__,
        "numpy": np.__version__,
    }
    with open(os.path.join(args.out_dir, "metrics.json"), "w") as f:
        f.write(json.dumps(metrics, indent=2) + "\n")

    print(f"float test accuracy: {float_acc:.4f}")
    print(f"int8  test accuracy: {int8_acc:.4f}")
    print(f"sample_input.npy: held-out window {SAMPLE_INDEX}, label {label} ({CLASSES[label]}), "
          f"int8 model predicts {int8_pred[SAMPLE_INDEX]} ({CLASSES[int8_pred[SAMPLE_INDEX]]})")
    print(f"wrote gesture_int8.tflite ({len(tflite)} bytes); training {t_fit:.1f} s, total {time.time() - t0:.1f} s")
    if int8_acc < 0.9:
        print("error: int8 accuracy below 90%", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
