"""Small pieces of wording the chapters' readings share."""

from __future__ import annotations

from collections.abc import Sequence


def listing(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
