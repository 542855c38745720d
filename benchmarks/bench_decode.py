"""JPEG decoding for the loader: OpenCV's GIL-free fast path (dfkit.data.jpeg) against Pillow, same pixels.

Decodes N synthetic faces (JPEG, --side px, resized to --size as the loader does) with
``data.load_batch`` at 1 and 2 or more threads, first with the fast path switched off (every
file through Pillow, as before) and then on; best of 3 runs each; the arrays must be identical.
Ends with ``decode_speedup_vs_pillow: N`` (at the largest thread count).

    python benchmarks/bench_decode.py [--n 2048] [--side 224] [--size 128] [--threads 1 2]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from unittest import mock

import numpy as np

from dfkit.data import dataset as data
from dfkit.data import synthetic


def best_rate(paths: list[str], size: int, threads: int, repeats: int = 3) -> tuple[float, np.ndarray]:
    best, out = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        out = data.load_batch(paths, size, threads)
        best = min(best, time.perf_counter() - start)
    return len(paths) / best, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2048)
    parser.add_argument("--side", type=int, default=224, help="stored JPEG side (the DFDC crops are 224)")
    parser.add_argument("--size", type=int, default=128, help="loader size")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = synthetic.generate(os.path.join(tmp, "faces"), synthetic.SyntheticSpec(n_images=args.n, size=args.side),
                                  progress=False)
        paths = data.scan(root, verbose=False)[0]["path"].tolist()
        print(f"{len(paths)} JPEG faces at {args.side}px decoded to {args.size}px, {os.cpu_count()} cores")
        speedup = float("nan")
        for threads in args.threads:
            with mock.patch.object(data.jpeg, "decode", lambda raw, size=None: None):
                pil_rate, pil = best_rate(paths, args.size, threads)
            fast_rate, fast = best_rate(paths, args.size, threads)
            if not np.array_equal(pil, fast):
                raise SystemExit("the fast path changed pixels: it must give Pillow's exactly")
            speedup = fast_rate / pil_rate
            print(f"{threads} thread(s): Pillow {pil_rate:6.0f} images/s | OpenCV fast path {fast_rate:6.0f} images/s "
                  f"| {speedup:.2f}x, identical")
    print(f"pillow_images_per_second: {pil_rate:.1f}")
    print(f"fast_images_per_second: {fast_rate:.1f}")
    print(f"decode_speedup_vs_pillow: {speedup:.2f}")


if __name__ == "__main__":
    main()
