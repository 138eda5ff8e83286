# SPDX-License-Identifier: Apache-2.0
# pytest options for the live oracle tests: which mcuforge binary to test.
# Precedence: --mcuforge PATH, then $MCUFORGE, then build/host-release/cli/mcuforge in the repo.


def pytest_addoption(parser):
    parser.addoption("--mcuforge", default=None,
                     help="mcuforge binary to test (default: $MCUFORGE, else build/host-release/cli/mcuforge)")
