"""dfkit.course.exercises: every exercise accepts its right answers and rejects its typical wrong ones;
the framework's checks (rounding, multiple choice, predictions, written answers, hints, hidden
cases); course-wide: balanced multiple-choice keys and no free text marked correct by a machine."""

from __future__ import annotations

import importlib.util
import os
import pkgutil
import sys
from pathlib import Path

import pytest

from dfkit.course import exercises
from dfkit.course.exercises import Exercise, ExerciseFailed, Incorrect, ____, choice, close, prediction
from dfkit.course.student import solution_lines

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = Path(__file__).resolve().parent / "exercise_cases"
MODULES = sorted(m.name for m in pkgutil.iter_modules(exercises.__path__) if m.name.startswith("ch"))


def load_cases(module: str) -> dict:
    """``CASES`` of tests/exercise_cases/<module>.py (loaded by path: tests/ is not a package)."""
    path = CASES_DIR / f"{module}.py"
    assert path.exists(), f"dfkit.course.exercises.{module} has no self-test cases: write {path.relative_to(ROOT)}"
    spec = importlib.util.spec_from_file_location(f"exercise_cases_{module}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.CASES


def _all() -> list[tuple[str, Exercise, dict]]:
    found = []
    for module in MODULES:
        cases = load_cases(module)
        for ex in exercises.all_exercises([module]):
            found.append((module, ex, cases.get(ex.name, {})))
    return found


ALL = _all()
IDS = [f"{m}.{ex.name}" for m, ex, _ in ALL]


def test_every_chapter_module_has_exercises():
    assert len(MODULES) >= 9 and len(ALL) >= 2 * len(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_case_files_name_only_real_exercises(module):
    names = {ex.name for ex in exercises.all_exercises([module])}
    unknown = set(load_cases(module)) - names
    assert not unknown, f"tests/exercise_cases/{module}.py has cases for no exercise: {unknown}"


@pytest.mark.parametrize("module, ex, cases", ALL, ids=IDS)
def test_right_answers_pass_and_wrong_ones_fail(module, ex, cases):
    assert cases.get("right") and cases.get("wrong"), \
        f"{module}.{ex.name} needs >= 1 right and >= 1 wrong case in tests/exercise_cases/{module}.py"
    assert ex.kind in exercises.KINDS
    for make in cases["right"]:
        kind, msg = ex.evaluate(make())
        assert kind == "correct", msg
    for make in cases["wrong"]:
        kind, msg = ex.evaluate(make())
        assert kind == "incorrect" and len(msg) > 20, (make(), msg)


@pytest.mark.parametrize("module, ex, cases", ALL, ids=IDS)
def test_placeholder_means_not_attempted(module, ex, cases):
    namespace = {**cases["right"][0](), **{n: ____ for n in ex.names}}
    kind, msg = ex.evaluate(namespace)
    assert kind == "blank" and ex.names[0] in msg


@pytest.mark.parametrize("module, ex, cases", ALL, ids=IDS)
def test_hints_exist_and_never_hold_solution_code(module, ex, cases):
    assert 1 <= len(ex.hints) <= 2 and all(h.strip() for h in ex.hints)
    solution = next(ROOT.glob(f"solutions/{module[2:]}_*.py"), None)
    chapter = next(ROOT.glob(f"chapters/{module[2:]}_*.py"), None)
    if solution is None or chapter is None:
        pytest.skip(f"no solutions/ or chapters/ notebook for {module}")
    for line in solution_lines(solution, chapter):
        for hint in ex.hints:
            assert line not in hint, f"{module}.{ex.name}'s hint gives away the solution line {line!r}"


# --- the framework, on toy exercises (independent of the chapters) ------------------------------

def _check_double(doubled) -> None:
    close(doubled, 2 * 0.4412, decimals=2, what="doubled")


TOY = Exercise("q1", "Double 0.4412.", ("doubled",), _check_double,
               hints=("Multiply by two.", "Use the * operator."))


def test_close_accepts_sensible_rounding_and_says_how_many_decimals():
    assert close(0.44, 0.4412, decimals=2) == 0.44
    assert close(2.9, 2.93, decimals=1) == 2.9
    assert close(0.4412, 0.4412) == 0.4412
    assert close(0.445, 0.4412, decimals=2)  # within half a unit of the second decimal
    with pytest.raises(Incorrect, match="2 decimals"):
        close(0.45, 0.4412, decimals=2)
    with pytest.raises(Incorrect, match="1 decimal"):
        close(3.0, 2.93, decimals=1)
    with pytest.raises(Incorrect, match="percentage"):
        close(44.12, 0.4412)
    with pytest.raises(Incorrect, match="should be a number"):
        close("0.44", 0.4412)


def test_check_reads_the_callers_globals_and_prints(capsys):
    global doubled
    doubled = 0.5
    TOY.check()
    assert capsys.readouterr().out.startswith("Incorrect")
    doubled = 0.88
    TOY.check()
    assert capsys.readouterr().out.startswith("Correct")


def test_hints_come_in_two_tiers_and_solution_prints_no_code(capsys):
    toy = Exercise("q1", "Double 0.4412.", ("doubled",), _check_double,
                   hints=("Multiply by two.", "Use the * operator."))
    toy.hint()
    first = capsys.readouterr().out
    toy.hint()
    second = capsys.readouterr().out
    toy.hint(1)
    again = capsys.readouterr().out
    assert "Multiply by two" in first and "*" not in first and "again" in first
    assert "Use the * operator" in second and "Multiply" not in second
    assert "Multiply by two" in again
    toy.solution()
    out = capsys.readouterr().out
    assert "instructor edition" in out and "0.88" not in out and "*" not in out
    assert not hasattr(toy, "solution_text")


def test_bad_kind_and_bad_hints_are_refused():
    with pytest.raises(ValueError, match="kind"):
        Exercise("q1", "p", ("x",), lambda x: None, kind="essay")
    with pytest.raises(ValueError, match="pair"):
        Exercise("q1", "p", ("x",), lambda x: None, hints=("a", "b", "c"))


def test_strict_mode_raises(monkeypatch):
    monkeypatch.setenv(exercises.STRICT_ENV, "1")
    with pytest.raises(ExerciseFailed, match="decimals"):
        TOY.check({"doubled": 0.5})
    with pytest.raises(ExerciseFailed, match="placeholder"):
        TOY.check({"doubled": ____})
    TOY.check({"doubled": 0.88})  # no exception when right


def test_check_records_nothing_a_grader_could_trust(tmp_path, monkeypatch, capsys):
    """The old trust path: check() appended verdicts to $DFKIT_GRADE_LOG. It writes nothing now;
    the grader decides every verdict itself (tests/test_grade.py)."""
    monkeypatch.setenv("DFKIT_GRADE_LOG", str(tmp_path / "grades.jsonl"))
    monkeypatch.chdir(tmp_path)
    TOY.check({"doubled": 0.88})
    assert not list(tmp_path.iterdir())
    assert not hasattr(exercises, "GRADE_LOG_ENV") and not hasattr(exercises, "record")


WRITTEN = exercises.written("q6", "Why must the test split stay unseen?", "q6_text",
                            model_answer="Choosing anything on it makes its score optimistic.",
                            min_words=6, rubric=("names the optimism", "says when test is used"))


def test_a_written_answer_is_recorded_never_marked_correct(monkeypatch, capsys):
    kind, msg = WRITTEN.evaluate({"q6_text": ____})
    assert kind == "blank"
    kind, msg = WRITTEN.evaluate({"q6_text": "it is optimistic"})
    assert kind == "blank" and "6 words" in msg
    assert "Choosing anything" not in msg  # the model answer only after the student commits
    for text in ("Choosing anything on it makes its score optimistic, always.",
                 "word " * 40, "Prevalence precision dataset are words I know well enough"):
        kind, msg = WRITTEN.evaluate({"q6_text": text})
        assert kind == "recorded" and "Choosing anything on it" in msg and "optimism" in msg
    assert WRITTEN.kind == "written" and WRITTEN.free_text
    monkeypatch.setenv(exercises.STRICT_ENV, "1")
    WRITTEN.check({"q6_text": "a committed answer of at least six words"})  # no raise
    assert capsys.readouterr().out.startswith("Recorded for your instructor")
    with pytest.raises(ValueError, match="model answer"):
        exercises.written("q7", "p", "v", model_answer=" ")


def test_hidden_cases_are_public_until_an_instructor_sets_a_secret():
    public = exercises.hidden_rng("ch06.q2").integers(0, 10**9, size=4).tolist()
    assert exercises.hidden_rng("ch06.q2").integers(0, 10**9, size=4).tolist() == public
    assert exercises.hidden_rng("ch06.q3").integers(0, 10**9, size=4).tolist() != public
    try:
        exercises.set_secret("only the instructor knows")
        secret = exercises.hidden_rng("ch06.q2").integers(0, 10**9, size=4).tolist()
    finally:
        exercises.set_secret(None)
    assert secret != public
    assert exercises.hidden_rng("ch06.q2").integers(0, 10**9, size=4).tolist() == public


# --- course-wide rules for every chapter's questions (issue 22 item 3) --------------------------

def _key(ex: Exercise, cases: dict) -> str | None:
    """The option that is right: a choice's answer; a prediction's in its self-test right case."""
    if getattr(ex, "_key", None):
        return ex._key
    variable = next((n for n in ex.names if n.endswith(("_answer", "_prediction"))), ex.names[0])
    for make in cases.get("right", []):
        value = make().get(variable)
        if isinstance(value, str) and value.strip().strip("()").lower() in ex.options:
            return value.strip().strip("()").lower()
    return None


MULTIPLE = [(m, ex, cases) for m, ex, cases in ALL if ex.options]


def test_multiple_choice_keys_are_balanced_across_the_course():
    """No option letter is the key of more than 40% of the choice and prediction questions,
    and the right option is the longest one in at most half of them."""
    keys = {f"{m}.{ex.name}": _key(ex, cases) for m, ex, cases in MULTIPLE}
    assert len(keys) >= 5 and None not in keys.values(), keys
    letters = [k.lower() for k in keys.values()]
    worst = max(set(letters), key=letters.count)
    share = letters.count(worst) / len(letters)
    assert share <= 0.40, (f"option ({worst}) is the key of {letters.count(worst)} of "
                           f"{len(letters)} questions ({share:.0%} > 40%): {keys}")
    longest = [f"{m}.{ex.name}" for m, ex, cases in MULTIPLE
               if len(ex.options[_key(ex, cases)]) >= max(len(t) for t in ex.options.values())]
    assert len(longest) <= len(MULTIPLE) / 2, (
        f"the right option is the longest in {len(longest)} of {len(MULTIPLE)} questions: "
        f"{longest}; make the distractors as long and as hedged as the key")


@pytest.mark.parametrize("module, ex, cases", ALL, ids=IDS)
def test_no_free_text_answer_is_marked_correct_by_a_machine(module, ex, cases):
    """Free text (keyword matching) must not be auto-marked: use choice, prediction or written."""
    if not getattr(ex, "free_text", False):
        return
    for make in cases.get("right", []):
        kind, _ = ex.evaluate(make())
        assert kind != "correct", (f"{module}.{ex.name} marks a written answer correct by "
                                   "matching keywords: make it a choice with per-option "
                                   "feedback, a prediction, or exercises.written(...)")


MC = choice("q3", "Which split picks the threshold?", "q3_answer",
            options={"a": "train", "b": "validation", "c": "test"}, answer="b",
            feedback={"a": "Train scores are optimistic: the model has seen those faces.",
                      "b": "Validation is held out from training and is not the test set.",
                      "c": "Choosing on test makes the test score a promise nobody can keep."},
            hints=("Which split has not been used yet?", "Look at metrics.threshold_for_recall."))


def test_choice_gives_feedback_per_option():
    assert MC.evaluate({"q3_answer": "b"})[0] == "correct"
    assert MC.evaluate({"q3_answer": " (B) "})[0] == "correct"
    kind, msg = MC.evaluate({"q3_answer": "c"})
    assert kind == "incorrect" and "promise" in msg
    kind, msg = MC.evaluate({"q3_answer": "a"})
    assert kind == "incorrect" and "optimistic" in msg
    kind, msg = MC.evaluate({"q3_answer": "d"})
    assert kind == "incorrect" and '"a", "b", "c"' in msg
    assert MC.evaluate({"q3_answer": ____})[0] == "blank"
    assert MC.kind == "explain" and "(b) validation" in repr(MC)
    assert MC.module == __name__


def test_passes_says_silently_whether_the_answer_is_right(capsys):
    """Chapter 00 builds its baseline on the student's always_fake_scores only once q3 passes."""
    from dfkit.course.exercises.ch00 import q3, reference_scores

    assert q3.passes({"always_fake_scores": lambda r, f: (f / (r + f), 1.0,
                                                          2 * f / (r + 2 * f))})
    assert not q3.passes({"always_fake_scores": reference_scores})  # the checker's own
    assert not q3.passes({"always_fake_scores": lambda r, f: reference_scores(r, f)})
    assert not q3.passes({"always_fake_scores": lambda r, f: (0.5, 1.0, 2 / 3)})
    assert not q3.passes({"always_fake_scores": ____})
    assert capsys.readouterr().out == ""  # silent: the cell's own reading speaks


def test_ch00_q3_refuses_its_own_reference_but_not_a_copy_of_its_formulas():
    """The checker's reference is refused however it is reached (report_00c finding 2), but a
    function with its very code, the formulas the exercise asks for, passes."""
    from dfkit.course.exercises import code_fingerprint
    from dfkit.course.exercises.ch00 import q3, reference_scores

    def hidden(r, f):
        return getattr(sys.modules["dfkit.course.exercises.ch0" + "0"],
                       "reference_" + "scores")(r, f)

    def same_code(n_real, n_fake):
        precision = n_fake / (n_real + n_fake)
        return precision, 1.0, 2 * precision / (precision + 1)

    assert code_fingerprint(same_code) == code_fingerprint(reference_scores)
    assert q3.evaluate({"always_fake_scores": hidden})[0] == "incorrect"
    assert q3.evaluate({"always_fake_scores": same_code})[0] == "correct"


def test_ch00_q3_refuses_an_import_of_a_scoring_library(monkeypatch):
    """An answer whose call loads a scoring library (Keras by a built name, when the notebook
    had not loaded it) hands the work over, even when its numbers are right."""
    import types

    from dfkit.course.exercises import ch00

    monkeypatch.setattr(ch00, "_SCORING_LIBRARIES", ("dfkit_test_scorers",))
    monkeypatch.delitem(sys.modules, "dfkit_test_scorers", raising=False)

    # sys.modules kept in a closure cell: the name `modules` in the code is refused by name
    # (report_00 of 2026-12-08), and this test is of the import's detection
    register = sys.modules.__setitem__

    def importing(n_real, n_fake):
        register("dfkit_test_scorers", types.ModuleType("dfkit_test_scorers"))
        p = n_fake / (n_real + n_fake)
        return p, 1.0, 2 * p / (p + 1)

    try:
        kind, msg = ch00.q3.evaluate({"always_fake_scores": importing})
    finally:
        sys.modules.pop("dfkit_test_scorers", None)
    assert kind == "incorrect" and "Keras" in msg


def test_ch00_q3_refuses_keras_scorers_once_keras_is_loaded():
    """With Keras loaded (a notebook imported it), its metric classes refuse to score while
    the answer runs, however the answer reaches them."""
    pytest.importorskip("keras")
    import importlib

    import numpy as np

    from dfkit.course.exercises.ch00 import q3

    def by_keras(n_real, n_fake):
        scorers = getattr(importlib.import_module("ker" + "as"), "metr" + "ics")
        y = np.r_[np.zeros(n_real), np.ones(n_fake)].reshape(-1, 1).astype("float32")
        m = scorers.BinaryAccuracy()
        m.update_state(y, np.ones_like(y))
        p = float(np.asarray(m.result()).ravel()[0])
        return p, 1.0, 2 * p / (p + 1)

    kind, msg = q3.evaluate({"always_fake_scores": by_keras})
    assert kind == "incorrect" and "Keras" in msg


CH00_KERNELS = '''
import importlib

import numpy as np
from scipy.spatial import _distance_pybind as kernels


def by_kernels(n_real, n_fake):
    t = np.r_[np.zeros(n_real), np.ones(n_fake)][None, :]
    p = np.ones_like(t)
    f1 = 1 - kernels.cdist_dice(t.astype(bool), p.astype(bool))[0, 0]
    acc = 1 - kernels.cdist_hamming(t, p)[0, 0]
    return acc, 1.0, f1


def by_metric(n_real, n_fake):
    DM = getattr(importlib.import_module("sk" + "learn.met" + "rics"), "Distance" + "Metric")
    t = np.r_[np.zeros(n_real), np.ones(n_fake)][None, :].astype(bool)
    p = np.ones_like(t)
    return (1 - DM.get_metric("ham" + "ming").pairwise(t, p)[0, 0], 1.0,
            1 - DM.get_metric("di" + "ce").pairwise(t, p)[0, 0])


def honest(n_real, n_fake):
    precision = n_fake / (n_real + n_fake)
    return precision, 1.0, 2 * precision / (precision + 1)
'''


def test_ch00_q3_refuses_compiled_distance_kernels_when_graded_too(tmp_path):
    """SciPy's compiled distance kernels (1 - Dice is F1, 1 - Hamming accuracy) and
    scikit-learn's Cython DistanceMetric have no Python code for a refusal to swap, so both
    routes of report_00 of 2026-12-08 (finding 1) passed; they are refused by the names the
    answer's code uses, which the grading sandbox reads where the answer lives, so the grade
    agrees with the kernel's check."""
    pytest.importorskip("scipy.spatial._distance_pybind")
    pytest.importorskip("sklearn")
    from dfkit.course.exercises import ch00
    from dfkit.course.grading import capture
    from dfkit.course.grading.limits import Limits
    from dfkit.course.grading.sandbox import RemoteObject, Sandbox

    namespace = {"__name__": "__main__"}
    exec(CH00_KERNELS, namespace)
    names = ("by_kernels", "by_metric", "honest")
    for name in names[:2]:  # the kernel's check
        with pytest.raises(Incorrect, match="hands the work"):
            ch00.q3.checker(namespace[name])
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=60))
    try:
        remote = {n: RemoteObject(sandbox, sandbox.load(capture.value_tree(namespace[n])["value"]))
                  for n in names}
        for name in names[:2]:  # the grader's
            with pytest.raises(Incorrect, match="hands the work"):
                ch00.q3.checker(remote[name])
        ch00.q3.checker(remote["honest"])  # an honest answer still passes, graded
    finally:
        sandbox.close()


