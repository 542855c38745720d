"""Each chapter's "Time it takes" line quotes the chapter's recorded run alone; the course tables
(intro.md, instructors.md) quote that and the recorded whole-book build, both of the default profile.

The times are typed in markdown (a student reads them before running anything), so they come from
records: benchmarks/chapter_times.py --alone executes each chapter alone with an empty cache into
benchmarks/chapter_times_alone.csv, and reads jupyter-cache's execution time of every chapter from a
`make book` build into benchmarks/chapter_times_laptop.csv. A new record changes the figures, and
these tests then name every line that still quotes the old one."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "benchmarks" / "chapter_times_laptop.csv"
# each chapter opened alone with an empty cache (a fresh Colab runtime's work), same machine
ALONE = ROOT / "benchmarks" / "chapter_times_alone.csv"
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.py"))


@pytest.fixture(scope="module")
def record() -> pd.DataFrame:
    table = pd.read_csv(RECORD)
    assert set(table["profile"]) == {"laptop"}, "the record must be of the default (laptop) profile"
    return table.set_index("chapter")


@pytest.fixture(scope="module")
def build_date(record) -> str:
    """The day the build began (its first chapter's): the date every time line names."""
    return record["executed_at"].min()[:10]


def time_line(path: Path) -> str:
    """The header paragraph that starts with **Time (the markdown comment lines, joined)."""
    text = path.read_text()
    match = re.search(r"^# \*\*Time[^\n]*(?:\n# [^\n]+)*", text, flags=re.MULTILINE)
    assert match, f"{path.name}: no '**Time it takes.**' paragraph in the header"
    return " ".join(line.removeprefix("# ") for line in match.group(0).splitlines())


@pytest.fixture(scope="module")
def alone() -> pd.DataFrame:
    table = pd.read_csv(ALONE)
    assert set(table["profile"]) == {"laptop"}, "the record must be of the default (laptop) profile"
    return table.set_index("chapter")


def test_the_record_covers_every_chapter(record, alone):
    assert sorted(record.index) == [p.stem for p in CHAPTERS]
    assert (record["seconds"] > 0).all()
    assert sorted(alone.index) == [p.stem for p in CHAPTERS]
    assert (alone["seconds"] > 0).all()


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_the_time_line_speaks_to_a_student(path):
    """A student opens one chapter, never builds the book: the line gives the chapter run alone
    and leaves the whole-book build's figures to the course tables (readers of 2026-12-07
    found "whole-book build" and two dated figures jargon before the chapter began)."""
    line = time_line(path)
    assert "build" not in line, f"{path.name}: the time line should not speak of a build: {line}"
    assert line.startswith("**Time it takes.** The cells run in "), line


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_the_time_line_quotes_the_chapter_run_alone(path, alone):
    """What a fresh Colab runtime does first (data made, models trained) is timed too."""
    row = alone.loc[path.stem]
    line = time_line(path)
    figure = f"{row['seconds']:,.0f} s"
    assert figure in line, f"{path.name}: its time line should quote {figure} alone ({ALONE.name}); it reads: {line}"
    assert row["executed_at"][:10] in line, f"{path.name}: name the date of the run alone"


@pytest.mark.parametrize("page", ["intro.md", "instructors.md"])
def test_the_course_tables_quote_the_recorded_build(page, record, alone, build_date):
    """The course's page of contents and the instructors' guide give every chapter's time too."""
    lines = (ROOT / page).read_text().splitlines()
    for chapter, row in record.iterrows():
        number = chapter[:2]
        rows = [line for line in lines if line.startswith(f"| {number} ")]
        assert rows, f"{page}: no table row for chapter {number}"
        figure = f"{row['seconds']:,.0f} s"
        assert any(figure in line for line in rows), f"{page}, chapter {number}: quote {figure}"
        lone = f"{alone.loc[chapter, 'seconds']:,.0f} s"
        assert any(lone in line for line in rows), f"{page}, chapter {number}: quote {lone} alone"
    assert build_date in "\n".join(lines), f"{page}: name the build's date"


def test_chapter_times_reads_a_builds_execution_cache(tmp_path):
    """benchmarks/chapter_times.py: each chapter's execution_seconds from a jupyter-cache, by profile."""
    import importlib.util

    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    spec = importlib.util.spec_from_file_location("chapter_times", ROOT / "benchmarks" / "chapter_times.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = tmp_path / "_build" / "jupyter_cache" / "laptop-0123abcd"
    cache = get_cache(str(folder))
    for name, seconds in (("03_cnn_backbone", 153.14), ("00_introduction", 13.5)):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f"print({name!r})", execution_count=1)])
        cache.cache_notebook_bundle(CacheBundleIn(nb, str(tmp_path / "chapters" / f"{name}.ipynb"),
                                               data={"execution_seconds": seconds}), check_validity=False)
    (tmp_path / "_build" / ".jupyter_cache").symlink_to(folder)
    table = module.read_times(tmp_path / "_build")
    assert list(table["chapter"]) == ["00_introduction", "03_cnn_backbone"]
    assert list(table["seconds"]) == [13.5, 153.1] and set(table["profile"]) == {"laptop"}
    with pytest.raises(SystemExit, match="no jupyter-cache"):
        module.read_times(tmp_path / "elsewhere")
