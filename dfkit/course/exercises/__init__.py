"""Exercises with instant feedback, in the style of Kaggle's learntools.

In a chapter::

    from dfkit.course.exercises.ch00 import q1
    always_fake_accuracy = ____   # the placeholder means "not attempted"
    q1.check()                    # reads your variable and says if it is right, and why not
    q1.hint()                     # first the concept, on the next call the API (``q1.hint(2)``)

Kinds of exercise (``Exercise.kind``): *implement* (write a function, checked on hidden
inputs), *predict* (:func:`prediction`: say what will happen, then run), *modify* (change
the experiment and report what your own run produced), *explain* (:func:`choice`, with
feedback per option), *compute* (a number, checked with :func:`close`) and *written*
(:func:`written`: free text, recorded for the instructor and never marked correct by a machine;
the model answer appears once the student has committed to an answer).

``check()`` reads the exercise's variables from the notebook that calls it. In strict mode
(``DFKIT_STRICT_EXERCISES=1`` or :func:`strict`), used when CI runs ``solutions/``, a wrong or
missing answer raises :class:`ExerciseFailed` instead of printing. ``check()`` only teaches: it
records nothing, and grading (``python -m dfkit.course.grade``) never trusts what it printed; the
grader copies the answers out of the executed notebook and runs the checkers itself. Checkers
draw hidden cases from :func:`hidden_rng`, which an instructor's secret (:func:`set_secret`,
``--secret``) changes. Worked solutions are not in this package: they live in the instructor
edition.
"""

from __future__ import annotations

import collections
import contextlib
import dis
import functools
import hashlib
import inspect
import math
import numbers
import os
import re
import sys
import textwrap
import threading
import types
from collections.abc import Callable, Iterable, Sequence
from typing import Any

STRICT_ENV = "DFKIT_STRICT_EXERCISES"
REPR_WIDTH = 88  # print(qN) wraps its prompt and options to this many columns
KINDS = ("implement", "predict", "modify", "explain", "compute", "written")
STATUSES = ("correct", "incorrect", "blank", "recorded", "error")
NO_SOLUTION = ("worked solutions are in the instructor edition of the book (solutions/), not in "
               "this notebook; `{name}.hint()` gives the idea, then the API, and `{name}.check()` "
               "says what is still wrong.")


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


class Recorded(Exception):
    """Raised by a written answer's checker: the text is kept for a person, never "correct"."""


class ExerciseFailed(AssertionError):
    """Raised by ``check()`` in strict mode, when an answer is missing or wrong."""


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


def _course_function(value: Any) -> str | None:
    """``module.name`` when ``value`` is one of the course's own functions (a checker's helper,
    a reading), directly or wrapped in ``functools.partial``: an answer assigned from the
    checker's module (``f = _expected_break_even``) would otherwise pass its own check. Only
    real functions count (a grading sandbox's proxy is an object of dfkit's own, not one)."""
    fn = value.func if isinstance(value, functools.partial) else value
    if not inspect.isfunction(fn):
        return None
    module = getattr(fn, "__module__", None) or ""
    if module.startswith("dfkit.course."):
        return f"{module}.{fn.__qualname__}"
    return None


def wrapped_chain(value: Any) -> list:
    """``value`` and the functions it wraps, followed through ``__wrapped__`` (set by
    ``functools.cache``, ``lru_cache`` and ``functools.wraps``; report_02 of 2026-12-07,
    finding 1: a cache around a library call hid the call), a few steps at most; never
    into the grading sandbox's proxy."""
    chain = [value]
    while len(chain) < 8 and not _is_sandbox_proxy(chain[-1]):
        try:
            inner = getattr(chain[-1], "__wrapped__", None)
        except Exception:  # noqa: BLE001 - an object whose attributes misbehave
            break
        if inner is None or any(inner is seen for seen in chain) or not callable(inner):
            break
        chain.append(inner)
    return chain


def library_object(value: Any, libraries: set[str]) -> bool:
    """True for a module, class, function or object of one of ``libraries`` (top-level
    package names), or a wrapper of one (:func:`wrapped_chain`); never for the grading
    sandbox's proxy of a student's function (its class is dfkit's, the code is not: the
    proxy reports the names its code uses instead)."""
    return any(_library_own(v, libraries) for v in wrapped_chain(value))


def _library_own(value: Any, libraries: set[str]) -> bool:
    """:func:`library_object` for ``value`` itself, not what it wraps."""
    return _home(value) in libraries


def _home(value: Any) -> str | None:
    """The top-level package ``value`` comes from (a module's own name), or None: never for
    the grading sandbox's proxy or an object whose attributes misbehave."""
    if _is_sandbox_proxy(value):
        return None
    try:
        where = getattr(value, "__module__", None) or getattr(value, "__name__", None)
    except Exception:  # an object whose attributes misbehave is no library's
        return None
    return where.split(".")[0] if isinstance(where, str) else None


def reached_homes(fn: Any) -> set[str]:
    """The top-level packages of what ``fn`` reaches besides its code (:func:`reached_values`,
    and what they hold, :func:`held`), each read with what it wraps: a library function kept
    in a global under an innocent name (``D = kernels.cdist_dice``) or in a dict. The
    grading sandbox's proxy works them out where the function lives, so that the grade
    refuses what the notebook's check refuses."""
    if _is_sandbox_proxy(fn):
        return fn.reached_homes()
    return {_home(v) for v in _reached_items(fn)} - {None}


def _reached_items(fn: Any) -> list:
    """What ``fn`` reaches besides its code (:func:`reached_values`: globals it names, closure
    cells, defaults), what they hold (:func:`held`: a dict, list, namespace, partial) and what
    each wraps: what :func:`reached_homes` and :func:`keeps_any` read."""
    names = names_used(fn)
    names |= {part for name in names for part in name.split(".")}  # as _hands_own reads them
    return [inner for value in reached_values(fn, names) for item in held(value)
            if item is not ____  # the blank is no library
            for inner in wrapped_chain(item)]


def hands_work_to(fn: Any, library_names: set[str], libraries: set[str]) -> bool:
    """True when an answer hands the work to a library instead of computing it: a name of
    ``library_names`` in its code (``import a.b.c`` counts a, b and c), in a helper function of
    the notebook it calls or in a default, or a global, closure cell or default argument that
    is an object of ``libraries``; a wrapper (``functools.cache``) is read with what it
    wraps. The checkers of "implement the formula" exercises use it."""
    return any(_hands_own(f, library_names, libraries) for f in wrapped_chain(fn))


def _hands_own(fn: Any, library_names: set[str], libraries: set[str]) -> bool:
    """:func:`hands_work_to` for ``fn`` itself, not what it wraps."""
    names = names_used(fn)
    names |= {part for name in names for part in name.split(".")}
    # or what its globals, closure and defaults hold (read in the sandbox when graded)
    return bool(names & library_names) or bool(reached_homes(fn) & libraries)


@contextlib.contextmanager
def refusing(functions: Iterable[Any], refusal: Callable[..., Any]):
    """While the block runs, each of ``functions`` runs ``refusal``'s code instead of its own,
    however an answer reaches it (by name, ``__import__``, a list or dict holding it,
    ``functools.partial``, a copy under another name): the function object's code is swapped,
    and put back after. One without Python code of its own, or with free variables, is left
    as it is (its code cannot be swapped). ``refusal`` runs with that function's globals."""
    swapped = []
    try:
        for function in functions:
            code = getattr(function, "__code__", None)
            if code is None or code.co_freevars:
                continue
            function.__code__ = refusal.__code__
            swapped.append((function, code))
        yield
    finally:
        for function, code in reversed(swapped):  # a function listed twice: its own code last
            function.__code__ = code


REFUSED_CALLS: list[str] = []  # filled by _refused_call while an answer runs in call_refusing


def _refused_call(*args, **kwargs):
    # runs as the code of a refused function, with that function's globals: it names only
    # what it imports itself
    from dfkit.course import exercises

    exercises.REFUSED_CALLS.append("called")
    raise RuntimeError("a function the exercise asks you to write was called during the check")