def test_names_used_reads_real_code_only():
    """A callable object, a partial and a method are read through to their code; an object
    that sets an innocent ``__code__`` or a ``names_used`` of its own is not believed (either
    would have hidden a library call from ch03 q1's checker)."""
    import functools

    from dfkit.course.exercises import names_used

    def innocent(a, b):
        return a * b

    def counted(k, c, f):
        return keras.layers.Conv2D(f, k).count_params()  # noqa: F821 (never called)

    class Counter:
        def __call__(self, k, c, f):
            return keras.layers.Conv2D(f, k).count_params()  # noqa: F821

    class Spoof:
        __code__ = innocent.__code__

        def names_used(self, depth=2):
            return set()

        def __call__(self, k, c, f):
            return keras.layers.Conv2D(f, k).count_params()  # noqa: F821

    assert "count_params" in names_used(Counter())
    assert "count_params" in names_used(functools.partial(counted, 3))
    assert "count_params" in names_used(Counter().__call__)
    assert "count_params" in names_used(Spoof())

    class Inherited(Counter):
        pass

    assert "count_params" in names_used(Inherited())
    assert names_used(len) == set()  # a builtin has no code to read


def test_printing_an_exercise_wraps_its_prompt_and_options():
    """print(q2) in chapters 09 and 11 showed one line of about 400 characters."""
    from dfkit.course.exercises import REPR_WIDTH, choice

    long = choice(name="q9", prompt="Which of these holds? " + "A long question word " * 20,
                  variable="q9_answer", answer="a",
                  options={"a": "the first option, " + "stated at length " * 8,
                           "b": "the second"},
                  feedback={"a": "yes", "b": "no"})
    lines = repr(long).splitlines()
    assert all(len(line) <= REPR_WIDTH for line in lines)
    assert lines[0].startswith("q9 (explain): Which of these holds?")
    first = next(i for i, line in enumerate(lines) if line.startswith("  (a) "))
    assert lines[first + 1].startswith("      ")  # the option's own lines hang under it
    assert any(line.startswith("  (b) the second") for line in lines)


