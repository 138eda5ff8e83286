# SPDX-License-Identifier: Apache-2.0
"""Shared by the `mcuforge deploy` tests: paths, the model most tests deploy, and the refusal check."""
import os
import shutil

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get('MF_SHARED_DIR', os.path.join(ROOT, '..', 'shared'))
MODELS = os.path.join(SHARED, 'corpus', 'models')
GOLDEN = os.path.join(SHARED, 'golden')
MCUFORGE = os.environ.get('MCUFORGE', os.path.join(ROOT, 'build', 'host-release', 'cli', 'mcuforge'))
KWS = 'mlperf_kws_dscnn_int8'


def need(tool, package):
    if not shutil.which(tool):
        pytest.skip(f'{tool} not found (apt install {package})')


def assert_refused(r, out):
    """Exit 2, one 'mcuforge: error:' line with a hint, nothing written at `out` or beside it."""
    assert r.returncode == 2, r.stdout + r.stderr
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert sum(l.startswith('mcuforge: error:') for l in lines) == 1, r.stderr
    assert any(l.strip().startswith('hint:') for l in lines), r.stderr
    assert not out.exists() or not any(out.iterdir()), 'files were written on failure'
    assert not list(out.parent.glob(out.name + '.partial-*')), 'a temporary directory was left behind'