def own_functions(module) -> dict[str, Callable]:
    """The functions ``module`` defines itself (not those it imports), by name, in definition
    order: what a checker refuses when it refuses a whole module of the course."""
    return {name: value for name, value in vars(module).items()
            if inspect.isfunction(value) and value.__module__ == module.__name__}


def keras_metric_functions() -> list:
    """Every Python function of ``keras.metrics`` and the ``update_state`` and ``result`` of its
    metric classes and of their bases, unwrapped, once each ([] without Keras): what a checker
    refuses so that no Keras metric, however reached, scores or counts for an answer."""
    try:
        from keras import metrics
    except ImportError:  # no Keras: nothing of it to refuse
        return []
    found = {}
    for value in vars(metrics).values():
        if inspect.isfunction(value):
            found[id(value)] = inspect.unwrap(value)
        elif inspect.isclass(value):
            for cls in value.__mro__:
                for name in ("update_state", "result"):
                    method = cls.__dict__.get(name)
                    if inspect.isfunction(method):
                        found[id(method)] = inspect.unwrap(method)
    return list(found.values())


def installed_functions(spec: Iterable[tuple[str, Sequence[str]]]) -> list:
    """The functions that ``spec``'s ``(module, names)`` pairs name, each unwrapped (a
    decorated one's inner function); a name may be qualified (``Class.__call__``, a method).
    A library that is not installed cannot be called: it gives none."""
    import importlib

    found = []
    for module_name, names in spec:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for name in names:
            obj = module
            for part in name.split("."):
                obj = getattr(obj, part, None)
            if obj:
                found.append(inspect.unwrap(obj))
    return found


def keeps_any(fn: Any, spec: Sequence[tuple[str, Sequence[str]]]) -> bool:
    """True when ``fn`` keeps one of the functions ``spec``'s ``(module, names)`` pairs name
    within reach besides its code: in a global it names, a closure cell or a default
    (:func:`reached_values`), or held in one (:func:`held`: a dict, list, namespace,
    partial), or wrapped by one. A compiled library function kept under another name
    (``N = cv2.normalize``) has no Python code to refuse as it runs; the grading sandbox's
    proxy works this out where the function lives, so that the grade refuses what the
    notebook's check refuses. Only modules already imported are read (one that is not cannot
    be held)."""
    spec = [(str(module), [str(n) for n in names]) for module, names in spec]
    if _is_sandbox_proxy(fn):
        return fn.keeps_any(spec)
    wanted = installed_functions((m, n) for m, n in spec if m in sys.modules)
    return bool(wanted) and any(v is f for v in _reached_items(fn) for f in wanted)


def reached_values(fn: Any, names: Iterable[str]) -> list:
    """What an answer reaches besides its code: the globals among ``names`` it reads, its
    closure cells and its default arguments (a library function kept in any of them)."""
    found = getattr(fn, "__globals__", {})
    cells = [c.cell_contents for c in getattr(fn, "__closure__", None) or ()
             if c.cell_contents is not None]
    defaults = list(getattr(fn, "__defaults__", None) or ())
    return [found[n] for n in names if n in found] + cells + defaults


# Audit events (Python docs, "Audit events table") that start another program, which would
# run a refused library out of the refusals' reach (the grading sandbox refuses them always)
PROGRAM_EVENTS = frozenset({"subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn",
                            "os.system", "os.fork", "os.forkpty", "os.startfile", "pty.spawn"})
_PROGRAMS_REFUSED_IN: list[int] = []  # the thread an answer runs in while programs are refused
_PROGRAMS_HOOKED: list[bool] = []  # the hook is added once
_GRADING: list[bool] = []  # while the grader judges in this process (grading_in_process)


def _refuse_programs_hook(event: str, args: tuple) -> None:
    # every thread: a thread the answer starts (or one started before) is the answer's too
    # (round 20's report: a thread started Keras in a subprocess, and passed)
    if event in PROGRAM_EVENTS and _PROGRAMS_REFUSED_IN:
        REFUSED_CALLS.append(event)
        raise PermissionError(f"{event}: starting another program is refused while the "
                              "check runs your function")


@contextlib.contextmanager
def grading_in_process():
    """While the block runs, this process is the grader's (:func:`dfkit.course.grading.run.grade`):
    its threads start sandboxes, so :func:`call_refusing` never refuses programs to every
    thread here (a student's code runs in a sandbox, which refuses programs always)."""
    _GRADING.append(True)
    try:
        yield
    finally:
        _GRADING.pop()


@contextlib.contextmanager
def refusing_programs():
    """While the block runs, no thread can start another program (an audit hook, added
    once: it cannot be removed, and does nothing outside such a block). Never entered in
    the grader's process (:func:`grading_in_process`), whose threads start other students'
    sandboxes: a student's function reaches the grader as the sandbox's proxy, and an
    answer that is not a function is refused before this block (:func:`call_refusing`)."""
    if not _PROGRAMS_HOOKED:
        import sys

        sys.addaudithook(_refuse_programs_hook)
        _PROGRAMS_HOOKED.append(True)
    _PROGRAMS_REFUSED_IN.append(threading.get_ident())
    try:
        yield
    finally:
        _PROGRAMS_REFUSED_IN.remove(threading.get_ident())


# Libraries whose objects hand work to another process: a worker pool, an executor, a pipe
# or queue, a socket, a program. An answer cannot start one while programs are refused, but
# one made before the check could count for it (round 20's report); the grading sandbox can
# make none, so an answer that reaches one is judged as the grader would judge it.
_OTHER_PROCESS_LIBRARIES = frozenset({"multiprocessing", "concurrent", "subprocess", "socket",
                                      "_socket", "multiprocess", "billiard", "loky",
                                      "joblib"})
_REACH_ITEMS = 1000  # items read of one container, and values in all, by reaches_another_process


def reaches_another_process(answer: Any, depth: int = 3) -> bool:
    """True when an object of :data:`_OTHER_PROCESS_LIBRARIES` (a ``multiprocessing`` pool,
    process, pipe or queue, a ``concurrent.futures`` executor, a ``subprocess.Popen``, a
    socket) is reachable from ``answer``: a global its code (or a helper's) names, a closure
    cell, a default, a bound method's object, a partial's function and arguments, or, up to
    ``depth`` steps in, an item of a list, tuple, set or dict, or an attribute of an object
    of the notebook's own class (or a ``SimpleNamespace``). A library's functions and objects
    are not read into (an honest answer may use them); nor is any object's own code run
    (no ``__getattr__``)."""
    return reaches(answer, lambda value: library_object(value, _OTHER_PROCESS_LIBRARIES),
                   depth)


def held(value: Any, depth: int = 3, modules: bool = False) -> list:
    """``value`` and what it holds, ``depth`` levels deep: a dict's values, a list's, tuple's
    or set's items, a namespace's attributes, a ``functools.partial``'s function and
    arguments, and with ``modules`` a module's attributes (not the modules they hold): where
    an answer may keep a refused function or its ``__code__`` (ch01 q4, ch09 q1)."""
    found = [value]
    if depth == 0:
        return found
    if isinstance(value, dict):
        inner = list(value.values())
    elif isinstance(value, (list, tuple, set, frozenset)):
        inner = list(value)
    elif isinstance(value, functools.partial):
        inner = [value.func, *value.args, *value.keywords.values()]
    elif isinstance(value, types.SimpleNamespace):
        inner = list(vars(value).values())
    elif modules and isinstance(value, types.ModuleType):
        return found + list(vars(value).values())
    else:
        inner = []
    for item in inner[:1000]:
        found += held(item, depth - 1, modules)
    return found