def test_choice_refuses_a_wrong_option_without_feedback():
    with pytest.raises(ValueError, match="feedback"):
        choice("q3", "p", "v", {"a": "x", "b": "y"}, answer="a", feedback={})
    with pytest.raises(ValueError, match="answer"):
        choice("q3", "p", "v", {"a": "x", "b": "y"}, answer="z", feedback={"a": "", "b": ""})


PRED = prediction("q2", "Will validation accuracy rise after the learning rate is divided by 10?",
                  "q2_prediction", options={"a": "it rises", "b": "it falls or stays"},
                  outcome=lambda history: "a" if history[-1] > history[0] else "b",
                  context=("history",), explanation="a smaller step moves the weights less per batch.")


def test_prediction_is_checked_against_what_the_run_did():
    assert PRED.kind == "predict"
    kind, msg = PRED.evaluate({"q2_prediction": "a"})
    assert kind == "blank" and "history" in msg  # the experiment has not run yet
    kind, msg = PRED.evaluate({"q2_prediction": "a", "history": [0.5, 0.7]})
    assert kind == "correct" and "smaller step" in msg
    kind, msg = PRED.evaluate({"q2_prediction": "a", "history": [0.7, 0.5]})
    assert kind == "incorrect" and "(b) it falls or stays" in msg and "smaller step" in msg
    assert PRED.evaluate({"q2_prediction": "b", "history": [0.7, 0.5]})[0] == "correct"
    # a value that names no option is no prediction: blank, so grading gives it no point
    kind, msg = PRED.evaluate({"q2_prediction": "maybe", "history": [0.7, 0.5]})
    assert kind == "blank" and "not one of the options" in msg


