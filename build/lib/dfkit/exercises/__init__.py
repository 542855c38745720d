"""Exercises with instant feedback, in the style of Kaggle's learntools.

In a chapter::

    from dfkit.exercises.ch00 import q1
    always_fake_accuracy = ____   # the placeholder means "not attempted"
    q1.check()                    # reads your variable and says if it is right, and why not
    q1.hint(); q1.solution()

``check()`` reads the exercise's variables from the notebook that calls it. In strict mode
(``DFKIT_STRICT_EXERCISES=1`` or :func:`strict`), used when CI runs ``solutions/``, a wrong or
missing answer raises :class:`ExerciseFailed` instead of printing, so a broken check or a
broken solution fails the build.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

STRICT_ENV = "DFKIT_STRICT_EXERCISES"
HIDE_ENV = "DFKIT_HIDE_SOLUTIONS"  # set in student copies made for graded work


class _Placeholder:
    """The ``____`` value: a blank the student has not filled in yet."""

    def __repr__(self) -> str:
        return "____"

    def __call__(self, *args, **kwargs):
        return self


____ = _Placeholder()


class Incorrect(Exception):
    """Raised by a checker with a message that teaches what is wrong."""


class NotAttempted(Exception):
    """Raised by a checker when a function answer still returns the ``____`` placeholder."""


def call_answer(fn, *args, what: str = "your function"):
    """Call a student's function: its exceptions become teaching messages, ``____`` means blank."""
    if not callable(fn):
        raise Incorrect(f"{what} should be a function (def ...), but it is {type(fn).__name__}.")
    try:
        result = fn(*args)
    except Exception as exc:  # a student's bug: report it, never crash the check
        raise Incorrect(f"{what} raised {type(exc).__name__}: {exc}") from None
    if isinstance(result, _Placeholder):
        raise NotAttempted(f"{what} still returns the ____ placeholder: fill in its body.")
    return result


class ExerciseFailed(AssertionError):
    """Raised by ``check()`` in strict mode, when an answer is missing or wrong."""


_strict_override: bool | None = None


def strict(on: bool = True) -> None:
    """Make ``check()`` raise on wrong or missing answers (solutions notebooks turn this on)."""
    global _strict_override
    _strict_override = on


def is_strict() -> bool:
    if _strict_override is not None:
        return _strict_override
    return os.environ.get(STRICT_ENV, "").strip().lower() in ("1", "true", "yes")


def _say(kind: str, text: str) -> None:
    marks = {"correct": "Correct", "incorrect": "Incorrect", "blank": "Not attempted yet",
             "hint": "Hint", "solution": "Solution"}
    print(f"{marks[kind]}: {text}" if text else marks[kind])


def close(value: Any, expected: float, tol: float = 1e-3, what: str = "value") -> float:
    """Check that ``value`` is a number within ``tol`` of ``expected``; teach if it is not."""
    import numbers

    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise Incorrect(f"{what} should be a number, but it is {type(value).__name__} ({value!r}).")
    number = float(value)
    if abs(number - expected) > tol:
        raise Incorrect(f"{what} is {number:.4g}, which is not right yet.")
    return number


@dataclass
class Exercise:
    """One question: the variables it reads, how to check them, a hint and a worked solution.

    ``checker`` receives the variables named in ``names`` (and ``context``: variables the
    chapter defined, which need no answer) as keyword arguments and raises :class:`Incorrect`
    with a helpful message when the answer is wrong. ``right`` and ``wrong`` hold example
    namespaces that the self-tests use to prove the checker accepts and rejects.
    """

    name: str
    prompt: str
    names: tuple[str, ...]
    checker: Callable[..., None]
    hint_text: str
    solution_text: str
    context: tuple[str, ...] = ()
    right: list[Callable[[], dict]] = field(default_factory=list)
    wrong: list[Callable[[], dict]] = field(default_factory=list)

    def _namespace(self, depth: int = 2) -> dict:
        frame = inspect.currentframe()
        for _ in range(depth):
            frame = frame.f_back
        return frame.f_globals

    def evaluate(self, namespace: dict) -> tuple[str, str]:
        """Return ("correct" | "incorrect" | "blank", message) for the answers in ``namespace``."""
        values = {}
        for n in self.names:
            if n not in namespace or isinstance(namespace[n], _Placeholder):
                return "blank", (f"set `{n}` (it still holds the ____ placeholder), then run "
                                 f"`{self.name}.check()` again.")
            values[n] = namespace[n]
        for n in self.context:
            if n not in namespace:
                return "blank", f"run the chapter's cells above first: `{n}` is not defined."
            values[n] = namespace[n]
        try:
            self.checker(**values)
        except NotAttempted as exc:
            return "blank", str(exc)
        except Incorrect as exc:
            return "incorrect", str(exc)
        return "correct", ""

    def check(self, namespace: dict | None = None) -> None:
        """Check the answer variables of the calling notebook (or ``namespace``) and say why."""
        kind, message = self.evaluate(namespace if namespace is not None else self._namespace())
        if kind != "correct" and is_strict():
            raise ExerciseFailed(f"{self.name}: {message}")
        _say(kind, message)

    def hint(self) -> None:
        _say("hint", self.hint_text)

    def solution(self) -> None:
        if os.environ.get(HIDE_ENV, "").strip().lower() in ("1", "true", "yes"):
            _say("solution", "hidden in this copy by your instructor; check() and hint() still work.")
            return
        _say("solution", self.solution_text)

    def __repr__(self) -> str:
        return f"{self.name}: {self.prompt}"


def all_exercises(modules: Iterable[str] | None = None) -> list[Exercise]:
    """Every exercise of every chapter module (used by the self-tests)."""
    import importlib
    import pkgutil

    names = modules or [m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("ch")]
    found = []
    for mod in names:
        module = importlib.import_module(f"{__name__}.{mod}")
        found += [v for v in vars(module).values() if isinstance(v, Exercise)]
    return found
