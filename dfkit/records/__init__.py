"""Runs the course team recorded, shipped inside the package so that a pip-installed dfkit (Colab)
has them too: each file's command, machine and date are in benchmarks/README.md."""

from __future__ import annotations

from importlib import resources

import pandas as pd

__all__ = ["read", "names"]


def names() -> list[str]:
    """The recorded tables, by name (the file name without ``.csv``)."""
    return sorted(p.name.removesuffix(".csv") for p in resources.files(__name__).iterdir()
                  if p.name.endswith(".csv"))


def read(name: str) -> pd.DataFrame:
    """The recorded table ``name`` (see :func:`names`)."""
    if name not in names():
        raise ValueError(f"no recorded table {name!r}; dfkit records: {', '.join(names())}")
    with resources.files(__name__).joinpath(f"{name}.csv").open("rb") as file:
        return pd.read_csv(file)
