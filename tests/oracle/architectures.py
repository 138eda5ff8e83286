# SPDX-License-Identifier: Apache-2.0
"""Small Keras models of the architectures people deploy on MCUs (MobileNetV2/V3 blocks, ResNet and
DenseNet heads with global average pooling, Conv1D keyword spotting, a FOMO-style detector, a U-Net, a
conv autoencoder, an attention block, GRU/LSTM, the usual activations, bilinear upsampling), converted
by TensorFlow's converter to full int8 (and some to int16x8 or float32) with a random representative
dataset. Used by tests/oracle/test_architectures.py (mcuforge against TFLM on each) and
bench/architectures_bench.py.

Each builder returns (keras.Model, input shape without batch). Weights are Keras' random
initialisation (seeded); batch normalization statistics are randomised so that they are not identity.
"""
import numpy as np

ARCHITECTURES = {}


def architecture(*modes):
    def register(fn):
        ARCHITECTURES[fn.__name__] = (fn, modes)
        return fn
    return register


def _keras():
    import keras
    from keras import layers
    return keras, layers


def _randomise_batchnorm(model, rng):
    for layer in model.layers:
        if layer.__class__.__name__ == "BatchNormalization":
            gamma, beta, mean, var = layer.get_weights()
            layer.set_weights([rng.uniform(0.5, 1.5, gamma.shape).astype(np.float32),
                               rng.uniform(-0.2, 0.2, beta.shape).astype(np.float32),
                               rng.uniform(-0.2, 0.2, mean.shape).astype(np.float32),
                               rng.uniform(0.5, 2.0, var.shape).astype(np.float32)])


def _inverted_residual(L, x, expand, out, stride):
    c = x.shape[-1]
    y = L.Conv2D(c * expand, 1, use_bias=False)(x)
    y = L.BatchNormalization()(y)
    y = L.ReLU(6.0)(y)
    if stride == 2:
        y = L.ZeroPadding2D(((0, 1), (0, 1)))(y)
    y = L.DepthwiseConv2D(3, strides=stride, padding="same" if stride == 1 else "valid", use_bias=False)(y)
    y = L.BatchNormalization()(y)
    y = L.ReLU(6.0)(y)
    y = L.Conv2D(out, 1, use_bias=False)(y)
    y = L.BatchNormalization()(y)
    return L.Add()([x, y]) if stride == 1 and c == out else y


@architecture("int8", "int16")
def mobilenet_v2_mini():
    keras, L = _keras()
    inp = keras.Input((32, 32, 3))
    x = L.Conv2D(8, 3, strides=2, padding="same", use_bias=False)(inp)
    x = L.BatchNormalization()(x)
    x = L.ReLU(6.0)(x)
    x = _inverted_residual(L, x, 1, 8, 1)
    x = _inverted_residual(L, x, 4, 12, 2)
    x = _inverted_residual(L, x, 4, 12, 1)
    x = L.GlobalAveragePooling2D()(x)
    x = L.Dense(10, activation="softmax")(x)
    return keras.Model(inp, x), (32, 32, 3)


@architecture("int8")
def mobilenet_v3_mini():
    keras, L = _keras()
    inp = keras.Input((24, 24, 3))
    x = L.Conv2D(8, 3, strides=2, padding="same")(inp)
    x = L.Activation("hard_swish")(x)
    y = L.DepthwiseConv2D(3, padding="same")(x)
    y = L.Activation("hard_swish")(y)
    se = L.GlobalAveragePooling2D(keepdims=True)(y)
    se = L.Conv2D(4, 1, activation="relu")(se)
    se = L.Conv2D(8, 1, activation="hard_sigmoid")(se)
    y = L.Multiply()([y, se])
    y = L.Conv2D(8, 1)(y)
    x = L.Add()([x, y])
    x = L.GlobalAveragePooling2D()(x)
    x = L.Dense(5)(x)
    return keras.Model(inp, x), (24, 24, 3)


