"""A safe, JSON-based encoding of answer values for crossing process boundaries.

Why not pickle: unpickling runs code, and the grader must never run what a submission wrote.
:func:`decode` rebuilds only plain data (numbers, strings, containers, numpy arrays without
object dtype, pandas frames); anything else arrives as :class:`Opaque`, which no checker
accepts. Functions and classes travel as cloudpickle bytes that only the sandbox (the process
that runs student code anyway) may load: ``decode(..., allow_pickle=True)``.
"""

from __future__ import annotations

import base64
import io
import math
from typing import Any

import numpy as np

TAG = "__dfkit__"


class Opaque:
    """A value that could not be encoded: its type and repr, for the feedback message."""

    def __init__(self, type_name: str, text: str):
        self.type_name, self.text = type_name, text

    def __repr__(self) -> str:
        return f"<{self.type_name} {self.text}>"


class Unencodable(TypeError):
    """Raised by :func:`encode` with ``strict=True`` for a value that is not plain data."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _array(value: np.ndarray) -> dict:
    if value.dtype.hasobject:
        return {TAG: "objarray", "shape": list(value.shape),
                "items": [encode(v) for v in value.ravel().tolist()]}
    buffer = io.BytesIO()
    np.save(buffer, value, allow_pickle=False)
    return {TAG: "ndarray", "npy": _b64(buffer.getvalue())}


def encode(value: Any, strict: bool = False, placeholder: type | None = None) -> Any:
    """A JSON-able tree for ``value``; non-data values become Opaque (or raise when strict)."""
    if placeholder is None:
        from dfkit.course.exercises import _Placeholder as placeholder
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if abs(value) < 2**53 else {TAG: "bigint", "text": str(value)}
    if isinstance(value, float):
        return value if math.isfinite(value) else {TAG: "float", "text": repr(value)}
    if isinstance(value, placeholder):
        return {TAG: "blank"}
    if isinstance(value, (np.generic,)) and not isinstance(value, np.object_):
        return {TAG: "npscalar", "value": _array(np.asarray(value))}
    if isinstance(value, np.ndarray):
        return _array(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [encode(v, strict, placeholder) for v in value]
        kind = {list: "list", tuple: "tuple"}.get(type(value), "set")
        return items if kind == "list" else {TAG: kind, "items": items}
    if isinstance(value, dict):
        return {TAG: "dict", "items": [[encode(k, strict, placeholder),
                                        encode(v, strict, placeholder)] for k, v in value.items()]}
    if isinstance(value, bytes):
        return {TAG: "bytes", "data": _b64(value)}
    if isinstance(value, complex):
        return {TAG: "complex", "re": encode(value.real), "im": encode(value.imag)}
    frame = _frame(value, strict, placeholder)
    if frame is not None:
        return frame
    if strict:
        raise Unencodable(type(value).__name__)
    return {TAG: "opaque", "type": type(value).__name__, "repr": repr(value)[:200]}


def _frame(value: Any, strict: bool, placeholder: type) -> dict | None:
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        return None
    if isinstance(value, pd.Series):
        return {TAG: "series", "name": encode(value.name, strict, placeholder),
                "index": _array(value.index.to_numpy()), "data": _array(value.to_numpy())}
    if isinstance(value, pd.DataFrame):
        return {TAG: "frame", "columns": [encode(c, strict, placeholder) for c in value.columns],
                "index": _array(value.index.to_numpy()),
                "data": [_array(value[c].to_numpy()) if not value.columns.duplicated().any()
                         else _array(value.iloc[:, i].to_numpy())
                         for i, c in enumerate(value.columns)]}
    return None


def pickled(value: Any) -> dict:
    """A function, class or other object as cloudpickle bytes (loaded only by the sandbox)."""
    import cloudpickle

    return {TAG: "pickle", "data": _b64(cloudpickle.dumps(value))}


def decode(tree: Any, allow_pickle: bool = False, placeholder: Any = None) -> Any:
    """Rebuild a value from :func:`encode`'s tree (never runs code unless ``allow_pickle``)."""
    if placeholder is None:
        from dfkit.course.exercises import ____ as placeholder
    if isinstance(tree, list):
        return [decode(t, allow_pickle, placeholder) for t in tree]
    if not isinstance(tree, dict) or TAG not in tree:
        return tree
    kind = tree[TAG]
    again = lambda t: decode(t, allow_pickle, placeholder)  # noqa: E731
    if kind == "ndarray":
        return np.load(io.BytesIO(base64.b64decode(tree["npy"])), allow_pickle=False)
    if kind == "objarray":
        out = np.empty(len(tree["items"]), dtype=object)
        out[:] = [again(t) for t in tree["items"]]
        return out.reshape(tree["shape"])
    if kind == "npscalar":
        return again(tree["value"])[()]
    if kind in ("tuple", "set"):
        items = [again(t) for t in tree["items"]]
        return tuple(items) if kind == "tuple" else set(items)
    if kind == "dict":
        return {_hashable(again(k)): again(v) for k, v in tree["items"]}
    simple = {"blank": lambda: placeholder, "bigint": lambda: int(tree["text"]),
              "float": lambda: float(tree["text"]),
              "bytes": lambda: base64.b64decode(tree["data"]),
              "complex": lambda: complex(again(tree["re"]), again(tree["im"])),
              "opaque": lambda: Opaque(tree["type"], tree["repr"])}
    if kind in simple:
        return simple[kind]()
    if kind in ("series", "frame"):
        import pandas as pd

        index = again(tree["index"])
        if kind == "series":
            return pd.Series(again(tree["data"]), index=index, name=again(tree["name"]))
        columns = [_hashable(again(c)) for c in tree["columns"]]
        data = {i: again(d) for i, d in enumerate(tree["data"])}
        frame = pd.DataFrame(data, index=index)
        frame.columns = columns
        return frame
    if kind == "pickle":
        if not allow_pickle:
            return Opaque("function", "(code runs only in the grading sandbox)")
        import cloudpickle

        return cloudpickle.loads(base64.b64decode(tree["data"]))
    return Opaque(str(kind), "unknown encoding")


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key
