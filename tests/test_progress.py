"""dfkit.progress: a bar in a notebook ends as its last frame in text, so a saved notebook (the book, a
shared .ipynb) shows where it finished instead of a widget frozen at 0 %."""

from __future__ import annotations

from nbclient import NotebookClient
from nbformat import v4
from tqdm import std

from dfkit.progress import progress_bar

LOOP = "from dfkit.progress import progress_bar\nfor _ in progress_bar(range(5), desc='runs'):\n    pass"
STOPPED = ("from dfkit.progress import progress_bar\nwith progress_bar(total=10, desc='faces', unit='img') as bar:\n"
           "    bar.update(4)")
OFF = "from dfkit.progress import progress_bar\nfor _ in progress_bar(range(3), disable=True):\n    pass\nprint('ok')"


def test_a_saved_notebook_keeps_each_bar_as_its_last_frame_in_text():
    nb = v4.new_notebook(cells=[v4.new_code_cell(code) for code in (LOOP, STOPPED, OFF)])
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    (done,), (stopped,), off = (cell.outputs for cell in nb.cells)
    assert set(done["data"]) == {"text/plain"}, "the widget should have been replaced by text"
    assert done["data"]["text/plain"].startswith("runs: 100%") and "5/5" in done["data"]["text/plain"]
    assert stopped["data"]["text/plain"].startswith("faces:  40%") and "4/10" in stopped["data"]["text/plain"]
    assert [o.get("text") for o in off] == ["ok\n"]  # a disabled bar shows nothing


def test_outside_a_notebook_it_is_tqdms_text_bar():
    bar = progress_bar(range(2), disable=True)
    assert isinstance(bar, std.tqdm) and "notebook" not in type(bar).__module__
