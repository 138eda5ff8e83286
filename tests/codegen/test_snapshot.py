# SPDX-License-Identifier: Apache-2.0
"""Codegen snapshot: compiling the bundled example must give exactly the checked-in files
(tests/codegen/snapshots/<model>/). After an intended change, run tools/update_snapshots.sh and review
the diff; a pure refactor gives none."""
import filecmp
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MCUFORGE = os.environ.get('MCUFORGE', os.path.join(ROOT, 'build', 'host-release', 'cli', 'mcuforge'))
SNAPSHOTS = os.path.join(ROOT, 'tests', 'codegen', 'snapshots')


def test_snapshots_match(tmp_path):
    names = sorted(os.listdir(SNAPSHOTS))
    assert names, 'no snapshots checked in'
    for name in names:
        model = os.path.join(ROOT, 'examples', 'gesture', name + '.tflite')
        out = tmp_path / name
        subprocess.run([MCUFORGE, 'compile', model, '-o', str(out), '--name', name], check=True,
                       capture_output=True)
        want = os.path.join(SNAPSHOTS, name)
        files = sorted(os.listdir(want))
        match, mismatch, errors = filecmp.cmpfiles(want, str(out), files, shallow=False)
        assert not mismatch and not errors, 'snapshot differs: %s (run tools/update_snapshots.sh)' % (mismatch + errors)
        produced = sorted(f for f in os.listdir(out) if f != 'mcuforge')
        assert produced == files, 'generated files changed: %s vs %s' % (produced, files)