def test_ch06_q3_counts_a_family_larger_only_on_every_seed():
    """q3's letter is the family whose mean width ratio is larger on all four seeds, as the
    chapter's width verdict says it: one seed the other way makes it (c), the seeds' noise."""
    import pandas as pd

    from dfkit.course.exercises.ch06 import q3
    from dfkit.course.readings.ch06 import width_verdicts

    rows = ["accuracy", "precision", "recall", "specificity", "f1", "balanced_accuracy",
            "roc_auc", "pr_auc"]
    ratios = pd.DataFrame(1.0, index=rows, columns=["s0", "s1", "s2", "s3"])
    ratios.loc[["recall", "specificity"]] = 1.1
    ratios.loc[["precision", "f1", "pr_auc"]] = 0.9
    kind, msg = q3.evaluate({"q3_prediction": "a", "ratios": ratios})
    assert kind == "correct" and "×1.100 against ×0.900" in msg
    assert "larger for recall and specificity on all 4 seeds" in width_verdicts(ratios)
    ratios.loc["precision", "s2"] = 1.6  # one seed the other way: (0.9 + 0.9 + 1.6) / 3 > 1.1
    kind, msg = q3.evaluate({"q3_prediction": "a", "ratios": ratios})
    assert kind == "incorrect" and "(c)" in msg
    assert "one family on some seeds" in width_verdicts(ratios)