def reaches(answer: Any, found: Callable[[Any], bool], depth: int = 3) -> bool:
    """True when ``found(value)`` is true of ``answer`` or of a value reachable from it, read
    as :func:`reaches_another_process` reads (globals its code names, closure cells,
    defaults, partials, containers and objects of the notebook's own class, ``depth`` steps
    in); never for the grading sandbox's proxy."""
    if _is_sandbox_proxy(answer):  # the sandbox makes no such object
        return False
    home = getattr(answer, "__module__", None)
    # the answer's module, and its class's if it is an object of the notebook's own class
    own_modules = {home, getattr(type(answer), "__module__", None), "__main__",
                   "types"} - {"builtins", None}
    seen: set[int] = set()
    todo = [(answer, depth)]
    while todo and len(seen) < 20 * _REACH_ITEMS:
        value, left = todo.pop()
        if id(value) in seen or value is ____:
            continue
        seen.add(id(value))
        if found(value):
            return True
        if left < 0:
            continue
        try:
            held = _held_values(value, own_modules, first=value is answer)
        except Exception:  # noqa: BLE001 - an object that misbehaves holds nothing read here
            continue
        todo += [(v, left - 1) for v in held[:_REACH_ITEMS]]
    return False


def _held_values(value: Any, own_modules: set, first: bool) -> list:
    """What :func:`reaches_another_process` reads one step into ``value``: the answer, and
    the functions, containers and objects of the notebook's own it holds."""
    if inspect.isfunction(value):
        if not first and value.__module__ not in own_modules:
            return []  # a library's function: what it reaches is the library's business
        return [*reached_values(value, names_used(value)),
                *(value.__kwdefaults__ or {}).values()]
    if inspect.ismethod(value):
        return [value.__self__, value.__func__]
    if isinstance(value, functools.partial):
        return [value.func, *value.args, *value.keywords.values()]
    if type(value) is dict:
        return list(value.values())
    if type(value) in (list, tuple, set, frozenset):
        return list(value)
    if (type(value).__module__ not in own_modules or isinstance(value, type)
            or inspect.ismodule(value)):
        return []
    try:
        own = object.__getattribute__(value, "__dict__")
    except AttributeError:
        return []
    return list(own.values()) if type(own) is dict else []


@functools.cache
def _library_roots() -> tuple[str, ...]:
    """The folders libraries' code lives in (Python's own, the installed packages', dfkit's):
    a line of theirs is not the answer's."""
    dfkit_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, dfkit_root}
    return tuple(sorted(os.path.join(r, "") for r in roots if r))


def own_code(code) -> bool:
    """Whether ``code`` is the notebook's (an answer's or its helpers'), not a library's."""
    name = code.co_filename
    return not (name.startswith(_library_roots()) or name.startswith("<frozen"))


@contextlib.contextmanager
def counting_steps(counts: collections.Counter):
    """While the block runs, each line of the notebook's code run in this thread, and each
    call that code makes, is counted in ``counts`` (``(code, line)`` and ``(code, None)``): a
    loop that searches runs a line hundreds of times, a formula a few. A library's own lines
    and calls are not counted (an honest call of pandas may loop inside)."""
    def trace_lines(frame, event, arg):
        if event == "line":
            counts[(frame.f_code, frame.f_lineno)] += 1
        return trace_lines

    def trace_calls(frame, event, arg):
        caller = frame.f_back
        if caller is not None and own_code(caller.f_code):
            counts[(frame.f_code, None)] += 1
        return trace_lines if own_code(frame.f_code) else None

    previous = sys.gettrace()
    sys.settrace(trace_calls)
    try:
        yield counts
    finally:
        sys.settrace(previous)


def call_refusing(answer, functions: Iterable[Any], hands_over: str, *args, what: str,
                  watch: Iterable[str] = (), programs: bool = False,
                  unwatched: Iterable[Any] = (), steps: collections.Counter | None = None):
    """:func:`call_answer` while each of ``functions`` refuses to run, however the answer
    reaches it (:func:`refusing`), and code with the :func:`code_fingerprint` of one of them,
    or one in ``watch``, is watched for (:func:`watching_code`: a copy under another name,
    a pasted ``@save`` cell): :class:`Incorrect`
    with ``hands_over`` when the answer called one, even if it caught the refusal and went on.
    With ``programs``, starting another program (which could run the refused library there),
    from any thread, counts as calling one (:func:`refusing_programs`; not in the grader's
    process, :func:`grading_in_process`, where no student's code runs), and so does handing
    the work to another process made before: an answer that reaches a pool, executor, pipe
    or socket (:func:`reaches_another_process`) is refused before it runs. A grading
    sandbox's proxy is called
    with the same refusals in the sandbox, where its code runs, and programs are refused
    there always (:func:`_call_refusing_in_sandbox`). ``unwatched`` are refused like
    ``functions``, but copies of their code are not watched for: a checker's reference whose
    code is the honest answer's (the formulas the exercise asks for) refuses only itself.
    With ``steps`` (a Counter), the answer's own lines and calls are counted there
    (:func:`counting_steps`; in the sandbox when graded, which reports the largest count)."""
    if not callable(answer):  # refused (Incorrect) before any refusal opens, in any process
        call_answer(answer, *args, what=what)
    functions = list(functions)
    # copies of the refused functions too (a pasted @save cell), taken before any code is swapped
    watch = {*watch, *(code_fingerprint(f) for f in functions if inspect.isfunction(f))}
    functions += list(unwatched)
    if _is_sandbox_proxy(answer):
        return _call_refusing_in_sandbox(answer, functions, hands_over, args, what, watch,
                                         steps)
    if programs and reaches_another_process(answer):
        raise Incorrect(hands_over)
    # never in the grader's process: its threads start other students' sandboxes there
    no_programs = (refusing_programs() if programs and not _GRADING
                   else contextlib.nullcontext())
    counted = counting_steps(steps) if steps is not None else contextlib.nullcontext()
    try:
        with refusing(functions, _refused_call), watching_code(watch) as copies, no_programs:
            REFUSED_CALLS.clear()
            # turned into plain data while the refusals hold: an object read later (a list
            # subclass's __iter__, a property) ran the refused library after they ended
            with counted:
                got = call_answer(answer, *args, what=what)
            got = plain_result(got, what)
            called = bool(REFUSED_CALLS)
    except Incorrect:
        if REFUSED_CALLS or copies:
            raise Incorrect(hands_over) from None
        raise
    if called or copies:
        raise Incorrect(hands_over)
    return got


class NotPlain(TypeError):
    """Raised by :func:`plain` for a value that is not plain data; the message names it (the
    first such value found, at any depth): "a ListSub object"."""


NOT_PLAIN = ("{what} returned {kind}: return the numbers themselves (plain numbers, or "
             "lists, tuples, dicts or a NumPy array of them), not an object that holds or "
             "computes them.")
PLAIN_DEPTH = 100  # nesting deeper than this is no answer's


@functools.cache
def _plain_types() -> tuple[frozenset, frozenset]:
    """The exact scalar types :func:`plain` keeps, and NumPy's scalar types of plain dtypes."""
    import numpy as np

    scalars = frozenset({type(None), bool, int, float, str, _Placeholder})
    numpy = frozenset(np.dtype(code).type for code in "?bhilqpBHILQPefdgFDG") | {np.str_}
    return scalars, numpy


def plain(value: Any, depth: int = 0) -> Any:
    """``value`` as exact plain data, or :class:`NotPlain`: ``None``, ``bool``, ``int``,
    ``float``, ``str``, NumPy scalars of plain dtypes as they are; ``list``, ``tuple``,
    ``dict`` and NumPy arrays (object dtype too) rebuilt from their items, each made plain; a
    pandas Series or DataFrame rebuilt from plain columns and index (chapter 08's answer
    returns a Series). Only exact types count: a subclass (a list whose ``__iter__`` does the
    work), or any other object, is refused without being read. For a value returned by a call
    made under refusals (:func:`call_refusing`, the grading sandbox), converted while they
    still hold: nothing a checker reads later runs the student's code."""
    kind = type(value)
    scalars, numpy = _plain_types()
    if kind in scalars or kind in numpy:
        return value
    if depth > PLAIN_DEPTH:
        raise NotPlain("a value nested too deeply")
    if kind is list or kind is tuple:
        items = [plain(v, depth + 1) for v in value]  # an exact list's iterator: no code of theirs
        return items if kind is list else tuple(items)
    if kind is dict:
        return {plain(k, depth + 1): plain(v, depth + 1) for k, v in dict.items(value)}
    import numpy as np

    if kind is np.ndarray:
        if value.dtype.kind in "biufcU":
            return np.array(value, copy=True)
        if value.dtype.kind == "O":
            items = [plain(v, depth + 1) for v in value.ravel().tolist()]
            out = np.empty(len(items), dtype=object)
            for i, item in enumerate(items):
                out[i] = item
            return out.reshape(value.shape)
        raise NotPlain(f"a NumPy array of dtype {value.dtype.str}")
    return _plain_frame(value, kind, depth)


