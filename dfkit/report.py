"""Numbers in a chapter's prose come from its run: myst-nb *glue*.

A cell computes a value and glues it; the markdown below writes ``{glue:text}`name:.3f```
(format spec after the colon), so the book's text shows what this run computed at any profile
and on any dataset. Raw roles are not rendered on Colab or in Jupyter, so the gluing cell must
also show the value (print it, or show it in a table).
"""

from __future__ import annotations

from typing import Any


def _plain(value: Any) -> Any:
    """NumPy scalars as Python numbers: myst-nb formats ``text/plain`` that reads back as a literal."""
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "shape", None) == ():
        return item()
    return value


def _in_a_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return get_ipython() is not None


def glue(name: str, value: Any) -> Any:
    """Store ``value`` under ``name`` for the book's ``{glue:text}`name:.3f``` and return it.

    Stored only inside a Jupyter kernel with myst-nb installed (as when the book is built);
    elsewhere (a plain script, a test) it just returns ``value``. Nothing is displayed.
    """
    value = _plain(value)
    if _in_a_kernel():
        try:
            from myst_nb import glue as myst_glue
        except ImportError:
            return value
        myst_glue(name, value, display=False)
    return value
