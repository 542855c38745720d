"""How long each chapter took in a book build: read from the build's own execution cache.

`make book` executes every chapter through jupyter-cache, which records each notebook's
``execution_seconds``. This script reads them from a build folder's cache (``_build/.jupyter_cache``,
the link `make book` points at the cache of its profile and dfkit code) and writes one row per
chapter to a CSV: what the chapters' "Time it takes" lines quote (tests/test_chapter_times.py
checks each line against the record of the default profile, ``benchmarks/chapter_times_laptop.csv``).

    python benchmarks/chapter_times.py --build /tmp/clone/_build --out benchmarks/chapter_times_laptop.csv
"""

from __future__ import annotations

import argparse
import subprocess
import sys
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, default=Path("_build"))
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    table = read_times(args.build)
    commit = subprocess.run(["git", "-C", str(args.build.resolve().parent), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    table["commit"] = commit or "unknown"
    print(table.to_string(index=False))
    print(f"total_seconds: {table['seconds'].sum():.1f}")
    if args.out:
        table.to_csv(args.out, index=False)
        print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
