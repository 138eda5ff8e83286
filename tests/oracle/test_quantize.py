# SPDX-License-Identifier: Apache-2.0
"""`mcuforge quantize` against its oracles (issue #12, "How it is checked"):

(a) Small float models built with Keras here (seeded): a conv net (CONV_2D, ADD, MEAN, SOFTMAX), a
    depthwise net (MobileNetV2 blocks: DEPTHWISE_CONV_2D, PAD, RELU6, ADD) and an MLP (FULLY_CONNECTED,
    ADD, CONCATENATION, MEAN, LOGISTIC, SOFTMAX), calibrated on a seeded .npy. For every --method, with
    --int16 auto and with --io float: the quantized model runs in the tflite-micro package with outputs
    byte-equal to `mcuforge run`, and for the default method and minmax its output SQNR against the
    float model on held-out data is at least that of TensorFlow's quantizer on the same calibration
    data minus MARGIN_DB (both printed). On a model int8 cannot quantize (one hidden unit ~300x the
    others: ~0 dB), --int16 auto must gain at least 15 dB over int8.
    The dataset path: files [0, 20) of the ic01 MLPerf folder give the same model as their .npy.
(b) Bad input: calibration data of the wrong shape, layout or dtype, an empty directory, no samples,
    NaN or Inf, a model that is already int8, labels that do not match the samples, a missing file:
    exit 2, exactly one "mcuforge: error:" line and a hint, no output file.

Every test skips while `mcuforge quantize` does not exist (`quantize --help` fails).
"""
import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
sys.path.insert(0, str(Path(__file__).resolve().parent))
import quant_oracle as qo  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("MF_SHARED_DIR", REPO.parent / "shared"))
SEED = 12
CALIB_SAMPLES = 64
HELD_SAMPLES = 32
CHECK_SAMPLES = 3
MARGIN_DB = 1.0
METHODS = ["minmax", "percentile", "mse", "kl"]
SQNR_ROWS = []  # printed by conftest.py at the end of the run


@pytest.fixture(scope="module")
def mcuforge():
    path = qo.default_binary(REPO)
    if not Path(path).is_file():
        pytest.fail(f"mcuforge binary not found at {path}", pytrace=False)
    if not qo.quantize_available(path):
        pytest.skip("`mcuforge quantize` does not exist yet (quantize --help fails)")
    return path


# ---------------------------------------------------------------------------------------------------
# models


def _mlp():
    import keras
    from keras import layers as L
    inp = keras.Input((8, 6), batch_size=1)  # static shapes: no REDUCE_PROD for the 3-D Dense
    x = L.Dense(16, activation="relu")(inp)
    a = L.Dense(16)(x)
    b = L.Dense(16, activation="sigmoid")(x)
    s = L.Add()([a, b])
    c = L.Concatenate()([s, x])
    m = L.GlobalAveragePooling1D()(c)
    out = L.Dense(4, activation="softmax")(m)
    return keras.Model(inp, out), (8, 6)


def _outlier_mlp():
    """A model int8 cannot quantize: one unit of the hidden layer is ~300x the others (and ignored by the
    head), so a per-tensor int8 scale leaves the units the output depends on a few levels. TensorFlow's
    int8: ~0 dB output SQNR; int16x8: ~38 dB."""
    import keras
    from keras import layers as L
    inp = keras.Input((16,), batch_size=1)
    wide = L.Dense(24, activation="relu")
    head = L.Dense(4)
    model = keras.Model(inp, head(wide(inp)))
    w, b = wide.get_weights()
    w[:, 0] *= 300.0
    b[0] = 200.0
    wide.set_weights([w, b])
    w, b = head.get_weights()
    w[0, :] = 0.0
    head.set_weights([w, b])
    return model, (16,)


def _float_model(name):
    """Float .tflite bytes and the input shape without batch."""
    import keras
    import tensorflow as tf
    import architectures
    keras.utils.set_random_seed(SEED)
    if name == "outlier_mlp":
        model, shape = _outlier_mlp()
    elif name == "mlp":
        model, shape = _mlp()
    else:
        model, shape = architectures.ARCHITECTURES[name][0]()
        architectures._randomise_batchnorm(model, np.random.default_rng(SEED))
    return tf.lite.TFLiteConverter.from_keras_model(model).convert(), shape


def _data(shape, count, seed):
    """Inputs with some structure (a per-sample gain and offset, a few outliers), not white noise."""
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, size=(count,) + shape).astype(np.float32)
    x *= rng.uniform(0.3, 1.5, size=(count,) + (1,) * len(shape)).astype(np.float32)
    x += rng.uniform(-0.5, 0.5, size=(count,) + (1,) * len(shape)).astype(np.float32)
    return x


MODELS = ["resnet_gap", "mobilenet_v2_mini", "mlp"]