def _plain_frame(value: Any, kind: type, depth: int) -> Any:
    """A pandas Series or DataFrame (exact types) rebuilt from plain parts; else NotPlain."""
    import sys

    pd = sys.modules.get("pandas")
    if pd is not None and kind is pd.Series:
        return pd.Series(plain(value.to_numpy(), depth + 1),
                         index=plain(value.index.to_numpy(), depth + 1),
                         name=plain(value.name, depth + 1))
    if pd is not None and kind is pd.DataFrame:
        columns = [plain(c, depth + 1) for c in value.columns.tolist()]
        data = {i: plain(value.iloc[:, i].to_numpy(), depth + 1) for i in range(len(columns))}
        frame = pd.DataFrame(data, index=plain(value.index.to_numpy(), depth + 1))
        frame.columns = columns
        return frame
    name = kind.__name__ if kind.__name__.isidentifier() else "unnamed"
    raise NotPlain(f"{'an' if name[0] in 'AEIOUaeiou' else 'a'} {name[:40]} object")


def plain_result(value: Any, what: str) -> Any:
    """:func:`plain` for what ``what`` returned, or :class:`Incorrect` saying to return plain
    data (a checker of a call made under refusals calls it while they still hold)."""
    try:
        return plain(value)
    except NotPlain as exc:
        raise Incorrect(NOT_PLAIN.format(what=what, kind=str(exc))) from None
    except RecursionError:
        raise Incorrect(NOT_PLAIN.format(what=what, kind="a value nested too deeply")) from None


def refusal_names(functions: Iterable[Any]) -> list[list[str]]:
    """``[module, qualified name]`` of each function, by which another process (the grading
    sandbox) finds the same functions to refuse (one defined in a function is left out)."""
    found = []
    for function in functions:
        module = getattr(function, "__module__", None)
        name = getattr(function, "__qualname__", None)
        if isinstance(module, str) and isinstance(name, str) and "<" not in name:
            found.append([module, name])
    return found


def _call_refusing_in_sandbox(answer, functions: list, hands_over: str, args: tuple,
                              what: str, watch: Iterable[str],
                              steps: collections.Counter | None = None):
    """:func:`call_refusing` for a student's function that runs in the grading sandbox: the
    sandbox refuses the same functions (found there by :func:`refusal_names`) and watches for
    copies of their code (their fingerprints, and ``watch``) while it runs the call, and says
    whether the answer called one. Without this a route the student's kernel refuses (the
    library reached through ``__import__``) earned the points when graded."""
    names, prints = refusal_names(functions), sorted(watch)
    refused, objects = [], []

    def through_the_sandbox(*given):
        called, value, error = answer.call_refusing(names, prints, given,
                                                    count_steps=steps is not None)
        refused.append(called)
        if steps is not None:  # the sandbox counted; it reports the largest count
            steps[("sandbox", len(refused))] = answer.last_steps()
        if error is not None:
            if type(error).__name__ == NotPlain.__name__:  # the sandbox's plain() refused it
                objects.append(str(error))
            raise error
        return value

    try:
        got = call_answer(through_the_sandbox, *args, what=what)
    except Incorrect:
        if any(refused):
            raise Incorrect(hands_over) from None
        if objects:
            raise Incorrect(NOT_PLAIN.format(what=what, kind=objects[-1][:80])) from None
        raise
    if any(refused):
        raise Incorrect(hands_over)
    return got


def names_used(fn, depth: int = 2) -> set[str]:
    """Every global or attribute name a function's code (and the code nested in it) refers to,
    with the names in the notebook's own helper functions it calls (``depth`` levels down) and
    the names of its default argument values, so a checker can refuse an answer that hands the
    work to a library, directly, through a helper or through a default (``L=layers.Conv2D``);
    the grading sandbox's proxy is asked for them (it works them out where the function lives).
    Only real code is read: a method's function, a ``functools.partial``'s function and its
    bound arguments, a callable object's ``__call__``; an ``__code__`` attribute an object sets
    on itself, or a ``names_used`` of its own, is not believed."""
    if _is_sandbox_proxy(fn):
        return fn.names_used(depth)
    if isinstance(fn, functools.partial):
        names = names_used(fn.func, depth)
        for value in (*fn.args, *fn.keywords.values()):
            names |= _value_names(value)
            if depth > 0 and callable(value):
                names |= names_used(value, depth - 1)
        return names
    if inspect.ismethod(fn):
        fn = fn.__func__
    elif not inspect.isfunction(fn):
        # an object of the notebook's own class, called as a function: its class's __call__
        call = next((vars(k)["__call__"] for k in type(fn).__mro__ if "__call__" in vars(k)),
                    None)
        fn = call if inspect.isfunction(call) else fn

    def walk(code) -> set[str]:
        names = set(code.co_names)
        for const in code.co_consts:
            if hasattr(const, "co_names"):
                names |= walk(const)
        return names

    if not inspect.isfunction(fn):
        return set()
    names = walk(fn.__code__) | {code_fingerprint(fn)}
    cells = [c.cell_contents for c in fn.__closure__ or () if _has_contents(c)]
    names |= {code_fingerprint(v) for v in cells if inspect.isfunction(v)}
    defaults = [*(getattr(fn, "__defaults__", None) or ()),
                *(getattr(fn, "__kwdefaults__", None) or {}).values()]
    for value in defaults:
        names |= _value_names(value)
        if depth > 0 and hasattr(value, "__code__"):
            names |= names_used(value, depth - 1)
    scope = getattr(fn, "__globals__", None) or {}
    for name in sorted(names) if depth > 0 else ():
        helper = scope.get(name)
        if inspect.isfunction(helper):  # any function it reaches by name, a library's too
            names.add(code_fingerprint(helper))
        # a function defined beside the answer (the notebook's own), not a library's
        if helper is not fn and getattr(helper, "__globals__", None) is scope:
            names |= names_used(helper, depth - 1)
    return names


_NO_ENTRY = object()  # a code a mapping has no entry for


def _entries(value: Any, size: int) -> list | None:
    """What ``value`` holds for each whole number below ``size``, read as a lookup table: a
    mapping's value (or none), a set's membership, a sequence's or array's item, a large
    int's bit; None for anything that cannot be such a table."""
    if isinstance(value, bool) or _is_sandbox_proxy(value):
        return None
    try:
        if isinstance(value, int):
            return [(value >> n) & 1 for n in range(size)] if value.bit_length() > 64 else None
        if isinstance(value, dict):
            return [value.get(n, _NO_ENTRY) for n in range(size)]
        if isinstance(value, (set, frozenset)):
            return [n in value for n in range(size)]
        if isinstance(value, (str, bytes, list, tuple, range)):
            return [value[n] for n in range(size)] if len(value) >= size else None
        if type(value).__module__ == "numpy" and type(value).__name__ == "ndarray":
            flat = value.ravel()
            return flat[:size].tolist() if flat.size >= size else None
    except Exception:  # noqa: BLE001 - a container that misbehaves is no table
        return None
    return None


_VIEW_ITEMS = 1 << 16  # items a container may have to be read as a table by _table_views


