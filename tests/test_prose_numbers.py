"""Numbers in the prose come from the run: a typed number must name its source (dfkit.course.prose)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from dfkit.course import prose

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted(ROOT.glob("chapters/*.ipynb"))
FRONT_MATTER = [p for p in (ROOT / "intro.md", ROOT / "how_to_use.md", ROOT / "glossary.md",
                             ROOT / "instructors.md", ROOT / "beyond_one_machine.md") if p.exists()]


def markdown_of(notebook: Path) -> str:
    return "\n\n".join(c.source for c in nbformat.read(notebook, as_version=4).cells
                       if c.cell_type == "markdown")


@pytest.mark.parametrize("text", [
    "Its balanced accuracy (71%) is well below the simple CNN's (87%).",
    "In our run the model reached 0.68 on the test split.",
    "Every model sits near 0.68 here.",
    "The error rate of real faces is 46 %.",
    "| model | AUC |\n|---|---|\n| CNN | 0.539 |",
    "Our run: see [the log](https://x.org/a.b). It scored 0.61.",
])
def test_typed_run_numbers_are_refused(text):
    assert prose.typed_numbers(text), text


@pytest.mark.parametrize("text", [
    "Its balanced accuracy ({glue:text}`ba:.1%`) is below the simple CNN's ({glue:text}`cnn_ba:.1%`).",
    "The paper reports 97.7% recall and 74.79% accuracy.",
    "On the GPU (benchmarks/README, recorded 2026-11-20) a trial took 41.5 s.",
    "The paper's Table I lists 90.2% accuracy.",
    "Fig 14 of the paper shows 331 true negatives.",
    "We use 8,000 images, 6 channels and 3×3 kernels for 20 epochs.",
    "Predictions above `0.5` are called fake.",
    "The literature puts human accuracy near 65%.",
    "What the paper reports:\n\n| model | accuracy |\n|---|---|\n| Model 1 | 90.2% |",
    "See [arXiv 2012.10580](https://arxiv.org/abs/2012.10580) for the data set.",
])
def test_glued_sourced_and_integer_numbers_pass(text):
    assert not prose.typed_numbers(text), prose.typed_numbers(text)


def test_the_source_must_be_in_the_same_sentence():
    text = "The paper trains for 20 epochs. Our model then scores 0.91."
    assert [n for n, _ in prose.typed_numbers(text)] == ["0.91"]
    assert prose.typed_numbers("The table above shows 0.91.")  # "table" is not the paper's Table


@pytest.mark.parametrize("path", CHAPTERS + FRONT_MATTER, ids=lambda p: p.name)
def test_no_chapter_types_a_run_number(path):
    text = markdown_of(path) if path.suffix == ".ipynb" else path.read_text()
    bad = prose.typed_numbers(text)
    assert not bad, "\n".join(
        [f"{path.name}: numbers typed into the prose without a source (glue them with "
         "dfkit.course.report.glue, write constants as `code`, or name the paper/recorded source):"]
        + [f"  {number!r} in: {sentence[:160]}" for number, sentence in bad])