@architecture("int8")
def resnet_gap():
    keras, L = _keras()
    inp = keras.Input((16, 16, 3))
    x = L.Conv2D(8, 3, padding="same")(inp)
    x = L.BatchNormalization()(x)
    x = L.ReLU()(x)
    y = L.Conv2D(8, 3, padding="same")(x)
    y = L.BatchNormalization()(y)
    y = L.ReLU()(y)
    y = L.Conv2D(8, 3, padding="same")(y)
    x = L.ReLU()(L.Add()([x, y]))
    x = L.GlobalAveragePooling2D()(x)
    x = L.Dense(4, activation="softmax")(x)
    return keras.Model(inp, x), (16, 16, 3)


@architecture("int8")
def densenet_mini():
    keras, L = _keras()
    inp = keras.Input((16, 16, 3))
    x = L.Conv2D(8, 3, padding="same")(inp)
    for _ in range(2):
        y = L.BatchNormalization()(x)
        y = L.ReLU()(y)
        y = L.Conv2D(4, 3, padding="same")(y)
        x = L.Concatenate()([x, y])
    x = L.AveragePooling2D(2)(x)
    x = L.GlobalMaxPooling2D()(x)
    x = L.Dense(3)(x)
    return keras.Model(inp, x), (16, 16, 3)


@architecture("int8", "int16")
def kws_conv1d():
    keras, L = _keras()
    inp = keras.Input((49, 10))
    x = L.Conv1D(16, 5, strides=2, activation="relu")(inp)
    x = L.Conv1D(16, 3, activation="relu", padding="same")(x)
    x = L.GlobalAveragePooling1D()(x)
    x = L.Dense(12, activation="softmax")(x)
    return keras.Model(inp, x), (49, 10)


@architecture("int8")
def fomo_detector():
    keras, L = _keras()
    inp = keras.Input((32, 32, 1))
    x = L.Conv2D(8, 3, strides=2, padding="same", activation="relu")(inp)
    x = L.DepthwiseConv2D(3, strides=2, padding="same", activation="relu")(x)
    x = L.Conv2D(16, 1, activation="relu")(x)
    x = L.Conv2D(3, 1, activation="softmax")(x)
    return keras.Model(inp, x), (32, 32, 1)


@architecture("int8", "float32")
def unet_mini():
    keras, L = _keras()
    inp = keras.Input((16, 16, 1))
    s1 = L.Conv2D(8, 3, padding="same", activation="relu")(inp)
    x = L.MaxPooling2D()(s1)
    x = L.Conv2D(16, 3, padding="same", activation="relu")(x)
    x = L.Conv2DTranspose(8, 3, strides=2, padding="same")(x)
    x = L.Concatenate()([x, s1])
    x = L.Conv2D(1, 1, activation="sigmoid")(x)
    return keras.Model(inp, x), (16, 16, 1)


@architecture("int8", "int16")
def conv_autoencoder():
    keras, L = _keras()
    inp = keras.Input((16, 16, 1))
    x = L.Conv2D(8, 3, strides=2, padding="same", activation="relu")(inp)
    x = L.Conv2D(4, 3, strides=2, padding="same", activation="relu")(x)
    x = L.Conv2DTranspose(8, 3, strides=2, padding="same", activation="relu")(x)
    x = L.Conv2DTranspose(1, 3, strides=2, padding="same", activation="sigmoid")(x)
    return keras.Model(inp, x), (16, 16, 1)


# Not in the test list: TFLM has no TILE and TF Lite's reference resolver no TILE v3, so no bit-exact
# oracle runs the whole model (TILE alone is checked against TF Lite in the random op test).
def upsampling_nearest():
    keras, L = _keras()
    # A static batch: with a dynamic one, TensorFlow 2.21 writes stale static shapes after the RESHAPE
    # of Keras 3's UpSampling2D (TF Lite resizes at run time; mcuforge refuses the inconsistent model).
    inp = keras.Input((8, 8, 4), batch_size=1)
    x = L.Conv2D(4, 3, padding="same", activation="relu")(inp)
    x = L.UpSampling2D(2, interpolation="nearest")(x)
    x = L.Conv2D(2, 3, padding="same")(x)
    return keras.Model(inp, x), (8, 8, 4)


