# SPDX-License-Identifier: Apache-2.0
"""Bad input through the real `mcuforge` binary: every case must exit with code 2, print exactly one
"mcuforge: error:" line and a "hint:", and leave no out_* file in the output directory.

Run by ctest (bad_input_cli) with MCUFORGE (the binary), MF_MAKE_TEST_MODELS (writes small crafted
models) and MF_SHARED_DIR (corpus) in the environment.
"""
import os
import pathlib
import subprocess

import numpy as np
import pytest

MCUFORGE = os.environ.get("MCUFORGE", "build/host-release/cli/mcuforge")
MAKE_MODELS = os.environ.get("MF_MAKE_TEST_MODELS", "build/host-release/tests/bad_input/make_test_models")
CORPUS = pathlib.Path(os.environ.get("MF_SHARED_DIR", pathlib.Path(__file__).parents[3] / "shared")) / "corpus" / "models"


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    d = tmp_path_factory.mktemp("models")
    subprocess.run([MAKE_MODELS, str(d)], check=True)
    return d


def run(args, timeout=120):
    return subprocess.run([MCUFORGE, *[str(a) for a in args]], capture_output=True, text=True, timeout=timeout)


def expect_bad_input(args, out_dir=None, *, names=(), timeout=120):
    """Runs mcuforge, checks the bad-input contract, returns stderr."""
    r = run(args, timeout)
    err = r.stderr
    assert r.returncode == 2, f"exit code {r.returncode}, stderr:\n{err}"
    lines = err.splitlines()
    assert sum(l.startswith("mcuforge: error:") for l in lines) == 1, err
    assert lines[0].startswith("mcuforge: error:"), err
    assert any(l.startswith("  hint: ") and len(l) > len("  hint: ") for l in lines), err
    assert "internal error" not in err and "Traceback" not in err and "Sanitizer" not in err, err
    for n in names:
        assert n.lower() in err.lower(), f"message does not mention {n!r}:\n{err}"
    if out_dir is not None and pathlib.Path(out_dir).exists():
        leftovers = sorted(p.name for p in pathlib.Path(out_dir).iterdir() if p.name.startswith("out_"))
        assert not leftovers, f"failed run left {leftovers}"
    return err


def run_model(model, inputs, out_dir, names=(), timeout=120):
    args = ["run", model]
    for i in inputs:
        args += ["--input", i]
    args += ["--output-dir", out_dir]
    return expect_bad_input(args, out_dir, names=names, timeout=timeout)


def corpus(name):
    p = CORPUS / name
    if not p.exists():
        pytest.skip(f"corpus model {name} not found")
    return p


def int8_input(tmp_path, n=6):
    p = tmp_path / "in.bin"
    p.write_bytes(bytes(range(n)))
    return p


# ---------------------------------------------------------------- sanity: the harness itself


def test_valid_run_writes_outputs(models, tmp_path):
    out = tmp_path / "out"
    r = run(["run", models / "reshape_int8.tflite", "--input", int8_input(tmp_path), "--output-dir", out])
    if r.returncode != 0 and "not implemented yet" in r.stderr:
        pytest.skip(r.stderr)
    assert r.returncode == 0, r.stderr
    assert (out / "out_0.bin").read_bytes() == bytes(range(6))
    assert (out / "out_0.npy").exists()


# ---------------------------------------------------------------- model files


def test_not_a_model(tmp_path):
    m = tmp_path / "readme.tflite"
    m.write_text("this is not a model\n" * 10)
    run_model(m, [int8_input(tmp_path)], tmp_path / "out", names=["not a TFLite model"])


def test_empty_file(tmp_path):
    m = tmp_path / "empty.tflite"
    m.write_bytes(b"")
    run_model(m, [int8_input(tmp_path)], tmp_path / "out", names=["0 bytes"])


