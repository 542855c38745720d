"""Peak memory of one training epoch at two dataset sizes: does memory grow with the data?

Each size runs in a fresh process (the synthetic set is generated first, then Model 1 trains
one epoch on the 6-channel stack streamed from disk at 128x128), and reports its peak RSS.
Usage: python benchmarks/bench_memory.py [--small 2000] [--large 20000] [--size 128]
Ends with ``rss_ratio_20k_vs_2k: N`` (goal <= 1.10, peak under 2 GB).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

CHILD = """
import json, resource, sys, time
from dfkit import config
from dfkit.data import dataset as data, synthetic
from dfkit.models import paper as models
from dfkit.training import trainer as training
n, size, cache = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
root = synthetic.ensure_dataset(synthetic.SyntheticSpec(n_images=n, seed=0), cache=cache, progress=False)
manifest, _ = data.scan(root, verbose=False)
profile = config.get_profile("paper", n_images=n, image_size=size, epochs=1)
start = time.perf_counter()
train = training.batches(manifest, profile, "stack", shuffle=True)
model = models.build_cnn(input_shape=training.input_shape(profile, "stack"))
model.fit(train, epochs=1, verbose=0)
seconds = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"n": n, "seconds": seconds, "peak_rss_mib": peak_kib / 1024}))
"""


def measure(n: int, size: int, cache: str) -> dict:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    out = subprocess.run([sys.executable, "-c", CHILD, str(n), str(size), cache], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--size", type=int, default=128)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        small = measure(args.small, args.size, cache)
        large = measure(args.large, args.size, cache)
    for r in (small, large):
        print(f"{r['n']:>6} images: one epoch {r['seconds']:.0f} s ({r['n'] / r['seconds']:.0f} images/s), "
              f"peak RSS {r['peak_rss_mib']:.0f} MiB")
    print(f"cores: {os.cpu_count()}, image size {args.size}, total {time.perf_counter() - start:.0f} s")
    print(f"rss_ratio_20k_vs_2k: {large['peak_rss_mib'] / small['peak_rss_mib']:.3f}")


if __name__ == "__main__":
    main()