class Built:
    def __init__(self, name, tmp):
        pytest.importorskip("tensorflow")
        self.name = name
        self.model, shape = _float_model(name)
        self.path = tmp / f"{name}_f32.tflite"
        self.path.write_bytes(self.model)
        self.calib = _data(shape, CALIB_SAMPLES, SEED + 1)
        self.held = _data(shape, HELD_SAMPLES, SEED + 2)
        self.calib_npy = tmp / f"{name}_calib.npy"
        np.save(self.calib_npy, self.calib)
        ref = qo.Tflm(self.model)
        self.reference = [ref.run(x)[1] for x in self.held]
        self._tf_sqnr = None

    def sqnr(self, quantized):
        t = qo.Tflm(quantized)
        got = [t.run(x)[1] for x in self.held]
        return qo.sqnr_db(np.concatenate([np.concatenate([o.reshape(-1) for o in r]) for r in self.reference]),
                          np.concatenate([np.concatenate([o.reshape(-1) for o in g]) for g in got]))

    def tf_sqnr(self):
        if self._tf_sqnr is None:
            self._tf_sqnr = self.sqnr(qo.tf_int8(self.model, self.calib))
        return self._tf_sqnr


@pytest.fixture(scope="module")
def built(tmp_path_factory, mcuforge):
    tmp = tmp_path_factory.mktemp("quantize_models")
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = Built(name, tmp)
        return cache[name]
    return get


def quantize(mcuforge, b, out, **kw):
    p, report = qo.mcuforge_quantize(mcuforge, b.path, b.calib_npy, out, **kw)
    assert p.returncode == 0, f"mcuforge quantize {kw}: exit {p.returncode}\n{p.stderr}"
    assert out.is_file()
    return out.read_bytes(), report


# ---------------------------------------------------------------------------------------------------
# (a) quantized models: TFLM == mcuforge run, SQNR >= TensorFlow's


VARIANTS = [("default", {})] + [(m, {"method": m}) for m in METHODS] + [
    ("int16-auto", {"int16": "auto"}), ("io-float", {"extra": ["--io", "float"]})]


@pytest.mark.parametrize("variant", [v for v, _ in VARIANTS])
@pytest.mark.parametrize("name", MODELS)
def test_quantized_model_matches_tflm_and_tf_sqnr(name, variant, built, mcuforge, tmp_path):
    b = built(name)
    kw = dict(VARIANTS)[variant]
    q, report = quantize(mcuforge, b, tmp_path / "q.tflite", **kw)
    dtype, scale, _ = qo.input_qparams(q)
    if variant == "io-float":
        assert dtype == np.float32, f"--io float: input is {dtype}"
    else:
        assert dtype == np.int8, f"default --io int8: input is {dtype}"
        assert scale > 0
    diff = qo.byte_equal_with_mcuforge(mcuforge, q, list(b.held[:CHECK_SAMPLES]), tmp_path / "run")
    assert diff is None, f"{name} {variant}: {diff}"
    ours, theirs = b.sqnr(q), b.tf_sqnr()
    moved = qo.int16_layers(report)
    row = (f"{name:<18} {variant:<11} mcuforge {ours:6.2f} dB   TensorFlow {theirs:6.2f} dB"
           + (f"   int16: {', '.join(moved)}" if moved else ""))
    SQNR_ROWS.append(row)
    print(row)
    if variant in ("default", "minmax", "int16-auto"):
        assert ours >= theirs - MARGIN_DB, f"{name} {variant}: SQNR {ours:.2f} dB < TensorFlow's {theirs:.2f} dB - {MARGIN_DB}"


def test_int16_fallback_recovers_where_int8_collapses(built, mcuforge, tmp_path):
    """--int16 auto on a model whose int8 output is noise: the fallback must move layers to int16 until
    the output SQNR is far above int8's (the model runs int16x8 in TFLM byte-equal with mcuforge)."""
    b = built("outlier_mlp")
    q8, _ = quantize(mcuforge, b, tmp_path / "q8.tflite")
    q16, report = quantize(mcuforge, b, tmp_path / "q16.tflite", int16="auto")
    diff = qo.byte_equal_with_mcuforge(mcuforge, q16, list(b.held[:CHECK_SAMPLES]), tmp_path / "run")
    assert diff is None, diff
    int8_db, int16_db, tf_db = b.sqnr(q8), b.sqnr(q16), b.tf_sqnr()
    moved = qo.int16_layers(report)
    row = (f"{'outlier_mlp':<18} {'int8/int16':<11} mcuforge {int8_db:6.2f} dB -> --int16 auto {int16_db:6.2f} dB"
           f"   TensorFlow int8 {tf_db:6.2f} dB   int16: {', '.join(moved) or '?'}")
    SQNR_ROWS.append(row)
    print(row)
    assert int8_db >= tf_db - MARGIN_DB
    assert int16_db >= max(int8_db, tf_db) + 15.0, row