def test_ch06_q4_says_where_the_rule_put_the_threshold_and_why():
    """report_06 finding 5 (r22): at 0.80 the rule chose 0.693 (validation recall 0.833),
    not the highest threshold reaching the target: q4's message says so, and why."""
    import numpy as np

    from dfkit.course.exercises.ch06 import _the_pick

    # 4 of 5 fakes at 0.6 with one real face above it (precision 0.8); at 0.5 all 5 (5/6)
    y = np.array([1, 1, 1, 1, 1, 0, 0, 0])
    p = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.65, 0.1, 0.2])
    assert _the_pick(y, p, 0.8) == (
        "The rule chose 0.500 on validation, where its recall is 1.000 (5 of 5 fakes), not "
        "the highest threshold still reaching the target (0.600, recall 0.800): its "
        "validation precision, 0.833, is higher than the 0.800 there, since precision does "
        "not always rise with the threshold.")
    y, p = np.array([1, 1, 1, 0, 0]), np.array([0.9, 0.8, 0.7, 0.1, 0.2])
    assert _the_pick(y, p, 0.6) == ("The rule chose 0.800 on validation, where its recall "
                                    "is 0.667 (2 of 3 fakes): the highest threshold still "
                                    "reaching the target.")


def test_a_function_that_still_returns_the_placeholder_is_not_attempted():
    def check(fn):
        exercises.call_answer(fn, 1, what="fn(1)")

    ex = Exercise("q1", "p", ("fn",), check, kind="implement")
    kind, msg = ex.evaluate({"fn": lambda a: ____})
    assert kind == "blank" and "placeholder" in msg
    kind, msg = ex.evaluate({"fn": lambda a: 1 / 0})
    assert kind == "incorrect" and "ZeroDivisionError" in msg


