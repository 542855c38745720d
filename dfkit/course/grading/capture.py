"""Runs inside the submission's kernel: writes the named answers of the namespace to a file.

The grader injects one call after every cell that checks an exercise and one at the end. It
only copies values out; it decides nothing (the grader decodes them with
:mod:`dfkit.course.grading.codec` and runs the checkers in its own process). Plain data is
encoded as data; functions, classes and other objects as cloudpickle bytes, which only the
grading sandbox loads.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from pathlib import Path

from dfkit.course.grading.codec import Unencodable, encode, pickled

_CACHE_WRAPPER = type(functools.lru_cache(None)(len))


def value_tree(value) -> dict:
    """``{"value": tree}`` for plain data, ``{"value": pickle}`` for code and objects. A
    function under ``functools.cache``/``lru_cache`` is copied as the function it wraps
    (the cache only saves work; cloudpickle cannot copy the wrapper of a notebook's
    function, and a right cached answer was graded "it is Opaque" while its kernel check
    said correct, 2026-12-07)."""
    try:
        return {"value": encode(value, strict=True)}
    except Unencodable:
        try:
            return {"value": pickled(value)}
        except Exception as exc:  # noqa: BLE001 - an object cloudpickle cannot copy
            inner = getattr(value, "__wrapped__", None)
            if isinstance(value, _CACHE_WRAPPER) and callable(inner):
                try:
                    return {"value": pickled(inner)}
                except Exception:  # noqa: BLE001 - the wrapped function cannot be copied
                    pass
            return {"value": encode(value), "note": f"could not copy it: {exc}"[:300]}


def snapshot(namespace: dict, names: Iterable[str], path: str, label: str,
             token: str | None = None) -> None:
    """Append ``{"label": label, "token": token, "names": {name: tree}}`` (one JSON line) to
    ``path``; ``token`` is the one the execute process drew for this snapshot (the grader
    reads only lines carrying a token it issued, :func:`~.verdicts.read_answers`)."""
    found = {}
    for name in names:
        if name in namespace:
            found[name] = value_tree(namespace[name])
    with open(Path(path), "a", encoding="utf-8") as out:
        out.write(json.dumps({"label": label, "token": token, "names": found}) + "\n")