@architecture("int8")
def upsampling_bilinear():
    keras, L = _keras()
    inp = keras.Input((8, 8, 4))
    x = L.Conv2D(4, 3, padding="same", activation="relu")(inp)
    x = L.UpSampling2D(2, interpolation="bilinear")(x)
    x = L.Conv2D(2, 3, padding="same")(x)
    return keras.Model(inp, x), (8, 8, 4)


@architecture("int8", "float32")
def attention_block():
    keras, L = _keras()
    inp = keras.Input((8, 16))
    a = L.MultiHeadAttention(num_heads=2, key_dim=8)(inp, inp)
    x = L.LayerNormalization()(L.Add()([inp, a]))
    x = L.GlobalAveragePooling1D()(x)
    x = L.Dense(4)(x)
    return keras.Model(inp, x), (8, 16)


@architecture("int8")
def gru_unrolled():
    keras, L = _keras()
    inp = keras.Input((6, 4))
    x = L.GRU(8, unroll=True)(inp)
    x = L.Dense(3)(x)
    return keras.Model(inp, x), (6, 4)


# Unrolled: TensorFlow 2.21 converts a Keras 3 LSTM to a WHILE loop (control flow, which mcuforge
# refuses) and crashes (SIGSEGV) quantizing it to int8; the fused LSTM op is covered by the corpus
# models and the random UNIDIRECTIONAL_SEQUENCE_LSTM cases.
@architecture("int8", "float32")
def lstm_classifier():
    keras, L = _keras()
    inp = keras.Input((10, 6), batch_size=1)
    x = L.LSTM(12, unroll=True)(inp)
    x = L.Dense(4, activation="softmax")(x)
    return keras.Model(inp, x), (10, 6)


@architecture("int8")
def activations_cnn():
    keras, L = _keras()
    inp = keras.Input((12, 12, 3))
    x = L.Conv2D(8, 3, padding="same")(inp)
    x = L.LeakyReLU(0.2)(x)
    x = L.Conv2D(8, 3, padding="same")(x)
    x = L.PReLU(shared_axes=[1, 2])(x)
    x = L.Conv2D(8, 3, padding="same")(x)
    x = L.ELU()(x)
    x = L.Conv2D(8, 3, padding="same", activation="relu")(x)
    x = L.GlobalAveragePooling2D()(x)
    x = L.Dense(3)(x)
    return keras.Model(inp, x), (12, 12, 3)


def convert(name, mode, seed=0):
    """(tflite bytes, input dtype, input shape) of architecture `name` in `mode`."""
    import keras
    import tensorflow as tf
    keras.utils.set_random_seed(seed)
    build, _ = ARCHITECTURES[name]
    model, shape = build()
    _randomise_batchnorm(model, np.random.default_rng(seed))
    conv = tf.lite.TFLiteConverter.from_keras_model(model)
    if mode != "float32":
        def representative():
            rng = np.random.default_rng(seed + 1)
            for _ in range(16):
                yield [rng.uniform(-1, 1, size=(1,) + shape).astype(np.float32)]
        conv.optimizations = [tf.lite.Optimize.DEFAULT]
        conv.representative_dataset = representative
        conv.target_spec.supported_ops = (
            [tf.lite.OpsSet.TFLITE_BUILTINS_INT8] if mode == "int8"
            else [tf.lite.OpsSet.EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8])
        conv.inference_input_type = tf.int8 if mode == "int8" else tf.int16
        conv.inference_output_type = conv.inference_input_type
    dtype = {"int8": np.int8, "int16": np.int16, "float32": np.float32}[mode]
    return conv.convert(), dtype, (1,) + shape


def input_sets(dtype, shape, count, seed=0):
    rng = np.random.default_rng(seed + 2)
    if dtype == np.float32:
        return [rng.uniform(-1, 1, size=shape).astype(np.float32) for _ in range(count)]
    info = np.iinfo(dtype)
    return [rng.integers(info.min, info.max + 1, size=shape).astype(dtype) for _ in range(count)]


def cases():
    """Every (architecture, mode) pair."""
    return [(name, mode) for name, (_, modes) in ARCHITECTURES.items() for mode in modes]
