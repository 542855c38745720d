"""The grader's reference run on a real chapter: chapter 00's handout, run by the grader in the
ci profile, gives the context (``leaked_share``) that the worked solutions' answers are judged
with. Same seed, same results: the honest notebook gets full points, and a notebook that sets
``leaked_share`` by hand to fit a wrong prediction is judged on the handout's value instead.
One real chapter execution besides the handout's, which later runs reuse from the cache
(keyed by the handout's bytes, the profile and dfkit's version)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pandas as pd

from dfkit.course import grade
from dfkit.course.grading import isolation

ROOT = Path(__file__).resolve().parent.parent
FORGED = ["from dfkit import course\n"
          "from dfkit.course.exercises.ch00 import ____, q1, q2, q3, q4, q5\n"
          "data = course.prepare()",
          # 'a' (almost no test group leaks) is wrong; the forged share would make it right
          "q1_prediction = 'a'\nleaked_share = 0.0\nq1.check()"]


def test_chapter_00_honest_gets_full_points_and_a_forged_context_is_judged_on_the_handout(
        tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir(mode=0o700)
    shutil.copy(ROOT / "solutions" / "00_introduction.ipynb", subs / "alice_00_intro.ipynb")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in FORGED]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, subs / "mallory_00_intro.ipynb")
    isolation.check()
    status = grade.main([str(subs), "--out", str(tmp_path / "out"), "--profile", "ci",
                         "--force-profile", "--timeout", "300",
                         *(["--no-isolation"] if isolation.why_not() else [])])
    assert status == 0
    table = pd.read_csv(tmp_path / "out" / "grades.csv", dtype={"flag": str},
                        keep_default_na=False)
    alice = table[table.student == "alice_00_intro"]
    assert set(alice.status) == {"correct"}
    assert alice.points.sum() == alice.possible.sum() > 0
    assert set(alice.flag) == {""}  # the context came from the handout's run
    q1 = table[(table.student == "mallory_00_intro") & (table.exercise == "q1")].iloc[0]
    assert q1.status == "incorrect" and "(c)" in q1.message
