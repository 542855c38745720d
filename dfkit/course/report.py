"""What a run computed, in the chapter's text, in every front end (Colab, JupyterLab, the book).

A sentence whose numbers or conclusion depend on the run is written by the cell that computed
them, as a Markdown *output*: ``report.say(f"The test ROC-AUC is {auc:.3f}.")``. Colab, JupyterLab
and the book (myst-nb renders ``text/markdown`` outputs) all show it the same way, so no
front end shows a raw role. Markdown cells keep the run-independent teaching.

``glue`` also stores a value for myst-nb, for the book's own pages (not the chapters).
"""

from __future__ import annotations

from typing import Any

__all__ = ["say", "glue"]


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


def say(markdown: str) -> None:
    """Show ``markdown`` (one or more sentences, tables allowed) as the cell's Markdown output.

    In a notebook it displays as rendered text in Colab, JupyterLab and the book; outside one
    (a script, a test) it prints the same text.
    """
    text = " ".join(markdown.split()) if "\n\n" not in markdown and "|" not in markdown else markdown.strip()
    if _in_a_kernel():
        from IPython.display import Markdown, display

        display(Markdown(text))
    else:
        print(text)


def glue(name: str, value: Any) -> Any:
    """Store ``value`` under ``name`` for a book page's ``{glue:text}`name:.3f``` and return it.

    Stored only inside a Jupyter kernel with myst-nb installed (as when the book is built);
    elsewhere (a plain script, a test) it just returns ``value``. Nothing is displayed. Chapters
    use :func:`say` instead: a role in a notebook's markdown shows raw on Colab and in JupyterLab.
    """
    value = _plain(value)
    if _in_a_kernel():
        try:
            from myst_nb import glue as myst_glue
        except ImportError:
            return value
        myst_glue(name, value, display=False)
    return value
