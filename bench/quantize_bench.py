#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`mcuforge quantize` side by side with TensorFlow's post-training int8 quantizer on the MLPerf Tiny
float models of ../shared/corpus, calibrated on the same samples and evaluated on the same held-back
samples in the same harness (the tflite-micro package). TensorFlow and tflite-micro are peers here,
never needed by mcuforge.

Split (deterministic, per set, in y_labels.csv order): sample i calibrates when i % 5 == 0 and is
evaluated otherwise (VWW 200 / 800, IC 40 / 160, KWS 200 / 800, AD 28 / 198 clips; AD calibrates on the
normal clips of that fifth only, as an anomaly detector is trained: on all 196 windows of each). y_labels.csv of vww01 and ad01 is sorted by class, so a
contiguous split would calibrate on one class only.

Models nobody tuned a quantizer for (the issue's "models and data you have not seen"): kws_trained, a
small conv / depthwise classifier, and ad_trained, a dense autoencoder (normal clips only), trained here
(Keras, seeded) on i % 5 in {0, 1, 2} of kws01 / ad01, calibrated on i % 5 == 0 and evaluated on
i % 5 in {3, 4} (KWS 400 samples, AD 98 clips).

Preprocessing (../shared/golden/datasets/*.json `preprocessing`): VWW uint8 pixel p -> float32(p) / 255;
IC p -> float32(p); KWS int8 byte q -> float32((q - 83) * 0.584702909) (the samples are the int8 model's
input); AD float32 clip -> 196 windows of 640 floats at a stride of 128 floats, clip score = mean over
windows of mean((y - x)^2), ROC AUC over clips (ties count 1/2).

Models: the float model of each set (KWS: the corpus model is hybrid, int8 weights and float
activations: `mcuforge export --tflite` writes it as the float model mcuforge runs, weights dequantized;
that float model is what both quantizers get; quantize of the hybrid model itself must give the same
bytes as of that float model). Quantized: TensorFlow's calibrator
(calibrate_and_quantize, int8 in and out, what TFLiteConverter runs after conversion); `mcuforge
quantize` with each --method, and the default method with --int16 auto. Every model is evaluated by
the same TFLM harness: a float input is quantized with the model's input scale and zero point (round
half away from zero, as TFLM's QUANTIZE), outputs dequantized. `SQNR` is the output's signal to
quantization noise ratio against the float model over the evaluation samples. Every mcuforge model's
outputs in TFLM are also compared byte for byte with `mcuforge run` on --check samples.

usage: bench/quantize_bench.py [--models vww,ic,kws,ad,kws_trained,ad_trained] [--limit N] [--methods auto,minmax,percentile,mse,kl]
                               [--no-int16] [--no-mcuforge] [--check 3] [--json OUT] [--keep DIR]
                               [--report SET] [--eval-check] [--keep-reports] [--mcuforge PATH] [--shared DIR]
Exit 1 if a mcuforge model differs from `mcuforge run` or `mcuforge quantize` fails.
"""
import argparse
import csv
import subprocess
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "oracle"))
import quant_oracle as qo  # noqa: E402

CALIB_EVERY = 5
AD_WINDOW, AD_STRIDE, AD_WINDOWS = 640, 128, 196
KWS_SCALE, KWS_ZP = np.float32(0.584702909), 83

# set key -> (corpus model, dataset dir, metric, short name)
SETS = {
    "vww": ("mlperf_vww_f32", "vww01", "top1", "VWW"),
    "ic": ("mlperf_ic_resnet8_f32", "ic01", "top1", "IC"),
    "kws": ("mlperf_kws_dscnn_f32", "kws01", "top1", "KWS"),
    "ad": ("mlperf_ad_toycar_f32", "ad01", "auc", "AD"),
    # Models nobody tuned a quantizer for: small Keras models trained here (seeded) on real labelled data.
    "kws_trained": ("kws_conv_trained", "kws01", "top1", "KWS trained here"),
    "ad_trained": ("ad_autoencoder_trained", "ad01", "auc", "AD trained here"),
}
TRAINED = {"kws_trained": "kws", "ad_trained": "ad"}  # set -> the set whose samples and preprocessing it uses
# TFLM with the TF-converted int8 models of the corpus on the full sets (../shared/golden/datasets).
CORPUS_INT8 = {"vww": 0.854, "ic": 0.865, "kws": 0.901, "ad": 0.862}
TRAIN_SEED = 1


# ---------------------------------------------------------------------------------------------------
# datasets


def read_labels(dataset):
    with open(dataset / "y_labels.csv", newline="") as f:
        return [row for row in csv.reader(f) if row]


def load_sample(key, dataset, file):
    """One sample file -> float32 model input(s): [H,W,C] or [49,10,1], AD: [196, 640] windows."""
    path = dataset / file
    if key == "vww":
        return (np.fromfile(path, np.uint8).reshape(96, 96, 3).astype(np.float32) / np.float32(255.0))
    if key == "ic":
        return np.fromfile(path, np.uint8).reshape(32, 32, 3).astype(np.float32)
    if key == "kws":
        q = np.fromfile(path, np.int8).astype(np.float32)
        return ((q - np.float32(KWS_ZP)) * KWS_SCALE).astype(np.float32).reshape(49, 10, 1)
    clip = np.fromfile(path, "<f4")
    return np.stack([clip[AD_STRIDE * w: AD_STRIDE * w + AD_WINDOW] for w in range(AD_WINDOWS)])


def split(rows, trained=False):
    """(calibration, evaluation, training) rows. Corpus models: i % 5 == 0 calibrates, the rest is
    evaluated. Models trained here: i % 5 in {0, 1, 2} trains (i % 5 == 0 also calibrates), i % 5 in
    {3, 4} is evaluated."""
    calib = [r for i, r in enumerate(rows) if i % CALIB_EVERY == 0]
    if trained:
        train = [r for i, r in enumerate(rows) if i % CALIB_EVERY < 3]
        held = [r for i, r in enumerate(rows) if i % CALIB_EVERY >= 3]
        return calib, held, train
    held = [r for i, r in enumerate(rows) if i % CALIB_EVERY != 0]
    return calib, held, []


def calibration_array(key, dataset, rows):
    xs = [load_sample(key, dataset, r[0]) for r in rows]
    return np.concatenate(xs) if key == "ad" else np.stack(xs)


# ---------------------------------------------------------------------------------------------------
# metrics


def roc_auc(scores, labels):
    """Exact ROC AUC (Mann-Whitney, ties count 1/2), as sklearn.metrics.roc_auc_score."""
    scores, labels = np.asarray(scores, np.float64), np.asarray(labels)
    pos, neg = scores[labels == 1], scores[labels == 0]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    return float((greater + 0.5 * ties) / (len(pos) * len(neg)))


class Scorer:
    """Per model: predictions / clip scores and the output noise against the float model."""

    def __init__(self):
        self.correct = 0
        self.count = 0
        self.scores = []
        self.labels = []
        self.signal = 0.0
        self.noise = 0.0

    def add_noise(self, reference, got):
        ref = np.asarray(reference, np.float64)
        self.signal += float(np.sum(ref * ref))
        self.noise += float(np.sum((ref - np.asarray(got, np.float64)) ** 2))

    def sqnr(self):
        if self.noise == 0.0:
            return float("inf")
        return 10.0 * np.log10(max(self.signal, 1e-300) / self.noise)

    def value(self, metric):
        if metric == "auc":
            return roc_auc(self.scores, self.labels)
        return self.correct / max(self.count, 1)


# ---------------------------------------------------------------------------------------------------
# models


def train_model(key, dataset, rows):
    """A small float model trained on `rows` (seeded), as .tflite bytes. KWS: a conv / depthwise
    classifier of the 49x10 MFCCs; AD: a dense autoencoder of the 640-float windows of normal clips."""
    import keras
    import tensorflow as tf
    from keras import layers as L
    keras.utils.set_random_seed(TRAIN_SEED)
    base = TRAINED[key]
    if base == "kws":
        x = np.stack([load_sample(base, dataset, r[0]) for r in rows])
        y = np.array([int(r[2]) for r in rows])
        inp = keras.Input((49, 10, 1), batch_size=1)
        h = L.BatchNormalization()(inp)  # the MFCCs span about +-60
        h = L.Conv2D(32, (5, 3), strides=(2, 2), padding="same")(h)
        h = L.BatchNormalization()(h)
        h = L.ReLU()(h)
        h = L.DepthwiseConv2D(3, padding="same")(h)
        h = L.BatchNormalization()(h)
        h = L.ReLU()(h)
        h = L.Conv2D(32, 1, activation="relu")(h)
        h = L.GlobalAveragePooling2D()(h)
        out = L.Dense(12, activation="softmax")(L.Dropout(0.2)(h))
        model = keras.Model(inp, out)
        model.compile(keras.optimizers.Adam(3e-3), "sparse_categorical_crossentropy")
        model.fit(x, y, batch_size=32, epochs=60, verbose=0)
    else:
        x = np.concatenate([load_sample(base, dataset, r[0]) for r in rows if int(r[2]) == 0])
        inp = keras.Input((640,), batch_size=1)
        h = inp
        for units in (128, 128, 8, 128, 128):  # the MLPerf Tiny AD architecture, narrower
            h = L.Dense(units)(h)
            h = L.BatchNormalization()(h)
            h = L.ReLU()(h)
        model = keras.Model(inp, L.Dense(640)(h))
        model.compile(keras.optimizers.Adam(1e-3), "mse")
        model.fit(x, x, batch_size=128, epochs=30, verbose=0)
    return tf.lite.TFLiteConverter.from_keras_model(model).convert()


def float_model(key, name, shared, binary, work, dataset=None, train_rows=()):
    """The float model both quantizers get (KWS: the hybrid corpus model exported as float; the
    *_trained sets: trained here on `train_rows`)."""
    if key in TRAINED:
        out = work / f"{name}.tflite"
        out.write_bytes(train_model(key, dataset, train_rows))
        return out.read_bytes(), out
    src = shared / "corpus" / "models" / f"{name}.tflite"
    if key != "kws":
        return src.read_bytes(), src
    out = work / "kws_dscnn_float.tflite"
    p = subprocess.run([binary, "export", str(src), "--tflite", "-o", str(out)],
                          capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"mcuforge export --tflite of the hybrid KWS model failed: {p.stderr.strip()}")
    return out.read_bytes(), out


def mcuforge_variants(args):
    v = [(f"mcuforge {m}", {"method": m}) for m in args.methods]
    if not args.no_int16:
        v.append(("mcuforge int16 auto", {"int16": "auto"}))
    return v


def reported_accuracies(report):
    """The metric a quantize --eval --json report gives: float, int8 and final (after --int16 auto)."""
    if not isinstance(report, dict) or "metric" not in report:
        return {}
    return {k: report.get(k) for k in ("metric", "float_metric", "int8_metric", "final_metric")}


def quantize_with_mcuforge(args, variant, model_path, calib_npy, work, tag, extra=()):
    out = work / f"{tag}.tflite"
    t0 = time.time()
    p, report = qo.mcuforge_quantize(args.mcuforge, model_path, calib_npy, out,
                                     method=variant.get("method"), int16=variant.get("int16"), extra=extra)
    seconds = time.time() - t0
    if p.returncode != 0 or not out.is_file():
        return None, {"error": (p.stderr.strip() or f"exit {p.returncode}").splitlines()[-1]}
    info = {"quantize_seconds": round(seconds, 1), "int16_layers": qo.int16_layers(report),
            "float_ops": qo.float_ops(report), "size_bytes": out.stat().st_size}
    if isinstance(report, dict):
        info["method"] = report.get("method")
        info["reported_output_sqnr_db"] = report.get("output_sqnr_db")
    if args.keep_reports and report is not None:
        info["report"] = report
    if extra:
        info["reported_accuracy"] = reported_accuracies(report)
    return out.read_bytes(), info


def eval_check(args, key, base, fpath, calib_npy, dataset, held, work):
    """`mcuforge quantize --eval` on the held-back samples: the accuracy mcuforge reports, to be compared
    with the TFLM figure of the same model (the issue: the accuracy it reports is the MCU's)."""
    x = np.stack([load_sample(base, dataset, r[0]) for r in held])
    eval_npy, labels_npy = work / "eval.npy", work / "eval_labels.npy"
    np.save(eval_npy, x)
    np.save(labels_npy, np.array([int(r[2]) for r in held], np.int64))
    return quantize_with_mcuforge(args, {}, fpath, calib_npy, work, f"{key}_eval",
                                  extra=["--eval", eval_npy, "--labels", labels_npy])


def print_report(args, fpath, calib_npy, work, short):
    """The text report of `mcuforge quantize` (default method): the per-layer error table."""
    out = work / "report.tflite"
    p = subprocess.run([args.mcuforge, "quantize", str(fpath), "--data", str(calib_npy), "-o", str(out)],
                       capture_output=True, text=True)
    print(f"\n### `mcuforge quantize` report: {short}\n\n```\n{(p.stdout + p.stderr).strip()}\n```\n")


# ---------------------------------------------------------------------------------------------------
# evaluation


def evaluate(key, metric, dataset, rows, models, progress):
    """models: {label: model bytes}, the first one is the float reference. Runs every model on every
    held-back sample in lockstep -> {label: Scorer}."""
    interps = {label: qo.Tflm(m) for label, m in models.items()}
    scorers = {label: Scorer() for label in models}
    ref_label = next(iter(models))
    t0 = time.time()
    for n, row in enumerate(rows):
        label = int(row[2])
        x = load_sample(key, dataset, row[0])
        windows = x if key == "ad" else [x]
        for_model = {lbl: [] for lbl in models}
        for w in windows:
            for lbl, it in interps.items():
                for_model[lbl].append(it.run(w)[1][0].reshape(-1))
        ref = np.stack(for_model[ref_label])
        for lbl, outs in for_model.items():
            s = scorers[lbl]
            y = np.stack(outs)
            s.add_noise(ref, y)
            if metric == "auc":
                err = np.mean((y.astype(np.float64) - windows.astype(np.float64)) ** 2, axis=1)
                s.scores.append(float(np.mean(err)))
                s.labels.append(label)
            else:
                s.correct += int(np.argmax(y[0]) == label)
                s.count += 1
        if progress and (n + 1) % 50 == 0:
            print(f"  {key}: {n + 1}/{len(rows)} evaluated ({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)
    return scorers


def check_byte_equal(args, models, samples, work):
    """{label: None or the difference} for every mcuforge model."""
    res = {}
    for label, m in models.items():
        if not label.startswith("mcuforge"):
            continue
        try:
            res[label] = qo.byte_equal_with_mcuforge(args.mcuforge, m, samples,
                                                      work / ("run_" + label.replace(" ", "_")))
        except RuntimeError as e:
            res[label] = str(e)
    return res


def bench_set(args, key, work):
    name, ds_name, metric, short = SETS[key]
    base = TRAINED.get(key, key)  # samples and preprocessing
    dataset = args.shared / "corpus" / "datasets" / ds_name
    rows = read_labels(dataset)
    calib_rows, held, train_rows = split(rows, key in TRAINED)
    if metric == "auc":
        # An anomaly detector is calibrated, like it is trained, on normal operation: anomalies are what
        # it has not seen. (Calibrating on the anomalous clips too: see docs/quantize.md.)
        calib_rows = [r for r in calib_rows if int(r[2]) == 0]
    if args.limit and args.limit < len(held):
        # evenly spread over the held-back samples: vww01 and ad01 are sorted by class
        held = [held[int(i)] for i in np.linspace(0, len(held) - 1, args.limit).round()]
    fbytes, fpath = float_model(key, name, args.shared, args.mcuforge, work, dataset, train_rows)
    calib = calibration_array(base, dataset, calib_rows)
    calib_npy = work / f"{key}_calib.npy"
    np.save(calib_npy, calib)
    print(f"{short}: {name}, calibration {len(calib_rows)} samples ({calib.shape[0]} inputs), "
          f"evaluation {len(held)}", file=sys.stderr, flush=True)

    models = {"float": fbytes}
    t0 = time.time()
    models["TF int8"] = qo.tf_int8(fbytes, calib)
    info = {"float": {}, "TF int8": {"quantize_seconds": round(time.time() - t0, 1)}}
    if args.keep:
        (args.keep / f"{key}_tf_int8.tflite").write_bytes(models["TF int8"])
    if not args.no_mcuforge:
        for label, variant in mcuforge_variants(args):
            m, i = quantize_with_mcuforge(args, variant, fpath, calib_npy, work, f"{key}_{label.split()[-1]}")
            info[label] = i
            if m is not None:
                models[label] = m
                if args.keep:
                    (args.keep / f"{key}_{label.replace(' ', '_')}.tflite").write_bytes(m)
            else:
                print(f"  {label}: {i['error']}", file=sys.stderr)

        if key == "kws" and "mcuforge auto" in models:
            # the hybrid corpus model itself (weights dequantized by quantize) must give the same model
            hybrid = args.shared / "corpus" / "models" / f"{name}.tflite"
            m, _ = quantize_with_mcuforge(args, {}, hybrid, calib_npy, work, "kws_hybrid_direct")
            info["mcuforge auto"]["hybrid_model_gives_the_same_bytes"] = m == models["mcuforge auto"]
        if args.report == key:
            print_report(args, fpath, calib_npy, work, short)
        if args.eval_check and metric == "top1":
            m, info["mcuforge --eval"] = eval_check(args, key, base, fpath, calib_npy, dataset, held, work)
            if m is not None:
                models["mcuforge --eval"] = m  # evaluated in TFLM like the others

    scorers = evaluate(base, metric, dataset, held, models, args.progress)
    if args.check and any(lbl.startswith("mcuforge") for lbl in models):
        check_rows = held[:args.check]
        samples = []
        for r in check_rows:
            x = load_sample(base, dataset, r[0])
            samples.extend(x[:2] if base == "ad" else [x])
        for label, diff in check_byte_equal(args, models, samples, work).items():
            info[label]["byte_equal_with_mcuforge_run"] = diff is None
            if diff:
                info[label]["byte_difference"] = diff
    results = {}
    for label in info:
        r = dict(info[label])
        if label in scorers:
            r["value"] = scorers[label].value(metric)
            if label != "float":
                r["output_sqnr_db"] = round(scorers[label].sqnr(), 2)
        results[label] = r
    return {"model": name, "dataset": ds_name, "training_samples": len(train_rows), "metric": "roc_auc" if metric == "auc" else "top1_accuracy",
            "calibration_samples": len(calib_rows), "calibration_inputs": int(calib.shape[0]),
            "evaluation_samples": len(held), "corpus_tf_int8_full_set": CORPUS_INT8.get(key),
            "results": results}


# ---------------------------------------------------------------------------------------------------
# report


def fmt(metric, r):
    if r is None:
        return "n/a"
    if "error" in r:
        return "failed"
    if "value" not in r:
        return "n/a"
    v = f"{r['value']:.4f}" if metric == "roc_auc" else f"{100 * r['value']:.1f} %"
    if "output_sqnr_db" in r:
        v += f" ({r['output_sqnr_db']:.1f} dB)"
    if r.get("byte_equal_with_mcuforge_run") is False:
        v += " NOT byte-equal"
    return v


def moved_text(moved):
    """The ops moved to int16: listed when few, counted by type when many."""
    if not moved:
        return "none"
    if len(moved) <= 6:
        return ", ".join(moved)
    counts = {}
    for m in moved:
        t = m.split(" ", 1)[-1]
        counts[t] = counts.get(t, 0) + 1
    return f"{len(moved)} ops: " + ", ".join(f"{n} {t}" for t, n in sorted(counts.items(), key=lambda kv: -kv[1]))


def table(out, labels):
    int16 = "mcuforge int16 auto" in labels
    head = ["model", "metric", "eval n"] + labels + (["layers moved to int16"] if int16 else [])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for res in out["sets"].values():
        metric = res["metric"]
        cells = [res["model"], "ROC AUC" if metric == "roc_auc" else "top-1", str(res["evaluation_samples"])]
        cells += [fmt(metric, res["results"].get(lbl)) for lbl in labels]
        if int16:
            moved = (res["results"].get("mcuforge int16 auto") or {}).get("int16_layers")
            cells.append("n/a" if moved is None else moved_text(moved))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default=",".join(SETS), help="comma-separated sets: " + ",".join(SETS))
    ap.add_argument("--limit", type=int, default=0, help="evaluation samples per set (AD: clips); 0 = all")
    ap.add_argument("--methods", default="auto,minmax,percentile,mse,kl",
                    help="auto is quantize's default: each method, the best output SQNR")
    ap.add_argument("--no-int16", action="store_true", help="skip the --int16 auto run")
    ap.add_argument("--no-mcuforge", action="store_true", help="TensorFlow side only")
    ap.add_argument("--check", type=int, default=3, help="samples per model compared with `mcuforge run`")
    ap.add_argument("--json", type=Path, help="write the results as JSON")
    ap.add_argument("--report", metavar="SET", help="print mcuforge's text report (per-layer error) for this set")
    ap.add_argument("--eval-check", action="store_true",
                    help="also run quantize --eval on the held-back samples (classifiers) and print the "
                         "accuracy mcuforge reports next to TFLM's")
    ap.add_argument("--keep", type=Path, help="directory for the quantized models")
    ap.add_argument("--keep-reports", action="store_true", help="include mcuforge's --json reports in --json")
    ap.add_argument("--mcuforge", default=qo.default_binary(ROOT))
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--quiet", dest="progress", action="store_false")
    args = ap.parse_args()
    args.methods = [m for m in args.methods.split(",") if m]
    keys = [k for k in args.models.split(",") if k]
    for k in keys:
        if k not in SETS:
            ap.error(f"unknown set {k!r} (choose from {', '.join(SETS)})")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    if not args.no_mcuforge and not qo.quantize_available(args.mcuforge):
        print(f"note: `{args.mcuforge} quantize --help` fails: TensorFlow side only", file=sys.stderr)
        args.no_mcuforge = True

    labels = ["float", "TF int8"]
    if not args.no_mcuforge:
        labels += [lbl for lbl, _ in mcuforge_variants(args)]
    out = {"split": f"sample i of y_labels.csv calibrates when i % {CALIB_EVERY} == 0, the rest is evaluated"
                    + (f" ({args.limit} of them, evenly spread)" if args.limit else ""),
           "harness": "tflite-micro Python package; int8 inputs quantized from the float inputs (round half "
                      "away from zero); SQNR of dequantized outputs against the float model",
           "sets": {}}
    start = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        for key in keys:
            work = Path(tmp) / key
            work.mkdir()
            out["sets"][key] = bench_set(args, key, work)
    out["seconds"] = round(time.time() - start, 1)
    print(f"Split: {out['split']}. Values: metric (output SQNR vs float in dB).")
    print(table(out, labels))
    for k, res in out["sets"].items():
        rep = res["results"].get("mcuforge --eval")
        if rep is not None:
            print(f"{k}: mcuforge quantize --eval (default method) reports "
                  f"{rep.get('error') or rep.get('reported_accuracy')}; TFLM measures {rep.get('value')} "
                  f"on the model it wrote")
    same = (out["sets"].get("kws", {}).get("results", {}).get("mcuforge auto") or {}).get(
        "hybrid_model_gives_the_same_bytes")
    if same is not None:
        print(f"kws: quantize of the hybrid corpus model itself {'equals' if same else 'DIFFERS from'} "
              "quantize of its exported float model, byte for byte")
    failed = [f"{k}: {lbl}" for k, res in out["sets"].items() for lbl, r in res["results"].items()
              if "error" in r or r.get("byte_equal_with_mcuforge_run") is False
              or r.get("hybrid_model_gives_the_same_bytes") is False]
    if failed:
        print("\nFailures (quantize failed or TFLM differs from `mcuforge run`): " + "; ".join(failed))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
