"""Command line: ``python -m dfkit data`` generates (or scans) the configured dataset."""

from __future__ import annotations

import argparse
import sys

from dfkit import config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dfkit", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_data = sub.add_parser("data", help="generate the synthetic set (or scan DFKIT_DATA) and print its splits")
    p_data.add_argument("--profile", default=None, help="ci, laptop or paper (default: $DFKIT_PROFILE or laptop)")
    args = parser.parse_args(argv)
    if args.command == "data":
        from dfkit import course

        d = course.prepare(config.get_profile(args.profile))
        print(d.report.summary())
        print(d.splits.table().to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
