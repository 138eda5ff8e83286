#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes tests/fuzz/seeds/op_<OP>_<dtype>.tflite: one small single-op model per op and dtype form of
the random differential oracle (tests/oracle/random_ops.py GENERATORS and the gen_*.py families), so
that the fuzzer starts from a valid model of every op mcuforge runs and mutates its way into each op's
prepare and kernel. Rerun after adding an op:  python3 tests/fuzz/make_op_seeds.py
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "oracle"))
MAX_BYTES = 4096  # the fuzzer's small phase takes inputs up to 64 KiB; small seeds mutate faster


def main():
    import numpy as np
    import random_ops as ro
    out = ROOT / "tests" / "fuzz" / "seeds"
    for old in out.glob("op_*.tflite"):
        old.unlink()
    written = 0
    for op, dtype in sorted(ro.GENERATORS):
        for n in range(40):  # the smallest of a few cases
            case = ro.GENERATORS[(op, dtype)](np.random.default_rng(1000 + n), dtype)
            if case is not None and len(case.model) <= MAX_BYTES:
                (out / f"op_{op}_{dtype}.tflite").write_bytes(case.model)
                written += 1
                break
    print(f"{written} op seeds in {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
