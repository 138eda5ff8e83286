#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Prints a classifier output (out_0.npy from `mcuforge run`) as ranked classes, for the demo."""
import os
import sys

import numpy as np


def main():
    out = np.load(sys.argv[1]).reshape(-1)
    labels = []
    if len(sys.argv) > 2 and os.path.exists(sys.argv[2]):
        labels = [l.strip() for l in open(sys.argv[2]) if l.strip()]
    order = np.argsort(-out.astype(np.int64), kind='stable')
    print('prediction (raw %s scores, highest first):' % out.dtype)
    for rank, k in enumerate(order[:5]):
        name = labels[k] if k < len(labels) else 'class %d' % k
        print('  %s %-10s %d' % ('->' if rank == 0 else '  ', name, out[k]))


if __name__ == '__main__':
    main()