def _table_views(value: Any, size: int) -> list:
    """``value`` as the plain containers :func:`_entries` and :func:`_membership` read
    (report2_02, finding 1): an array-like (a pandas Series, DataFrame or Index, an
    ``array.array``, a ``memoryview``: a type with ``__array__`` or a buffer) as a numpy
    array through ``np.asarray``, a 2-D array column by column too; a mapping that is no
    dict as a dict of its entries for the numbers below ``size``; a sequence that is no
    str, list or tuple as a list of its items. Only ``__len__``, ``__getitem__`` and
    ``__array__`` run, in a try, with a bound on the size; anything else is itself."""
    import array
    from collections.abc import Mapping, Sequence

    import numpy as np

    plain = (bool, int, float, str, bytes, dict, list, tuple, range, set, frozenset)
    if isinstance(value, (dict, set, frozenset)) and not _is_sandbox_proxy(value):
        return [value, *_number_keyed(value)]
    if (isinstance(value, plain) or _is_sandbox_proxy(value) or isinstance(value, type)
            or inspect.ismodule(value) or inspect.isroutine(value)):
        return [value]
    try:
        if isinstance(value, np.ndarray):
            arr = value
        elif (getattr(type(value), "__array__", None) is not None
              or isinstance(value, (memoryview, array.array))):
            if len(value) > _VIEW_ITEMS:
                return [value]
            arr = np.asarray(value)
        elif isinstance(value, Mapping):
            found = {}
            for n in range(size):
                try:
                    found[n] = value[n]
                except (KeyError, IndexError):
                    pass
            return [value, found]
        elif isinstance(value, Sequence):
            if len(value) > _VIEW_ITEMS:
                return [value]
            return [value, [value[n] for n in range(len(value))]]
        else:
            return [value]
        if arr.size > 16 * _VIEW_ITEMS:
            return [value]
        columns = list(arr.T[:16]) if arr.ndim == 2 else []
        return [value, *([arr] if arr is not value else []), *columns]
    except Exception:  # noqa: BLE001 - a container that misbehaves is no table
        return [value]


def _number_keyed(table: dict | set | frozenset) -> list:
    """A dict (or set) keyed by strings of numbers, read as keyed by the numbers themselves,
    in each way such keys are written (report_02 of 2026-12-07, finding 2: ``str(code)``,
    ``format(code, "08b")``, ``bin(code)``, ``hex(code)``): decimal, 8 bits of 0 and 1,
    ``0b``/``0x`` prefixed, bare hex. One per way that reads every key; none when a key is
    no string (or bytes) of a number, or the table is large."""
    if not table or len(table) > _VIEW_ITEMS:
        return []
    keys = []
    for key in table:
        if isinstance(key, bytes):
            key = key.decode("latin-1")
        if not isinstance(key, str):
            return []
        keys.append(key.strip())
    views = []
    for base in (10, 2, 0, 16):
        try:
            numbers = [int(k, base) for k in keys]
        except ValueError:
            continue
        views.append(dict(zip(numbers, table.values())) if isinstance(table, dict)
                     else set(numbers))
    return views


def _membership(value: Any, size: int) -> list | None:
    """Which whole numbers below ``size`` are members of ``value``, read as a list of chosen
    numbers (``n in CHOSEN``, ``CHOSEN.count(n)``, ``np.isin(n, CHOSEN)``): a list, tuple,
    range or numeric array whose items are all whole numbers; None for anything else (a set
    is read so by :func:`_entries` already)."""
    if _is_sandbox_proxy(value):
        return None
    try:
        if type(value).__module__ == "numpy" and type(value).__name__ == "ndarray":
            if value.dtype.kind not in "iuf" or value.size > 16 * size:
                return None
            items = value.ravel().tolist()
        elif isinstance(value, (list, tuple, range)):
            if len(value) > 16 * size:
                return None
            items = [v.item() if type(v).__module__ == "numpy" and hasattr(v, "item") else v
                     for v in value]
        elif isinstance(value, (str, bytes)):  # the numbers written out (review 19)
            items = _numbers_in_text(value, size)
            if items is None:
                return None
        else:
            return None
        whole = [not isinstance(v, bool) and (isinstance(v, int) or isinstance(v, float)
                                              and v.is_integer()) for v in items]
        if not items or not all(whole):
            return None
        members = {int(v) for v in items}
    except Exception:  # noqa: BLE001 - a container that misbehaves is no table
        return None
    return [n in members for n in range(size)]


_NUMBER = re.compile(r"0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+")


def _numbers_in_text(text: str | bytes, size: int) -> list[int] | None:
    """The whole numbers a string or bytes writes out (``"0 1 2 3 4 6"``, ``"0x1f, 0x3f"``,
    ``"00011100 00111000"``: 8-digit tokens of 0 and 1 read as bits when all are), parsed at
    call time by ``split``, ``map(int, ...)`` or ``eval``; None where it writes none. Read
    only as a list of members, so a message that names a few numbers is no table."""
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    if len(text) > 64 * size:
        return None
    tokens = _NUMBER.findall(text)
    if not tokens:
        return None
    if len(tokens) > 1 and all(len(t) == 8 and set(t) <= {"0", "1"} for t in tokens):
        return [int(t, 2) for t in tokens]
    return [int(t, 0) if t[1:2] in ("x", "X", "b", "B") else int(t) for t in tokens]


