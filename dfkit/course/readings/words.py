"""Small pieces of wording the chapters' readings share."""

from __future__ import annotations

from collections.abc import Sequence


def listing(items: Sequence[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c`` (``conjunction="or"``: ``a, b or c``)."""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]