def test_close_says_rounded_too_far_only_for_a_rounded_right_answer():
    from dfkit.course.exercises import Incorrect, close

    with pytest.raises(Incorrect, match="rounded to 2 decimals, too far"):
        close(0.57, 0.5718, decimals=3)
    # 2.0 for 1.8 is written with one decimal, yet is the value rounded to a whole number
    # (a ch02 reader was told "rounded too far, give it to 1 decimal" and was puzzled)
    with pytest.raises(Incorrect, match="rounded to a whole number, too far"):
        close(2.0, 1.8, decimals=1)
    with pytest.raises(Incorrect, match="check how you computed it"):
        close(0.9, 0.5718, decimals=3)
    with pytest.raises(Incorrect, match="check how you computed it"):
        close(0.561, 0.5718, decimals=3)
    assert close(0.572, 0.5718, decimals=3) == 0.572


def test_pytest_runs_solutions_strictly_and_chapters_as_handed_out(monkeypatch):
    """The repository's conftest.py: one pytest run (make test) holds chapters and solutions side by
    side, so strictness comes from the notebook's folder, not from the command line."""
    from types import SimpleNamespace

    spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
    conftest = importlib.util.module_from_spec(spec)
    monkeypatch.delenv(exercises.STRICT_ENV, raising=False)
    spec.loader.exec_module(conftest)
    assert conftest.STRICT_ENV == exercises.STRICT_ENV

    def setup(path: str) -> str | None:
        conftest.pytest_runtest_setup(SimpleNamespace(path=ROOT / path))
        return os.environ.get(exercises.STRICT_ENV)

    assert setup("solutions/04_resnet_style.ipynb") == "1"
    assert setup("chapters/04_resnet_style.ipynb") is None  # a chapter after a solution, same worker
    assert setup("solutions/00_introduction.ipynb") == "1"
    assert setup("tests/test_exercises.py") is None