def _hex_mask(value: Any, size: int) -> list | None:
    """A string of hex digits long enough to hold ``size`` bits, read as one int's bits
    (``int(MASK, 16) >> code & 1``, review 19); None for anything else."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not isinstance(value, str) or len(value) > 4 * size:
        return None
    digits = value.strip().removeprefix("0x").removeprefix("0X")
    if len(digits) * 4 < size or not re.fullmatch(r"[0-9a-fA-F]+", digits):
        return None
    return _entries(int(digits, 16), size)


def _labels(entries: list) -> tuple[int, ...]:
    """Entries as labels: equal entries share one (their first place), whatever they are."""
    first: dict = {}
    labels = []
    for entry in entries:
        try:
            key = ("value", entry) if entry is not _NO_ENTRY else ("none",)
            hash(key)
        except TypeError:
            key = ("repr", repr(entry))
        labels.append(first.setdefault(key, len(first)))
    return tuple(labels)


def tables_reached(fn, size: int, depth: int = 2) -> list[tuple[int, ...]]:
    """The lookup tables a function can read, each as labels of the whole numbers below
    ``size`` (equal entries, equal labels: :func:`_labels`): every global its code (or the
    notebook's helper functions it calls, ``depth`` levels down) names, its constants,
    closure cells and defaults, the attributes it names on a module it names
    (``cv2._tbl``), and one level inside those that are lists, tuples or dicts, each seen
    as plain containers (:func:`_table_views`: pandas, ``array.array``, ``memoryview``),
    read as tables by :func:`_entries`, and those that list chosen numbers read by their
    members (:func:`_membership`: the 58 uniform codes tested with ``in``). A checker that
    asks for a function of a small integer can so tell an answer that computes from one that
    looks its answers up in a table prepared elsewhere (with a library, in another cell),
    where no call is left to refuse. The grading sandbox's proxy is asked for them (worked
    out where it lives). A wrapper (``functools.cache``) is read with what it wraps."""
    return [t for f in wrapped_chain(fn) for t in _tables_own(f, size, depth)]


def _tables_own(fn, size: int, depth: int = 2) -> list[tuple[int, ...]]:
    """:func:`tables_reached` for ``fn`` itself, not what it wraps."""
    if _is_sandbox_proxy(fn):
        return fn.tables_reached(size, depth)
    values: list = []
    if isinstance(fn, functools.partial):
        values.extend([*fn.args, *fn.keywords.values()])
        fn = fn.func
    owner = None
    if inspect.ismethod(fn):  # a method: its object's and class's attributes too
        owner, fn = fn.__self__, fn.__func__
    elif not inspect.isfunction(fn):
        bound_to = getattr(fn, "__self__", None)
        if bound_to is not None and not inspect.ismodule(bound_to):
            values.append(bound_to)  # `TABLE.__getitem__` given as the answer: the table
        call = next((vars(k)["__call__"] for k in type(fn).__mro__ if "__call__" in vars(k)),
                    None)
        if inspect.isfunction(call):  # an object of the notebook's class, called
            owner, fn = fn, call
    if owner is not None:
        for holder in (owner, *type(owner).__mro__[:-1]):
            try:
                values.extend(vars(holder).values())
            except TypeError:  # no __dict__
                pass
    seen: set[int] = set()

    def visit(function, levels: int) -> None:
        if not inspect.isfunction(function) or id(function) in seen:
            return
        seen.add(id(function))
        scope = function.__globals__

        def walk(code) -> None:
            for name in code.co_names:
                if name in scope:
                    found = scope[name]
                    if inspect.isfunction(found):
                        if levels > 0 and found.__globals__ is scope:
                            visit(found, levels - 1)
                    else:
                        values.append(found)
                    if inspect.ismodule(found):  # `cv2._tbl`: what it names on a module
                        space = getattr(found, "__dict__", {})
                        values.extend(space[n] for n in code.co_names
                                      if n in space and not inspect.ismodule(space[n]))
            for const in code.co_consts:
                if inspect.iscode(const):
                    walk(const)
                else:
                    values.append(const)

        walk(function.__code__)
        values.extend(c.cell_contents for c in function.__closure__ or () if _has_contents(c))
        values.extend(function.__defaults__ or ())
        values.extend((function.__kwdefaults__ or {}).values())

    visit(fn, depth)
    inner = [v for value in values if isinstance(value, (list, tuple, dict))
             for v in (value.values() if isinstance(value, dict) else value)
             if isinstance(v, (list, tuple, dict, set, frozenset, str, bytes, int))
             or type(v).__module__ == "numpy" or len(_table_views(v, size)) > 1]
    tables = []
    for value in values + inner:
        for view in _table_views(value, size):
            for entries in (_entries(view, size), _membership(view, size),
                            _hex_mask(view, size)):
                if entries is not None:
                    tables.append(_labels(entries))
    return tables


@contextlib.contextmanager
def watching_code(fingerprints: Iterable[str]):
    """While the block runs, the list it yields gathers the :func:`code_fingerprint` of each
    Python function called whose code has one of ``fingerprints``: a copy of a refused function
    (pasted under another name, or a ``types.FunctionType`` of its ``__code__``) is seen however
    the answer reaches it (a list, a dict, a closure). A profiler set before (a checker's
    watch on compiled calls) still runs in the block, and is put back after."""
    import sys

    wanted, found = set(fingerprints), []
    before = sys.getprofile()

    def profile(frame, event, arg):
        if before is not None:
            before(frame, event, arg)
        if event != "call":
            return
        fingerprint = code_fingerprint(frame.f_code)  # each code object read once (cached)
        if fingerprint in wanted:
            found.append(fingerprint)

    # threads the answer starts are watched too (one started before is not: the grading
    # sandbox starts no thread while an answer loads or runs under refusals)
    previous, previous_threads = before, threading.getprofile()
    sys.setprofile(profile)
    threading.setprofile(profile)
    try:
        yield found
    finally:
        sys.setprofile(previous)
        threading.setprofile(previous_threads)


def code_fingerprint(fn) -> str:
    """``"code:"`` and a digest of a function's compiled code: its instructions, the names and
    constants they use (but text and None) and, recursively, the code nested in it; not its
    name, its variables' names, its docstring or other text, nor where it was written. So the
    same function pasted under another name, or a ``types.FunctionType`` copy of its code, has
    the same fingerprint; :func:`names_used` lists the fingerprints of the code it reaches, so
    that a checker can refuse a copy of the course's own answer, in the student's kernel and
    when graded (the sandbox returns the same strings).

    The instructions are read through :mod:`dis`, not as raw bytes, because the compiler spells
    one call two ways: in a file that imports ``numpy as np``, Python 3.11 compiles
    ``np.asarray(a)`` as an attribute load, while the same source pasted into a notebook cell
    (``np`` imported in another cell) gets a method load; both are read here as one
    instruction, and a jump by the instruction it lands on, not its byte offset."""
    return _code_digest(fn if inspect.iscode(fn) else fn.__code__)


@functools.lru_cache(maxsize=8192)
def _code_digest(code) -> str:
    """:func:`code_fingerprint` of one code object, read once: a checker's refused functions
    and every function an answer calls while watched come back for each hidden case."""
    def key(code) -> tuple:
        found = [i for i in dis.get_instructions(code) if i.opname not in _NO_STEP]
        place = {i.offset: n for n, i in enumerate(found)}
        return (code.co_argcount, code.co_kwonlyargcount,
                tuple(_step(i, place, key) for i in found))

    return "code:" + hashlib.sha256(repr(key(code)).encode()).hexdigest()[:20]


_NO_STEP = {"CACHE", "EXTENDED_ARG", "NOP", "RESUME"}  # no part of what the code does
_SAME_STEP = {"LOAD_METHOD": "LOAD_ATTR"}  # one attribute load, spelt two ways (3.11)
_JUMPS = set(dis.hasjrel) | set(dis.hasjabs)


def _step(instruction, place: dict, key) -> tuple:
    """One instruction as :func:`code_fingerprint` reads it: the operation and what it acts
    on (a global's or attribute's name, a constant, nested code's key, the instruction a jump
    lands on, a local variable's slot), text and None as one placeholder."""
    op = _SAME_STEP.get(instruction.opname, instruction.opname)
    value = instruction.argval
    if instruction.opcode in _JUMPS:
        arg = ("to", place.get(value))
    elif inspect.iscode(value):
        arg = key(value)
    elif instruction.opcode in dis.hasconst:
        arg = "text" if value is None or isinstance(value, str) else repr(value)
    elif instruction.opcode in dis.hasname or instruction.opcode in dis.hascompare:
        arg = str(value)
    else:
        arg = instruction.arg  # a local variable's slot, a count
    return op, arg


def _has_contents(cell) -> bool:
    try:
        cell.cell_contents  # noqa: B018 (an empty cell raises)
    except ValueError:
        return False
    return True


def _is_sandbox_proxy(value: Any) -> bool:
    """Whether ``value`` is the grading sandbox's proxy of a student's function (checked by its
    class's home, so that a student's own class with a ``names_used`` is not taken for one)."""
    kind = type(value)
    return kind.__module__ == "dfkit.course.grading.sandbox" and kind.__name__ == "RemoteObject"


def _value_names(value) -> set[str]:
    """The names a value goes by: its own and its module's (a module, class or function), or
    its class's (an object), split at the dots."""
    names = set()
    for obj in (value, type(value)):
        for attr in ("__name__", "__module__"):
            try:
                found = getattr(obj, attr, None)
            except Exception:  # an object whose attributes misbehave tells nothing
                found = None
            if isinstance(found, str):
                names.update(found.split("."))
    return names


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
             "recorded": "Recorded for your instructor (not marked by the machine)",
             "error": "Checker error", "solution": "Solution"}
    mark = marks.get(kind, kind)
    print(f"{mark}: {text}" if text else mark)


_secret: str | None = None


def set_secret(secret: str | None) -> None:
    """Draw hidden cases from ``secret`` (the grader sets it; None restores the public cases)."""
    global _secret
    _secret = secret or None


def grading_secret_set() -> bool:
    """Whether the grader's secret is set: hidden cases are then unseen by the student."""
    return _secret is not None


_submission = threading.local()  # which submission the grader is judging, in this thread


@contextlib.contextmanager
def hidden_cases_for(submission: str):
    """While the block runs (in this thread), the secret's hidden cases are drawn for
    ``submission`` too (the grader passes a digest of the student and their notebook): the
    feedback names the case an answer failed on, and a cheat can make it list them all, so
    the cases one notebook learns are not the cases of a classmate's, nor of the student's own
    next version."""
    previous = getattr(_submission, "key", None)
    _submission.key = submission
    try:
        yield
    finally:
        _submission.key = previous