def test_mlperf_folder_gives_the_same_model_as_its_npy(mcuforge, tmp_path):
    """The dataset path of quantize: files [0, 20) of ic01 (raw uint8 .bin + y_labels.csv) give the same
    quantized model, byte for byte, as an .npy of the same 20 samples (IC's preprocessing is float32(p))."""
    model = SHARED / "corpus" / "models" / "mlperf_ic_resnet8_f32.tflite"
    folder = SHARED / "corpus" / "datasets" / "ic01"
    if not model.exists() or not (folder / "y_labels.csv").exists():
        pytest.skip("../shared corpus (mlperf_ic_resnet8_f32, ic01) not found")
    with open(folder / "y_labels.csv", newline="") as f:
        files = [row[0] for row in csv.reader(f) if row][:20]
    x = np.stack([np.fromfile(folder / name, np.uint8).reshape(32, 32, 3).astype(np.float32) for name in files])
    npy = _npy(tmp_path, "ic20.npy", x)
    outs = []
    for k, data in enumerate([[folder, "--data-select", "0:20", "--data-dtype", "uint8"], [npy]]):
        out = tmp_path / f"q{k}.tflite"
        p = subprocess.run([mcuforge, "quantize", str(model), "--data", *map(str, data), "--method", "minmax",
                            "-o", str(out)], capture_output=True, text=True, timeout=600)
        assert p.returncode == 0, p.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1], "the MLPerf folder and its .npy give different models"


# ---------------------------------------------------------------------------------------------------
# (b) bad input


def expect_bad_input(mcuforge, args, out, mentions=()):
    p = subprocess.run([mcuforge, "quantize", *[str(a) for a in args], "-o", str(out)],
                       capture_output=True, text=True, timeout=300)
    err = p.stderr
    assert p.returncode == 2, f"exit code {p.returncode}, stderr:\n{err}"
    lines = err.splitlines()
    assert sum(line.startswith("mcuforge: error:") for line in lines) == 1, err
    assert lines[0].startswith("mcuforge: error:"), err
    assert any(line.startswith("  hint: ") and len(line) > len("  hint: ") for line in lines), err
    assert "internal error" not in err and "Traceback" not in err, err
    assert not Path(out).exists(), f"a failed quantize left {out}"
    low = err.lower()
    assert any(m in low for m in mentions) if mentions else True, f"message mentions none of {mentions}:\n{err}"
    return err


def _npy(tmp_path, name, array):
    p = tmp_path / name
    np.save(p, array)
    return p


def _bad_data(case, b, tmp_path):
    """(args after MODEL, words one of which the message must contain)"""
    shape = b.calib.shape[1:]
    good = b.calib[:8]
    if case == "wrong-shape":
        return ["--data", _npy(tmp_path, "d.npy", good[..., :-1])], ("shape",)
    if case == "nchw-layout":
        return ["--data", _npy(tmp_path, "d.npy", np.moveaxis(good, -1, 1))], ("shape", "layout", "nchw")
    if case == "wrong-dtype":
        return ["--data", _npy(tmp_path, "d.npy", good.astype(np.complex64))], ("dtype", "type", "complex")
    if case == "empty-dir":
        d = tmp_path / "empty"
        d.mkdir()
        return ["--data", d], ("empty", "no ")
    if case == "no-samples":
        return ["--data", _npy(tmp_path, "d.npy", np.zeros((0,) + shape, np.float32))], ("sample", "empty")
    if case in ("nan", "inf"):
        bad = good.copy()
        bad.reshape(-1)[5] = np.nan if case == "nan" else np.inf
        return ["--data", _npy(tmp_path, "d.npy", bad)], (case,)
    if case == "missing-file":
        return ["--data", tmp_path / "nope.npy"], ("nope.npy",)
    if case == "labels-mismatch":
        data = _npy(tmp_path, "d.npy", good)
        labels = _npy(tmp_path, "labels.npy", np.zeros(len(good) - 3, np.int32))
        return ["--data", data, "--eval", data, "--labels", labels], ("label",)
    raise AssertionError(case)


BAD_CASES = ["wrong-shape", "nchw-layout", "wrong-dtype", "empty-dir", "no-samples", "nan", "inf",
             "missing-file", "labels-mismatch"]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_calibration_data(case, built, mcuforge, tmp_path):
    b = built("mlp") if case not in ("nchw-layout",) else built("resnet_gap")
    args, mentions = _bad_data(case, b, tmp_path)
    expect_bad_input(mcuforge, [b.path, *args], tmp_path / "out.tflite", mentions)


def test_already_int8_model_is_refused(built, mcuforge, tmp_path):
    b = built("mlp")
    int8 = tmp_path / "int8.tflite"
    int8.write_bytes(qo.tf_int8(b.model, b.calib[:16]))
    expect_bad_input(mcuforge, [int8, "--data", b.calib_npy], tmp_path / "out.tflite",
                     ("int8", "quantized", "float"))


def test_output_not_overwritten_on_failure(built, mcuforge, tmp_path):
    """A failed quantize leaves an existing output file as it was."""
    b = built("mlp")
    out = tmp_path / "out.tflite"
    out.write_bytes(b"previous")
    bad = _npy(tmp_path, "d.npy", np.full((4,) + b.calib.shape[1:], np.nan, np.float32))
    p = subprocess.run([mcuforge, "quantize", str(b.path), "--data", str(bad), "-o", str(out)],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 2, p.stderr
    assert out.read_bytes() == b"previous"
