"""Generate the paper-scale synthetic set (8,000 images at 128x128) from scratch and time it.

Usage: python benchmarks/bench_synthetic.py [--n 8000] [--workers N]
Ends with the line ``images_per_second: N``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

from dfkit.data import synthetic


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    spec = synthetic.SyntheticSpec(n_images=args.n, size=synthetic.RENDER_SIZE, seed=0)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        synthetic.generate(os.path.join(tmp, "set"), spec, workers=args.workers, progress=True)
        seconds = time.perf_counter() - start
    print(f"cores: {os.cpu_count()}, images: {args.n} at {spec.size}x{spec.size}, seconds: {seconds:.1f}")
    print(f"images_per_second: {args.n / seconds:.0f}")


if __name__ == "__main__":
    main()
