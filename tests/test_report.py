"""dfkit.course.report.glue: the value comes back, and inside a kernel myst-nb stores it for the prose."""

from __future__ import annotations

import nbformat
import numpy as np
from nbclient import NotebookClient

from dfkit.course import report


def test_glue_returns_the_value_as_a_python_number_outside_a_kernel(capsys):
    value = report.glue("acc", np.float64(0.25))
    assert value == 0.25 and type(value) is float
    assert report.glue("n", np.int64(3)) == 3 and type(report.glue("n", np.int64(3))) is int
    assert report.glue("name", "cnn") == "cnn"
    assert capsys.readouterr().out == ""  # nothing printed in a plain process


def test_glue_in_a_kernel_stores_a_formattable_value_for_myst_nb(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import numpy as np\nfrom dfkit.course.report import glue\nx = glue('acc', np.float64(0.25))\nprint(x)")]
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = nb.cells[0].outputs
    stored = [o for o in outputs if o.output_type == "display_data"]
    assert len(stored) == 1 and stored[0].metadata["scrapbook"]["name"] == "acc"
    text = stored[0].data["application/papermill.record/text/plain"]
    assert format(float(text), ".3f") == "0.250"  # myst-nb reads it back as a number
    assert any(o.output_type == "stream" and "0.25" in o.text for o in outputs)  # shown to Colab readers
