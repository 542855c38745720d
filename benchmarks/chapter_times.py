"""How long each chapter took in a book build: read from the build's own execution cache.

`make book` executes every chapter through jupyter-cache, which records each notebook's
``execution_seconds``. This script reads them from a build folder's cache (``_build/.jupyter_cache``,
the link `make book` points at the cache of its profile and dfkit code) and writes one row per
chapter to a CSV: what the chapters' "Time it takes" lines quote (tests/test_chapter_times.py
checks each line against the record of the default profile, ``benchmarks/chapter_times_laptop.csv``).

    python benchmarks/chapter_times.py --build /tmp/clone/_build --out benchmarks/chapter_times_laptop.csv

In a book build a chapter reuses the data and the models earlier chapters made (dfkit's cache).
A student who opens one chapter in a fresh Colab runtime has neither, so ``--alone`` executes
each chapter on its own, with an empty cache of its own, and records that wall-clock time (kernel
start included) beside the build's: what the time lines quote as "opened alone".

    python benchmarks/chapter_times.py --alone --out benchmarks/chapter_times_alone.csv
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import pandas as pd


def read_times(build: Path) -> pd.DataFrame:
    """One row per executed chapter of the cache under ``build``: chapter, seconds, executed at."""
    from jupyter_cache import get_cache

    cache = (build / ".jupyter_cache").resolve()
    if not (cache / "global.db").exists():
        raise SystemExit(f"{cache}: no jupyter-cache there. Pass --build the _build folder of a "
                         "finished `make book` (it holds .jupyter_cache).")
    rows = [{"chapter": Path(record.uri).stem,
             "seconds": round(float(record.data["execution_seconds"]), 1),
             "executed_at": record.created.strftime("%Y-%m-%d %H:%M")}
            for record in get_cache(str(cache)).list_cache_records()
            if Path(record.uri).parent.name == "chapters" and "execution_seconds" in record.data]
    if not rows:
        raise SystemExit(f"{cache}: no executed chapter recorded; run `make book` first.")
    table = pd.DataFrame(rows).sort_values("executed_at").drop_duplicates("chapter", keep="last")
    table.insert(0, "profile", cache.name.split("-")[0])  # make book names it <profile>-<code hash>
    return table.sort_values("chapter").reset_index(drop=True)


def time_alone(chapters: list[Path], keep: Path | None = None) -> pd.DataFrame:
    """Execute each chapter alone in the default profile with an empty dfkit cache of its own
    (as a fresh runtime has): one row per chapter, its wall-clock seconds, kernel start included.
    With ``keep``, the executed notebooks are written there (what a student's run shows)."""
    rows = []
    for notebook in chapters:
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "DFKIT_CACHE": cache}
            env.pop("DFKIT_PROFILE", None)  # the default profile, as a student gets it
            # the commit each chapter ran at, read as it starts (main moves during a long run)
            commit = _head(Path(notebook).resolve().parent)
            started, at = time.perf_counter(), datetime.now().strftime("%Y-%m-%d %H:%M")
            subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook",
                            "--execute", "--ExecutePreprocessor.timeout=3600", "--output-dir",
                            str(keep or cache), str(notebook)],
                           env=env, check=True, capture_output=True)
            seconds = round(time.perf_counter() - started, 1)
        print(f"{notebook.stem}: {seconds} s alone", flush=True)
        rows.append({"profile": "laptop", "chapter": notebook.stem, "seconds": seconds,
                     "executed_at": at, "commit": commit})
    return pd.DataFrame(rows)


def _head(where: Path) -> str:
    """The short commit checked out at ``where`` ("unknown" outside a git checkout)."""
    out = subprocess.run(["git", "-C", str(where), "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True).stdout.strip()
    return out or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, default=Path("_build"))
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--alone", action="store_true",
                        help="execute each chapter alone with an empty cache instead of reading a build")
    parser.add_argument("--chapters", nargs="*", type=Path, default=None,
                        help="with --alone: these notebooks (default: every chapters/*.ipynb)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="with --alone: write the executed notebooks to this folder")
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    if args.alone:
        chapters = args.chapters or sorted((root / "chapters").glob("[0-9][0-9]_*.ipynb"))
        table = time_alone(chapters, keep=args.keep)
    else:
        table = read_times(args.build)
    if not args.alone:
        table["commit"] = _head(args.build.resolve().parent)
    print(table.to_string(index=False))
    print(f"total_seconds: {table['seconds'].sum():.1f}")
    if args.out:
        table.to_csv(args.out, index=False)
        print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
