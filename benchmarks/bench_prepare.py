"""Time ``course.prepare()`` on a large folder: first call, then a second one (cached).

Writes ``--n`` small, distinct JPEGs (default 100,000, 48x48, half real, half fake, ten frames per
video with the paper's ``<video>_frame_<k>_face_0.jpg`` names) into a temporary folder (or
``--root``, kept and reused), then runs ``prepare()`` twice on it with the paper profile's subset
(``--subset``, default 8,000). Goals on 2 cores: first call <= 30 s, second call <= 3 s.

Usage: python benchmarks/bench_prepare.py [--n 100000] [--subset 8000] [--root FOLDER]
Ends with the lines ``prepare_seconds_first: N`` and ``prepare_seconds_cached: N`` (wall clock);
the CPU seconds and the load average are printed too, since a shared machine's wall time is noisy.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

from dfkit import config
from dfkit.course import chapter as course

FRAMES_PER_VIDEO = 10


def write_folder(root: Path, n: int, side: int = 48) -> None:
    """``n`` distinct JPEGs: smooth random faces-to-be, each stamped with its own index."""
    rng = np.random.default_rng(0)
    bases = [cv2.resize(rng.integers(0, 256, (6, 6, 3), dtype=np.uint8), (side, side),
                        interpolation=cv2.INTER_CUBIC) for _ in range(64)]
    for label in ("real", "deepfake"):
        (root / label).mkdir(parents=True, exist_ok=True)
    for i in range(n):
        label = "real" if i % 2 == 0 else "deepfake"
        k = i // 2
        img = bases[i % len(bases)].copy()
        img[:2, :24] = np.array([(k >> b & 1) * 255 for b in range(24)], np.uint8)[:, None]  # index: none alike
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 90])
        assert ok
        video, frame = divmod(k, FRAMES_PER_VIDEO)
        (root / label / f"{label[0]}{video:06d}_frame_{frame}_face_0.jpg").write_bytes(buf.tobytes())
    (root / ".bench-complete").write_text(str(n))


def timed_prepare(profile: config.Profile) -> tuple[float, float, course.CourseData]:
    """Wall-clock and CPU seconds (this process, all threads) of one prepare()."""
    start, cpu = time.perf_counter(), time.process_time()
    d = course.prepare(profile, verbose=False)
    return time.perf_counter() - start, time.process_time() - cpu, d


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="files in the folder")
    parser.add_argument("--subset", type=int, default=config.PROFILES["paper"].n_images)
    parser.add_argument("--root", default=None, help="folder to write (kept; reused when already written)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.root or Path(tmp) / "faces")
        if not (root / ".bench-complete").exists() or (root / ".bench-complete").read_text() != str(args.n):
            start = time.perf_counter()
            write_folder(root, args.n)
            print(f"wrote {args.n:,} JPEGs in {time.perf_counter() - start:.1f} s")
        os.environ[config.DATA_ENV] = str(root)
        os.environ[config.CACHE_ENV] = str(Path(tmp) / "cache")  # a fresh cache: the first call decodes
        profile = config.get_profile("paper", n_images=args.subset)
        first, first_cpu, d = timed_prepare(profile)
        cached, cached_cpu, again = timed_prepare(profile)
        assert again.manifest.equals(d.manifest), "the cached call must give the same subset"
    print(f"cores: {config.cpu_count()}, files: {args.n}, subset: {len(d.manifest)} "
          f"(split {len(d.train)}/{len(d.val)}/{len(d.test)}), goals: first <= 30 s, cached <= 3 s")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"CPU seconds (a shared machine's wall time overstates them): first {first_cpu:.2f}, "
          f"cached {cached_cpu:.2f}; load average {load:.1f}")
    print(f"files: {args.n}")
    print(f"decoded_first: {d.report.n_decoded}")
    print(f"decoded_cached: {again.report.n_decoded}")
    print(f"prepare_seconds_first: {first:.2f}")
    print(f"prepare_seconds_cached: {cached:.2f}")


if __name__ == "__main__":
    main()
