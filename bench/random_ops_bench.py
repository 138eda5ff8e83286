#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Long run of the random differential op test (tests/oracle/random_ops.py): N seeded random single-op
models per op and dtype, TFLM (the tflite-micro package) against `mcuforge run`, byte-equal outputs
(float32 within 1e-5 relative). Prints the per-op/dtype table of passed / skipped (TFLM rejects) /
refused (known mcuforge refusals) / failed cases and every failure; models and inputs of failing cases
are kept with --keep DIR. Exit 1 if any case fails.

usage: bench/random_ops_bench.py [--cases 1000] [--seed 1] [--ops CONV_2D,ADD] [--dtypes int16]
                                 [--keep DIR] [--mcuforge PATH] [--workers 2]
"""
import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "oracle"))


def main():
    import random_ops as ro
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=1000, help="cases per op and dtype")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ops", help="comma-separated op names (default: all)")
    ap.add_argument("--dtypes", help="comma-separated dtypes (default: all)")
    ap.add_argument("--keep", help="directory for the models and inputs of failing cases")
    ap.add_argument("--mcuforge", default=ro.default_binary(ROOT))
    ap.add_argument("--workers", type=int, default=2, help="parallel `mcuforge run` processes")
    args = ap.parse_args()
    ops = set(args.ops.split(",")) if args.ops else None
    dtypes = set(args.dtypes.split(",")) if args.dtypes else None

    worker = ro.TflmWorker()
    results = {}
    start = time.time()
    try:
        for op, dtype in sorted(ro.GENERATORS):
            if (ops and op not in ops) or (dtypes and dtype not in dtypes):
                continue
            t = time.time()
            cases = ro.make_cases(op, dtype, args.cases, args.seed)
            r = ro.run_cases(worker, args.mcuforge, cases, workers=args.workers, keep_dir=args.keep, op=op)
            results[(op, dtype)] = r
            print(f"{op} {dtype}: {r.passed} passed, {r.skipped} skipped, {r.refused} refused, "
                  f"{len(r.failures)} failed ({time.time() - t:.1f} s)", flush=True)
            for f in r.failures:
                print("  FAIL " + f, flush=True)
    finally:
        worker.close()
    print()
    print(ro.format_table(results))
    print(f"\nseed {args.seed}, {args.cases} cases per op and dtype, {time.time() - start:.0f} s")
    return 1 if any(r.failures for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
