#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Makes tests/oracle/data/ds_cnn_int16x8.tflite (a regression model of test_random_ops.py): a small
# depthwise-separable keyword-spotting CNN without biases, converted to int16x8 by TensorFlow. The
# converter gives the convs a zero int64 bias but leaves the final Dense without one, the bias-less int16
# FULLY_CONNECTED that mcuforge ran with a 32-bit accumulator (21 of 40 input sets differed from TFLM).
import os

import numpy as np
import tensorflow as tf

tf.random.set_seed(3); np.random.seed(3)
inp = tf.keras.Input((16, 10, 1), batch_size=1)
x = tf.keras.layers.Conv2D(8, (4, 3), strides=2, padding="same", use_bias=False)(inp)
x = tf.keras.layers.ReLU()(x)
for _ in range(2):
    x = tf.keras.layers.DepthwiseConv2D(3, padding="same", use_bias=False)(x)
    x = tf.keras.layers.ReLU()(x)
    x = tf.keras.layers.Conv2D(8, 1, use_bias=False)(x)
    x = tf.keras.layers.ReLU()(x)
x = tf.keras.layers.AveragePooling2D((8, 5))(x)
x = tf.keras.layers.Flatten()(x)
x = tf.keras.layers.Dense(12, use_bias=False)(x)
m = tf.keras.Model(inp, x)
def rep():
    for _ in range(50):
        yield [np.random.uniform(-1, 1, (1, 16, 10, 1)).astype(np.float32)]
c = tf.lite.TFLiteConverter.from_keras_model(m)
c.optimizations = [tf.lite.Optimize.DEFAULT]
c.representative_dataset = rep
c.target_spec.supported_ops = [tf.lite.OpsSet.EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8]
c.inference_input_type = tf.int16
c.inference_output_type = tf.int16
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ds_cnn_int16x8.tflite")
open(out, "wb").write(c.convert())
