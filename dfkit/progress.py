"""Progress bars that end as a line of text, so that a saved notebook shows where they finished.

In a notebook tqdm draws a widget, and a saved notebook (the book, a shared ``.ipynb``) keeps only
the widget's first frame as text: a bar frozen at 0 %. Here the widget is shown under a display id
and replaced, when the bar closes, by its last frame as text. Live, the bar moves as usual; saved,
the page reads "100% 320/320". Outside a notebook it is tqdm's usual text bar.
"""

from __future__ import annotations

import functools

from tqdm.auto import tqdm as _auto_tqdm

__all__ = ["progress_bar"]


def progress_bar(*args, **kwargs):
    """``tqdm(*args, **kwargs)``: a notebook widget that ends as text, or tqdm's text bar elsewhere."""
    try:
        from tqdm.notebook import tqdm as notebook_tqdm
    except ImportError:  # no ipywidgets: tqdm.auto is the text bar too
        return _auto_tqdm(*args, **kwargs)
    if not issubclass(_auto_tqdm, notebook_tqdm):  # not in a notebook's kernel
        return _auto_tqdm(*args, **kwargs)
    return _ends_as_text_class()(*args, **kwargs)


@functools.cache
def _ends_as_text_class():
    from IPython.display import display
    from tqdm.notebook import tqdm as notebook_tqdm

    class EndsAsText(notebook_tqdm):
        """tqdm's notebook bar, displayed under an id and updated to its last frame as text on close."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, display=False, **kwargs)
            self._shown = None if self.disable else display(self.container, display_id=True)

        def close(self) -> None:
            shown, self._shown = getattr(self, "_shown", None), None
            super().close()
            if shown is not None:
                shown.update({"text/plain": self.container.__repr__(True)}, raw=True)

    return EndsAsText