def test_pytest_hands_out_colab_then_the_longest_files_and_keeps_each_file_in_order():
    import importlib.util
    from types import SimpleNamespace

    spec = importlib.util.spec_from_file_location("root_conftest_order", ROOT / "conftest.py")
    conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conftest)
    files = ("tests/test_a.py", "chapters/00_x.ipynb", "tests/test_b.py", "tests/test_b.py",
             "tests/test_distribute.py", "tests/test_colab.py", "solutions/00_x.ipynb",
             "tests/test_distribute.py")
    items = [SimpleNamespace(path=ROOT / p, n=n) for n, p in enumerate(files)]
    session = SimpleNamespace(config=SimpleNamespace(rootpath=ROOT))
    conftest.pytest_collection_modifyitems(session, items)
    # Colab, then the longest (LONGEST), then the rest most items first, ties in collection order
    assert [i.n for i in items] == [5, 4, 7, 2, 3, 0, 1, 6]
    assert conftest.LONGEST[:2] == ("tests/test_colab.py", "tests/test_distribute.py")
    for name in conftest.LONGEST:  # a renamed file would silently lose its place
        assert (ROOT / name).exists(), f"conftest.LONGEST names {name}, which is not there"


def test_close_teaches_on_an_int_beyond_any_float():
    """10**400 once raised OverflowError out of close() (the grader reported 'the checker
    failed', as if the course were broken)."""
    with pytest.raises(exercises.Incorrect, match="far too large"):
        exercises.close(10**400, 0.5, what="q5_share")
