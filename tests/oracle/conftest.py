# SPDX-License-Identifier: Apache-2.0
# pytest options for the live oracle tests: which mcuforge binary to test.
# Precedence: --mcuforge PATH, then $MCUFORGE, then build/host-release/cli/mcuforge in the repo.


def pytest_addoption(parser):
    parser.addoption("--mcuforge", default=None,
                     help="mcuforge binary to test (default: $MCUFORGE, else build/host-release/cli/mcuforge)")


def pytest_terminal_summary(terminalreporter):
    """test_random_ops.py: the per-op/dtype table of random cases (passed / skipped / refused / failed);
    test_quantize.py: mcuforge's and TensorFlow's output SQNR per model and variant."""
    import sys
    mod = sys.modules.get("test_random_ops")
    if mod is not None and getattr(mod, "RESULTS", None):
        import random_ops
        terminalreporter.write_sep("-", f"random op cases (seed {mod.SEED}, {mod.CASES} per op and dtype)")
        terminalreporter.write_line(random_ops.format_table(mod.RESULTS))

    quant = sys.modules.get("test_quantize")
    if quant is not None and getattr(quant, "SQNR_ROWS", None):
        terminalreporter.write_sep("-", "mcuforge quantize: output SQNR vs the float model on held-out data")
        for row in quant.SQNR_ROWS:
            terminalreporter.write_line(row)