def hidden_rng(key: str):
    """A numpy Generator for an exercise's hidden cases: fixed when no secret is set (what a
    student's ``check()`` uses), different under the instructor's secret (what grading uses), so
    an answer tuned to the published cases fails, and different per submission while grading
    (:func:`hidden_cases_for`). ``key`` names the exercise ("ch06.q2")."""
    import numpy as np

    submission = getattr(_submission, "key", None)
    text = (f"public\0{key}" if not _secret else f"{_secret}\0{key}" if not submission
            else f"{_secret}\0{submission}\0{key}")
    return np.random.default_rng(int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little"))


def unwrap_scalar(value: Any) -> Any:
    """The number a 0-d array or tensor holds (np.array(0.57)); a subclass of int or float as
    the plain number it holds (its own ``==`` could say yes to anything); any other value
    unchanged."""
    if getattr(value, "shape", None) == () and hasattr(value, "item"):
        return value.item()
    if isinstance(value, int) and type(value) not in (int, bool):
        return int.__int__(value)  # the stored value: no method of the subclass runs
    if isinstance(value, float) and type(value) is not float:
        return float.__float__(value)
    return value


def within_decimals(number: float, expected: float, decimals: int) -> bool:
    """Whether ``number`` is ``expected`` to ``decimals`` decimals: within half a unit of the
    last decimal (0.44 for 0.4412 at 2), with floating-point slack at the rounding boundary."""
    allowed = 0.5 * 10.0 ** -decimals + 1e-9 * max(1.0, abs(expected))
    return abs(number - expected) <= allowed


def close(value: Any, expected: float, decimals: int = 2, what: str = "value",
          name_rounding: bool = True) -> float:
    """Check that ``value`` is ``expected`` to ``decimals`` decimals; teach if it is not.

    Any number within half a unit of the last asked decimal passes (0.44 for 0.4412 at
    ``decimals=2``; 2.9 for 2.93 at ``decimals=1``), so sensible rounding is never rejected.
    ``name_rounding=False``: a rounded right answer gets the plain "not right yet" message
    (which says how many decimals are checked), not "that matches the value only when rounded
    to ...", which would confirm its leading digits (for a count the student is asked to make
    by hand).
    """
    value = unwrap_scalar(value)
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise Incorrect(f"{what} should be a number, but it is {type(value).__name__} "
                        f"({_short(value)}).")
    try:
        number = float(value)
    except OverflowError:  # an int beyond any float (10**400)
        raise Incorrect(f"{what} is {_short(value)}, far too large to be right: check how you "
                        "computed it.") from None
    if within_decimals(number, expected, decimals):
        return number
    if expected and within_decimals(number / 100, expected, decimals):
        raise Incorrect(f"{what} is {number:.4g}: that looks like a percentage. Give it as a "
                        f"fraction between 0 and 1 (to {decimals} decimals).")
    want = f"to {decimals} decimal{'s' if decimals != 1 else ''}"
    places = _rounded_places(number, expected, decimals) if name_rounding else None
    if places is not None:
        shown = "a whole number" if places == 0 else f"{places} decimal{'s' if places > 1 else ''}"
        # 0.1 may have been typed as 0.10: say only what holds whatever was typed
        raise Incorrect(f"{what} is {number:.4g}: that matches the value only when rounded to "
                        f"{shown}, too far. Give it {want} (more decimals are fine).")
    if name_rounding and _truncated(number, expected, decimals):
        # a right computation cut off rather than rounded (0.571 for 0.5718): say so, not
        # "check how you computed it" (report_00 of 2026-12-07, finding 4)
        raise Incorrect(f"{what} is {number:.4g}: that is the value cut off after its last "
                        f"digit, not rounded. Round it {want}, or better, store the "
                        "expression that computes it.")
    raise Incorrect(f"{what} is {number:.4g}, which is not right yet: check how you computed it "
                    f"(it is checked {want}).")


def _truncated(number: float, expected: float, decimals: int) -> bool:
    """Whether ``number`` is ``expected`` cut off (not rounded) at ``decimals`` places, where
    that differs from rounding (0.571 for 0.5718). The product is rounded first so that a
    float slip (0.57 * 100 = 56.99...) does not make an exact value look cut off."""
    scaled = round(expected * 10 ** decimals, 6)
    cut = math.trunc(scaled) / 10 ** decimals
    return abs(number - cut) < 1e-12 and not within_decimals(cut, expected, decimals)


def _rounded_places(number: float, expected: float, decimals: int) -> int | None:
    """The fewer-than-``decimals`` places that ``number`` is ``expected`` rounded to (2.0 for
    1.8 is 0 places: a whole number, though written with one decimal); None if it is not."""
    for places in range(decimals):
        if abs(number - round(number, places)) < 1e-12 and abs(round(expected, places) - number) < 1e-9:
            return places
    return None


def _calling_module(skip: int = 1) -> str:
    """The name of the first module outside this file on the call stack (the chapter's module)."""
    frame = inspect.currentframe()
    for _ in range(skip):
        frame = frame.f_back
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame = frame.f_back
    return frame.f_globals.get("__name__", "?") if frame is not None else "?"


class Exercise:
    """One question: the variables it reads, how to check them, and two tiers of hints.

    ``checker`` receives the variables named in ``names`` (the student's answers) and in
    ``context`` (variables the chapter computed, which need no answer) as keyword arguments.
    It raises :class:`Incorrect` with a message that teaches what is wrong; it may return a
    string, shown when the answer is right. ``hints`` = (the concept, the API): never the code.
    ``kind`` is one of :data:`KINDS`.

    ``by_hand_when_graded``: set it when the checker needs the student's class or object
    itself (``isinstance``, ``is``, an edit in place): grading then lists the answer "to
    review". Prefer a checker that only calls the answer and inspects what it returns.

    ``own_context``: the names of ``context`` that are the student's own construction or
    changed input (a list of seeds the exercise lets them extend, a model they built). The
    grader takes every other context name from its own run of the chapter's handout, never
    from the submission (:mod:`dfkit.course.grading.run`, "reference run"); these it takes
    from the submission, which can forge them: keep the list short.
    """

    def __init__(self, name: str, prompt: str, names: Sequence[str], checker: Callable[..., Any],
                 hints: Sequence[str] = (), context: Sequence[str] = (), kind: str = "compute",
                 *, module: str | None = None, options: dict[str, str] | None = None,
                 by_hand_when_graded: bool = False, own_context: Sequence[str] = ()):
        if kind not in KINDS:
            raise ValueError(f"Exercise {name}: kind must be one of {', '.join(KINDS)}, "
                             f"got {kind!r}")
        hints = tuple(hints)
        if isinstance(hints, str) or len(hints) > 2:
            raise ValueError(f"Exercise {name}: hints is a pair (concept hint, API hint)")
        self.name, self.prompt, self.kind = name, prompt, kind
        self.names, self.context = tuple(names), tuple(context)
        self.own_context = tuple(own_context)
        if isinstance(own_context, str) or not set(self.own_context) <= set(self.context):
            raise ValueError(f"Exercise {name}: own_context must be a tuple of names of context, "
                             f"got {own_context!r}")
        self.checker, self.hints = checker, hints
        self.options = dict(options or {})
        self.module = module or _calling_module(skip=2)
        self.free_text = kind == "written"  # free text: a person reads it, no machine verdict
        # the checker needs the student's own class or object in its process (isinstance,
        # identity, an in-place edit): the grader, which keeps student code in a sandbox, lists
        # it "to review" instead of deciding it through a proxy
        self.by_hand_when_graded = by_hand_when_graded
        self._hints_shown = 0

    # --- checking -------------------------------------------------------------------------
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
            if (owner := _course_function(namespace[n])) is not None:
                return "incorrect", (f"`{n}` is the course's own `{owner}`, not an answer of "
                                     "yours: write the function yourself.")
        for n in self.context:
            if n not in namespace:
                return "blank", f"run the chapter's cells above first: `{n}` is not defined."
            values[n] = namespace[n]
        try:
            said = self.checker(**values)
        except NotAttempted as exc:
            return "blank", str(exc)
        except Incorrect as exc:
            return "incorrect", str(exc)
        except Recorded as exc:
            return "recorded", str(exc)
        return "correct", said if isinstance(said, str) else ""

    def passes(self, namespace: dict | None = None) -> bool:
        """Whether the answers in the calling notebook (or ``namespace``) pass, without a word:
        for a cell that builds on a student's answer only once it is right."""
        where = namespace if namespace is not None else self._namespace()
        return self.evaluate(where)[0] == "correct"

    def check(self, namespace: dict | None = None) -> None:
        """Check the answer variables of the calling notebook (or ``namespace``) and say why."""
        where = namespace if namespace is not None else self._namespace()
        status, message = self.evaluate(where)
        if status not in ("correct", "recorded") and is_strict():
            raise ExerciseFailed(f"{self.name}: {message}")
        _say(status, message)

    # --- help -----------------------------------------------------------------------------
    def hint(self, level: int | None = None) -> None:
        """The concept hint first; called again (or ``hint(2)``), the API hint."""
        if not self.hints:
            print("Hint: this exercise has no hint; reread the section above it.")
            return
        if level is None:
            level = min(self._hints_shown + 1, len(self.hints))
        level = max(1, min(int(level), len(self.hints)))
        self._hints_shown = max(self._hints_shown, level)
        closer = "the API" if self.kind in ("implement", "modify", "compute") else "a closer look"
        label = ("the idea" if level == 1 else closer) if len(self.hints) == 2 else ""
        more = f" Run `{self.name}.hint()` again for {closer}." if level < len(self.hints) else ""
        print(f"Hint {level} of {len(self.hints)}{f' ({label})' if label else ''}: "
              f"{self.hints[level - 1]}{more}")

    def solution(self) -> None:
        """Says where the worked solutions are: never in the student's notebook or in dfkit."""
        _say("solution", NO_SOLUTION.format(name=self.name))

    def __repr__(self) -> str:
        """The prompt and its options, wrapped to 88 columns (``print(q2)`` in a chapter: one
        line of 400 characters scrolled sideways in viewers that do not wrap)."""
        lines = textwrap.wrap(f"{self.name} ({self.kind}): {self.prompt}", REPR_WIDTH,
                              break_on_hyphens=False)
        for key, text in self.options.items():
            lines += textwrap.wrap(f"({key}) {text}", REPR_WIDTH, initial_indent="  ",
                                   subsequent_indent="      ", break_on_hyphens=False)
        return "\n".join(lines)


def _short(value: Any, limit: int = 80) -> str:
    """``repr(value)``, cut to ``limit`` characters (feedback never echoes a long value)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 5] + "[...]"


def _as_key(value: Any, options: dict[str, str], variable: str) -> str:
    """The option key a student wrote ("b", "B", " (b) "), or Incorrect naming the valid keys."""
    valid = ", ".join(f'"{k}"' for k in options)
    if not isinstance(value, str):
        raise Incorrect(f"`{variable}` should be one of the option letters ({valid}) as a string, "
                        f"not {type(value).__name__}.")
    key = value.strip().strip("()").strip().lower()
    lowered = {k.lower(): k for k in options}
    if key not in lowered:
        raise Incorrect(f"{_short(value)} is not one of the options: set `{variable}` to one of "
                        f"{valid}.")
    return lowered[key]


def judge_choice(value: Any, options: dict[str, str], variable: str, answer: str,
                 feedback: dict[str, str]) -> str:
    """The option key a student wrote, read by :func:`_as_key`; Incorrect with that option's
    own feedback when it is not ``answer`` (every multiple-choice checker's verdict)."""
    key = _as_key(value, options, variable)
    if key != answer:
        raise Incorrect(f"({key}) is not it. {feedback[key]}")
    return key


def choice(name: str, prompt: str, variable: str, options: dict[str, str], answer: str,
           feedback: dict[str, str], hints: Sequence[str] = (), kind: str = "explain") -> Exercise:
    """A multiple-choice question: the student sets ``variable`` to an option key.

    Every wrong option needs its own ``feedback`` (why it is wrong), checked here.
    """
    if answer not in options:
        raise ValueError(f"choice {name}: answer {answer!r} is not an option key "
                         f"({', '.join(options)})")
    missing = [k for k in options if k != answer and k not in feedback]
    if missing:
        raise ValueError(f"choice {name}: options {missing} need their own feedback")

    def checker(**values) -> str:
        judge_choice(values[variable], options, variable, answer, feedback)
        return feedback.get(answer, "")

    ex = Exercise(name, prompt, (variable,), checker, hints=hints, kind=kind,
                  options=options, module=_calling_module(skip=2))
    # the key, private so that tab completion on `qN.` does not offer it (the course-wide
    # balance test reads it; grading flags a notebook that reads it)
    ex._key = answer
    return ex


def prediction(name: str, prompt: str, variable: str, options: dict[str, str],
               outcome: Callable[..., str], context: Sequence[str],
               explanation: str | Callable[..., str], hints: Sequence[str] = (),
               claims: dict[str, str] | None = None) -> Exercise:
    """Predict, then run: the student sets ``variable`` above the experiment cell; after it ran,
    ``check()`` asks ``outcome(**context_values)`` which option actually happened (from the
    run's own variables). Right iff the prediction matches; otherwise says what happened and why.
    ``explanation`` may depend on the run: a callable gets ``happened`` and the context values.
    ``claims``: each option's claim without the reasoning some options carry, which the verdict
    names instead of the whole option (the chapter shows the options in full just above).
    """
    said = {k: (claims or {}).get(k, text) for k, text in options.items()}

    def checker(**values) -> str:
        try:  # a value that is no option is no prediction: it earns nothing (not even a try)
            key = _as_key(values[variable], options, variable)
        except Incorrect as exc:
            raise NotAttempted(str(exc)) from None
        run = {n: values[n] for n in context}
        happened = outcome(**run)
        if happened not in options:
            raise ValueError(f"prediction {name}: outcome returned {happened!r}, not an option key")
        why = explanation(happened=happened, **run) if callable(explanation) else explanation
        if key != happened:
            raise Incorrect(f"not what happened, and that is how predictions teach. You predicted "
                            f"({key}) {said[key]}; your run shows ({happened}) "
                            f"{said[happened]}. Why: {why}")
        return f"your run shows ({happened}) {said[happened]}. {why}"

    ex = Exercise(name, prompt, (variable,), checker, hints=hints, context=context,
                  kind="predict", options=options, module=_calling_module(skip=2))
    ex._key = None  # decided by the run (tests take it from the self-test cases)
    return ex


def written(name: str, prompt: str, variable: str, model_answer: str, min_words: int = 15,
            hints: Sequence[str] = (), rubric: Sequence[str] = ()) -> Exercise:
    """A short written answer, read by a person: never marked correct by a machine.

    ``check()`` says "not attempted" until ``variable`` holds at least ``min_words`` words;
    then it records the text (status ``recorded``: the grader lists it "to review" for the
    instructor) and only then shows ``model_answer`` and the ``rubric`` points, so the student
    compares after committing to their own words.
    """
    if not model_answer.strip():
        raise ValueError(f"written {name}: give the model answer shown after the student commits")

    def checker(**values) -> str:
        text = values[variable]
        if not isinstance(text, str):
            raise Incorrect(f"`{variable}` should be your answer in words, as a string in quotes.")
        n_words = len(text.split())
        if n_words < min_words:
            raise NotAttempted(f"write at least {min_words} words in `{variable}` (you wrote "
                               f"{n_words}); the model answer appears once you have committed.")
        points = "".join(f"\n  - {p}" for p in rubric)
        raise Recorded(f"your answer is recorded for your instructor. Compare it with the model "
                       f"answer: {model_answer}" + (f"\nWhat a full answer covers:{points}"
                                                    if points else ""))

    ex = Exercise(name, prompt, (variable,), checker, hints=hints, kind="written",
                  module=_calling_module(skip=2))
    ex.free_text = True
    ex.model_answer = model_answer
    return ex


def all_exercises(modules: Iterable[str] | None = None) -> list[Exercise]:
    """Every exercise of every chapter module (used by the self-tests and by grading)."""
    import importlib
    import pkgutil

    names = modules or [m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("ch")]
    found = []
    for mod in names:
        module = importlib.import_module(mod if "." in mod else f"{__name__}.{mod}")
        found += [v for v in vars(module).values() if isinstance(v, Exercise)]
    return found