def test_truncated_corpus_model(tmp_path):
    data = corpus("tflm_hello_world_int8.tflite").read_bytes()
    for n in (16, len(data) // 3, len(data) - 1):
        m = tmp_path / f"cut{n}.tflite"
        m.write_bytes(data[:n])
        run_model(m, [int8_input(tmp_path, 1)], tmp_path / "out", names=["corrupt or truncated"])


def test_truncated_model_inspect(tmp_path):
    data = corpus("mlperf_kws_dscnn_int8.tflite").read_bytes()
    m = tmp_path / "cut.tflite"
    m.write_bytes(data[: len(data) // 2])
    expect_bad_input(["inspect", m], names=["corrupt or truncated"])
    expect_bad_input(["inspect", "--json", m], names=["corrupt or truncated"])


def test_missing_model_file(tmp_path):
    run_model(tmp_path / "nope.tflite", [int8_input(tmp_path)], tmp_path / "out", names=["nope.tflite"])


def test_model_is_a_directory(tmp_path):
    run_model(tmp_path, [int8_input(tmp_path)], tmp_path / "out", names=["directory"])


def test_vela_model_custom_op(tmp_path):
    m = corpus("tflm_person_detect_vela_int8.tflite")
    inp = tmp_path / "in.bin"
    inp.write_bytes(bytes(96 * 96))
    err = run_model(m, [inp], tmp_path / "out", names=["ethos-u", "custom op"])
    assert "vela" in err.lower() or "npu" in err.lower()


def test_audio_preprocessor_signal_ops(tmp_path):
    m = corpus("tflm_audio_preprocessor_int8.tflite")
    inp = tmp_path / "in.bin"
    inp.write_bytes(bytes(960))
    run_model(m, [inp], tmp_path / "out", names=["SignalWindow", "SignalFilterBank", "custom op"])


@pytest.mark.parametrize(
    "model,names",
    [
        ("custom_op.tflite", ["custom op 'ethos-u'"]),
        ("unsupported_builtin.tflite", ["HASHTABLE_LOOKUP", "not supported"]),
        ("conv_stride0.tflite", ["CONV_2D"]),
        ("nan_scale.tflite", ["scale", "nan"]),
        ("cycle.tflite", ["before any op has written it"]),
    ],
)
def test_crafted_bad_models(models, tmp_path, model, names):
    run_model(models / model, [int8_input(tmp_path)], tmp_path / "out", names=names)


# ---------------------------------------------------------------- inputs (on a model that runs)


def runnable(models, tmp_path):
    """The RESHAPE model, skipped if the executor cannot run it (never expected)."""
    m = models / "reshape_int8.tflite"
    r = run(["run", m, "--input", int8_input(tmp_path), "--output-dir", tmp_path / "probe"])
    if r.returncode != 0:
        pytest.skip("reshape model does not run: " + r.stderr)
    return m


def test_wrong_input_size_bin(models, tmp_path):
    m = runnable(models, tmp_path)
    run_model(m, [int8_input(tmp_path, 5)], tmp_path / "out", names=["needs 6 bytes", "has 5"])


def test_wrong_dtype_npy(models, tmp_path):
    m = runnable(models, tmp_path)
    p = tmp_path / "x.npy"
    # float32 (real values) and uint8 (pixels) are converted for a quantized int8 input; int32 is not.
    np.save(p, np.zeros((1, 2, 3), np.int32))
    err = run_model(m, [p], tmp_path / "out", names=["int32"])
    assert "quantized" in err and "int8" in err and "float32 real values" in err, err


def test_wrong_shape_npy(models, tmp_path):
    m = runnable(models, tmp_path)
    p = tmp_path / "x.npy"
    np.save(p, np.zeros((2, 3, 4), np.int8))
    run_model(m, [p], tmp_path / "out", names=["shape"])


def test_corrupt_npy(models, tmp_path):
    m = runnable(models, tmp_path)
    p = tmp_path / "x.npy"
    p.write_bytes(b"\x93NUMPY\x01\x00\xff\xff{'descr': '|i1'")
    run_model(m, [p], tmp_path / "out", names=["not a valid .npy"])


def test_wrong_number_of_inputs(models, tmp_path):
    m = runnable(models, tmp_path)
    i = int8_input(tmp_path)
    run_model(m, [i, i], tmp_path / "out", names=["1 input(s) but 2"])


def test_missing_input_file(models, tmp_path):
    m = runnable(models, tmp_path)
    run_model(m, [tmp_path / "missing.bin"], tmp_path / "out", names=["missing.bin"])


def test_endless_input_device(models, tmp_path):
    m = runnable(models, tmp_path)
    run_model(m, ["/dev/zero"], tmp_path / "out", names=["/dev/zero"], timeout=30)


def test_output_dir_is_a_file(models, tmp_path):
    m = runnable(models, tmp_path)
    f = tmp_path / "file"
    f.write_text("x")
    expect_bad_input(["run", m, "--input", int8_input(tmp_path), "--output-dir", f], names=["output directory"])


def test_failed_run_leaves_no_outputs_in_existing_dir(models, tmp_path):
    """The output dir exists (and has other files): a failing run adds nothing."""
    m = runnable(models, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    run_model(m, [int8_input(tmp_path, 7)], out)
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


def test_dump_dir_is_a_file(models, tmp_path):
    """--dump-tensors into a file: fails before any output is written."""
    m = runnable(models, tmp_path)
    f = tmp_path / "file"
    f.write_text("x")
    out = tmp_path / "out"
    expect_bad_input(["run", m, "--input", int8_input(tmp_path), "--output-dir", out, "--dump-tensors", f],
                     out, names=["tensor dump directory"])


def test_output_name_taken_by_directory(models, tmp_path):
    """out_0.bin exists as a directory: the rename fails, nothing of this run (no .partial) stays."""
    m = runnable(models, tmp_path)
    out = tmp_path / "out"
    (out / "out_0.bin").mkdir(parents=True)
    (out / "out_0.bin" / "x").write_text("x")
    r = run(["run", m, "--input", int8_input(tmp_path), "--output-dir", out])
    assert r.returncode == 2, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["out_0.bin"], sorted(p.name for p in out.iterdir())
