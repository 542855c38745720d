"""The process that runs a submission's functions on the checkers' hidden cases.

``Sandbox`` starts ``python -m dfkit.course.grading.sandbox`` with an allow-listed environment,
its own temporary home and a memory limit, and talks to it over a pipe in JSON lines. The
checker runs in the grader; when it calls a student's function it calls a
:class:`RemoteFunction`, which sends the arguments (the hidden case) to the sandbox and decodes
the result with the safe codec. The submission's kernel is gone by then and never sees the
cases; the sandbox never sees the checker, its expected values or the instructor's secret.
Results that are not plain data (an object the function built) stay in the sandbox and come
back as :class:`RemoteObject` handles whose attributes and methods are forwarded.
"""

from __future__ import annotations

import builtins
import collections
import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from dfkit.course.exercises import PROGRAM_EVENTS
from dfkit.course.grading import isolation
from dfkit.course.grading.codec import Unencodable, decode, encode, pickled
from dfkit.course.grading.limits import Limits, child_env, limit_resources

STARTUP_SECONDS = 300
LINE_MAX_CHARS = 64 << 20  # one answer of the sandbox; a longer line kills it (no unbounded read)
_TOO_LONG = object()


class SandboxFailed(BaseException):
    """The sandbox died, ran out of time or answered garbage (a ``BaseException``: a checker's
    ``except Exception``, meant for the student's bugs, cannot swallow it and go on calling)."""


def remote_exception(type_name: str, message: str) -> Exception:
    """An exception named like the student's (a builtin class when it is one)."""
    base = getattr(builtins, type_name, None)
    if isinstance(base, type) and issubclass(base, Exception):
        try:
            return base(message)
        except Exception:  # noqa: BLE001 - exotic constructor signature
            pass
    return type(type_name, (Exception,), {})(message)


class Sandbox:
    """One sandbox process per submission (started on first use, closed with ``close``).

    Each exercise is judged on its own (:meth:`next_exercise`): its calls share a budget of
    ``limits.exercise_seconds``; after a timeout or a crash every later call of that exercise
    fails at once with the same reason, and the next exercise gets a fresh process."""

    def __init__(self, workdir: Path, limits: Limits, uid: int | None = None):
        self.workdir, self.limits, self.uid = Path(workdir), limits, uid
        self.proc: subprocess.Popen | None = None
        self._lines: queue.Queue = queue.Queue()
        self._next = 0
        self._spent = 0.0  # seconds the current exercise's calls have waited on the sandbox
        self._failed: str | None = None  # why the current exercise's sandbox stopped
        self.refused = False  # the last call ran a function it was asked to refuse
        self._prepared: set[str] = set()  # refusals imported in the current process
        self.not_cleared: list[str] = []  # what closing could not remove (isolation.kill_all)

    def next_exercise(self, fresh: bool = False) -> None:
        """Start judging another exercise: a fresh budget, and a fresh process if the last one
        timed out or crashed (an earlier exercise's failure never costs a later one), or when
        ``fresh``: a process no earlier exercise's code has run in (for the grader's own
        reference objects, which code that ran there before could have patched)."""
        self._spent, self._failed = 0.0, None
        if self.proc is not None and (fresh or self.proc.poll() is not None):
            self.close()

    def _fail(self, why: str) -> SandboxFailed:
        """Stop the process; this exercise's later calls fail at once with ``why``."""
        self._failed = why
        self.close()
        return SandboxFailed(why)

    def _start(self) -> None:
        # bounded: a function flooding the channel blocks itself, never the grader's memory;
        # a fresh queue per process: a dead one's last lines never answer the next one's calls
        self._lines = queue.Queue(maxsize=4)
        self.workdir.mkdir(parents=True, exist_ok=True)
        env = child_env(self.workdir)
        isolation.hand_over(self.workdir, self.uid)
        caps = limit_resources(self.limits.memory_gb, own_uid=self.uid is not None)
        # -P: the (student-writable) working folder is not on the import path
        self.proc = subprocess.Popen(
            [sys.executable, "-P", "-m", "dfkit.course.grading.sandbox"], cwd=self.workdir,
            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, start_new_session=True,
            preexec_fn=isolation.drop(self.uid, caps))
        threading.Thread(target=self._read, args=(self.proc.stdout, self._lines),
                         daemon=True).start()
        try:  # start-up (imports) is not the student's time
            ready = self._lines.get(timeout=STARTUP_SECONDS)
        except queue.Empty:
            ready = None
        if not ready:
            self.close()
            raise RuntimeError(f"the grading sandbox did not start within {STARTUP_SECONDS} s: "
                               f"run `{sys.executable} -m dfkit.course.grading.sandbox` to see why")

    @staticmethod
    def _read(stream, lines: queue.Queue) -> None:
        try:
            while True:
                line = stream.readline(LINE_MAX_CHARS)
                if not line:
                    break
                if not line.endswith("\n") and len(line) >= LINE_MAX_CHARS:
                    lines.put(_TOO_LONG)  # the student's code wrote to the channel
                    return
                lines.put(line)
        except (OSError, ValueError):
            pass
        lines.put(None)

    def prepare_refusals(self, refuse: list) -> None:
        """Import, in the sandbox, the modules of the functions a checker refuses (TensorFlow
        for Keras's): the grader's own work, timed apart from the student's calls and once per
        process, so that a slow import never counts as the student's code running long."""
        key = json.dumps(refuse, sort_keys=True)
        if key in self._prepared:
            return
        self.request(op="resolve", refuse=refuse, grader_seconds=STARTUP_SECONDS)
        self._prepared.add(key)

    def request(self, grader_seconds: float | None = None, **message) -> Any:
        """Send one request; the decoded answer, or the student's exception raised here.
        ``grader_seconds``: the grader's own request (no student code runs), waited for that
        long and not counted in the exercise's time."""
        if self._failed:
            raise SandboxFailed(self._failed)
        if self.proc is None:
            self._start()
        if self.proc.poll() is not None:
            raise self._fail("the sandbox running your code has stopped (out of memory?)")
        try:
            self.proc.stdin.write(json.dumps(message) + "\n")
            self.proc.stdin.flush()
        except OSError:  # it died since: a broken pipe
            raise self._fail("the sandbox running your code has stopped (out of memory?)") \
                from None
        budget = self.limits.exercise_seconds
        left = budget - self._spent if budget and budget > 0 else float("inf")
        wait = min(self.limits.call_seconds, max(left, 0.0))
        if grader_seconds is not None:
            try:
                line = self._lines.get(timeout=grader_seconds)
            except queue.Empty:
                raise self._fail("the grading sandbox did not get ready (importing the "
                                 "checker's refusals)") from None
            return self._answer(line)
        started = time.monotonic()
        try:
            line = self._lines.get(timeout=wait)
        except queue.Empty:
            if wait < self.limits.call_seconds:
                raise self._fail(f"your code ran longer than {budget:g} s in all on this "
                                 "exercise's hidden cases (the grader's time budget per "
                                 "exercise)") from None
            raise self._fail(f"your code ran longer than {self.limits.call_seconds:g} s on "
                             "one hidden case") from None
        finally:
            self._spent += time.monotonic() - started
        return self._answer(line)

    def _answer(self, line) -> Any:
        """The decoded answer of one line from the sandbox (or the student's exception)."""
        if line is None:
            raise self._fail("your code stopped the process that ran it (exit, crash or "
                             "out of memory)")
        try:
            reply = None if line is _TOO_LONG else json.loads(line)
        except (ValueError, RecursionError):
            reply = None
        if not isinstance(reply, dict):
            raise self._fail("the process that ran your code answered garbage (did your code "
                             "write to the grader's channel?)")
        self.refused = reply.get("refused") is True  # a refused function was called
        steps = reply.get("steps")
        self.steps = steps if type(steps) is int and steps >= 0 else 0
        if "raised" in reply:
            raise remote_exception(str(reply["raised"])[:100], str(reply.get("message", ""))[:500])
        if "handle" in reply:
            return RemoteObject(self, reply["handle"], reply.get("type", "object"))
        if "items" in reply:  # a list whose items may be objects of the sandbox
            return [RemoteObject(self, i["handle"], i.get("type", "object")) if "handle" in i
                    else decode(i.get("value")) for i in reply["items"]]
        return decode(reply.get("value"))

    def load(self, tree: dict) -> int:
        """Load a pickled answer into the sandbox; its handle."""
        self._next += 1
        self.request(op="load", id=self._next, value=tree)
        return self._next

    def close(self) -> None:
        """Kill the process (and every process of the job's uid); a later call starts anew."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.proc is not None:
            isolation.kill_group(self.proc.pid)
            self.not_cleared += isolation.kill_all(self.uid)
        self.proc = None
        self._prepared = set()


def _arg(value: Any) -> Any:
    if isinstance(value, RemoteObject):
        return {"__handle__": value._handle}
    try:
        return encode(value, strict=True)
    except Unencodable:
        return pickled(value)  # the checker's own object (a fake model, a Keras net)


class RemoteObject:
    """A student's function, class or object that lives in the sandbox."""

    def __init__(self, sandbox: Sandbox, handle: int, type_name: str = "function"):
        object.__setattr__(self, "_sandbox", sandbox)
        object.__setattr__(self, "_handle", handle)
        object.__setattr__(self, "_type", type_name)

    def __call__(self, *args, **kwargs):
        return self._sandbox.request(op="call", target=self._handle,
                                     args=[_arg(a) for a in args],
                                     kwargs={k: _arg(v) for k, v in kwargs.items()})

    def call_refusing(self, refuse: list, watch: list, args: tuple, count_steps: bool = False):
        """Call the function in the sandbox while the functions ``refuse`` names (``[module,
        qualified name]``) refuse to run and code with a fingerprint in ``watch`` is watched
        for (``dfkit.course.exercises.call_refusing``, done where the student's code runs):
        ``(whether it called one, the result, the student's exception or None)``."""
        self._sandbox.prepare_refusals(refuse)
        self._sandbox.refused, self._sandbox.steps = False, 0
        try:
            value = self._sandbox.request(op="call", target=self._handle,
                                          args=[_arg(a) for a in args], kwargs={},
                                          refuse=refuse, watch=watch,
                                          count_steps=bool(count_steps))
        except SandboxFailed:
            raise
        except Exception as exc:  # noqa: BLE001 - the student's, raised by request()
            return self._sandbox.refused, None, exc
        return self._sandbox.refused, value, None

    def last_steps(self) -> int:
        """With ``count_steps``: the largest count of one line of the notebook's code (or of
        calls it made) in the last call (``dfkit.course.exercises.counting_steps``)."""
        return self._sandbox.steps

    def names_used(self, depth: int = 2) -> set[str]:
        """The names the student's function refers to (``dfkit.course.exercises.names_used``,
        worked out in the sandbox, where the function's code lives): a checker that refuses a
        library call by name refuses it when graded too, not only in the student's kernel."""
        names = self._sandbox.request(op="names_used", target=self._handle, depth=int(depth))
        return {n for n in names if isinstance(n, str)} if isinstance(names, list) else set()

    def reached_homes(self) -> set[str]:
        """The top-level packages of the values the student's function reaches besides its
        code (``dfkit.course.exercises.reached_homes``, worked out in the sandbox)."""
        homes = self._sandbox.request(op="reached_homes", target=self._handle)
        return {h for h in homes if isinstance(h, str)} if isinstance(homes, list) else set()

    def keeps_any(self, spec: list) -> bool:
        """Whether the student's function keeps one of the functions ``spec`` names within
        reach besides its code (``dfkit.course.exercises.keeps_any``, worked out in the
        sandbox, where the function and what it holds live)."""
        return self._sandbox.request(op="keeps_any", target=self._handle,
                                     spec=[[m, list(n)] for m, n in spec]) is True

    def tables_reached(self, size: int, depth: int = 2) -> list[tuple[int, ...]]:
        """The lookup tables the student's function can read, as labels
        (``dfkit.course.exercises.tables_reached``, worked out in the sandbox)."""
        tables = self._sandbox.request(op="tables_reached", target=self._handle,
                                       size=int(size), depth=int(depth))
        if not isinstance(tables, list):
            return []
        return [tuple(t) for t in tables
                if isinstance(t, (list, tuple)) and all(isinstance(n, int) for n in t)]

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return self._sandbox.request(op="getattr", target=self._handle, name=name)

    def __setattr__(self, name: str, value: Any) -> None:
        self._sandbox.request(op="setattr", target=self._handle, name=name, value=_arg(value))

    def __getitem__(self, key):
        return self._sandbox.request(op="getitem", target=self._handle, key=_arg(key))

    def __len__(self) -> int:
        return self._sandbox.request(op="len", target=self._handle)

    def __iter__(self):
        return iter(self._sandbox.request(op="list", target=self._handle))

    def __repr__(self) -> str:
        return f"<your {self._type} (run in the grading sandbox)>"


RemoteFunction = RemoteObject


# --- the sandbox process itself -----------------------------------------------------------------

FRESH_IMPORTS_REFUSED = ("_posixsubprocess", "_ctypes", "_thread")  # see prime(): reloaded, they'd be whole


class NoCheckers:
    """An import hook for the sandbox: the checkers' modules (``dfkit.course.exercises.chNN``)
    hold reference solutions, so an answer that imports one (directly, or pickled by reference
    from the student's kernel) fails to load instead of earning the points."""

    def find_spec(self, name: str, path=None, target=None):
        parts = name.split(".")
        if name in FRESH_IMPORTS_REFUSED:
            raise ImportError(f"{name} cannot be imported again while grading")
        if parts[:3] == ["dfkit", "course", "exercises"] and len(parts) > 3:
            raise ImportError(f"{name} holds the checkers and cannot be imported while grading: "
                              "an answer must be your own code")
        return None


def refuse_checkers() -> None:
    """Install :class:`NoCheckers` first on the import path and forget checker modules."""
    sys.meta_path.insert(0, NoCheckers())
    for name in [m for m in sys.modules if m.startswith("dfkit.course.exercises.")]:
        del sys.modules[name]


def checker_files() -> tuple[str, ...]:
    """The folders that hold the keys: the checkers' modules, and the course's solutions and
    exercise cases (when this ``dfkit`` sits in a checkout of the course)."""
    import dfkit

    package = Path(dfkit.__file__).resolve().parent
    course = package.parent
    return tuple(str(p) for p in (package / "course" / "exercises", course / "solutions",
                                  course / "tests" / "exercise_cases") if p.exists())


# Audit events (Python docs, "Audit events table") that start another program: it would run
# without this process's hooks; ctypes runs native code that raises no "open" event; a link or
# a rename could swap a path between the hook's check and the open.
REFUSED_EVENTS = PROGRAM_EVENTS | frozenset({
    "os.link", "os.symlink", "os.rename",
    # the network: an answer that asks a server for its result (or sends it the hidden cases)
    "socket.__new__", "socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg",
    "socket.getaddrinfo"})  # __new__: no socket at all (listen() binds one by itself)
REFUSED_PREFIXES = ("ctypes.",)


def prime() -> None:
    """What honest libraries do once at import, done before the hooks refuse it: ``ctypes``
    loads the C library (numpy, scipy and TensorFlow import it), and TensorFlow asks
    ``platform.processor()``, which runs ``uname -p`` (cached after the first call). Then the
    low-level process launcher that ``subprocess`` uses (it raises no audit event) is removed,
    and so is starting a thread (:func:`refuse_threads`)."""
    import ctypes  # noqa: F401 - its import opens the C library (a ctypes.dlopen event)
    import platform

    import dfkit.course.exercises  # noqa: F401 - answers may hold its placeholder

    platform.processor()
    try:  # its font cache starts a timer thread at import, before threads are refused
        import matplotlib.font_manager  # noqa: F401
    except ImportError:
        pass
    _warm_features()
    try:
        import _posixsubprocess
    except ImportError:  # not POSIX
        return

    def fork_exec(*args, **kwargs):
        raise PermissionError("starting another program is refused while grading")

    _posixsubprocess.fork_exec = fork_exec
    refuse_threads()


def refuse_threads() -> None:
    """Starting a thread is refused while :data:`THREADS_REFUSED` holds True: while an answer
    is loaded (unpickling can run code that leaves a thread waiting) and while an answer runs
    under a checker's refusals (``dfkit.course.exercises.call_refusing`` watches the thread the
    answer runs in: a copy of a refused function run in another thread earned the points).
    Libraries start their threads at import (done in :func:`prime`) or natively (not Python's,
    not affected). Every Python name of the thread starter is replaced."""
    import _thread
    import threading

    start = _thread.start_new_thread

    def start_new_thread(*args, **kwargs):
        if THREADS_REFUSED[0]:
            raise PermissionError("starting a thread is refused while grading: an answer runs "
                                  "in one thread")
        return start(*args, **kwargs)

    _thread.start_new_thread = _thread.start_new = start_new_thread
    threading._start_new_thread = start_new_thread  # what Thread.start calls


THREADS_REFUSED = [False]  # set by _serve while an answer loads or runs under refusals


def _warm_features() -> None:
    """Compile (or load from numba's cache) the course's feature kernels: numba reaches LLVM
    through ctypes, refused once the hooks are on, so an answer that calls ``dfkit.features``
    needs them ready."""
    try:
        import numpy as np

        from dfkit import features

        batch = np.zeros((1, 8, 8, 3), np.uint8)
        gray = np.zeros((1, 8, 8), np.uint8)
        features.lbp(gray)
        features.histogram_heatmap(batch)
        features.feature_stack(batch)
        features.color_histograms(batch)
    except Exception:  # noqa: BLE001 - not warmed: an answer using them then fails, named
        pass


def refuse_checker_files(folders: tuple[str, ...]) -> None:
    """An audit hook (it cannot be removed) that refuses to open any file under ``folders``
    or any relative path (a ``dir_fd`` would escape the check; an answer takes arrays, not
    files), to start another program, to use ``ctypes`` or to link or rename a file: an answer
    that reads a checker's source (``exec(path.read_text())``) fails like an import of the
    checker does. Call :func:`prime` first."""
    roots = tuple(os.path.join(f, "") for f in folders)
    realpath, fsdecode, isabs = os.path.realpath, os.fsdecode, os.path.isabs

    def hook(event: str, args: tuple) -> None:
        if event in REFUSED_EVENTS or event.startswith(REFUSED_PREFIXES):
            raise PermissionError(f"{event} is refused while grading: an answer computes its "
                                  "result itself (no other programs, no ctypes, no network)")
        if event != "open" or not args or isinstance(args[0], int) or args[0] is None:
            return
        try:
            name = fsdecode(args[0])
            path = realpath(name)
        except (TypeError, ValueError, OSError):
            raise PermissionError(f"{args[0]!r} is refused while grading") from None
        if not isabs(name):
            raise PermissionError(f"{name}: a relative path is refused while grading "
                                  "(give the full path)")
        if path.startswith(roots) or os.path.join(path, "") in roots:
            raise PermissionError(f"{args[0]} holds the checkers and cannot be read while "
                                  "grading: an answer must be your own code")

    sys.addaudithook(hook)


def _call(target, args: list, kwargs: dict, request: dict, refused: list) -> dict:
    """The answer to a call request: ``target(*args, **kwargs)``'s reply. With the request's
    ``refuse`` and ``watch``, as ``dfkit.course.exercises.call_refusing`` does in a student's
    kernel: the functions it names refuse to run and copies of their code are watched for;
    ``refused[0]`` says whether the call ran one (set even when the call raised). Its result is
    then turned into plain data and encoded while the refusals still hold
    (``exercises.plain``): an object (a list subclass whose ``__iter__`` does the work, a
    property, ``__array__``) is refused unread, with ``NotPlain``, never kept as a handle that
    the checker would read after the refusals end."""
    refuse, watch = request.get("refuse") or [], request.get("watch") or []
    if not (refuse or watch):
        return _reply(target(*args, **kwargs))
    from dfkit.course import exercises  # imported by prime(), before the hooks

    if request.get("count_steps") is True:
        counts: collections.Counter = collections.Counter()
        with exercises.counting_steps(counts):
            answer = _call(target, args, kwargs, {**request, "count_steps": False}, refused)
        answer["steps"] = max(counts.values(), default=0)
        return answer

    functions = _functions_named(refuse)
    watch = [w for w in watch if isinstance(w, str)]
    exercises.REFUSED_CALLS.clear()
    copies: list = []
    THREADS_REFUSED[0] = True
    try:
        with exercises.refusing(functions, exercises._refused_call), \
                exercises.watching_code(watch) as copies:
            return {"value": encode(exercises.plain(target(*args, **kwargs)), strict=True)}
    finally:
        THREADS_REFUSED[0] = False
        refused[0] = bool(exercises.REFUSED_CALLS or copies)


_OBJECTS: dict[int, Any] = {}  # the sandbox's objects, by handle: loaded answers, results


def _reply(result) -> dict:
    """The answer for a result: its plain data, or a handle to it (kept in the sandbox)."""
    try:
        return {"value": encode(result, strict=True)}
    except Unencodable:
        pass
    try:  # an array-like (a TensorFlow or JAX tensor) travels as the numbers it holds
        if hasattr(result, "__array__") and not callable(getattr(result, "predict", None)):
            import numpy as np

            array = np.asarray(result)
            if not array.dtype.hasobject:
                return {"value": encode(array, strict=True)}
    except Exception:  # noqa: BLE001 - not an array after all: keep it as an object
        pass
    handle = max([*_OBJECTS, 999]) + 1
    _OBJECTS[handle] = result
    return {"handle": handle, "type": type(result).__name__}


def _functions_named(names: list) -> list:
    """The functions ``[module, qualified name]`` pairs name, unwrapped; a module that cannot
    be imported here (a checker's, which the sandbox refuses) or a name not found is skipped."""
    import importlib
    import inspect

    found = []
    for item in names:
        if not (isinstance(item, list) and len(item) == 2
                and all(isinstance(x, str) for x in item)):
            continue
        try:
            obj = importlib.import_module(item[0])
            for part in item[1].split("."):
                obj = getattr(obj, part)
        except Exception:  # noqa: BLE001 - not importable here: nothing to refuse
            continue
        obj = inspect.unwrap(obj)
        if inspect.isfunction(obj):
            found.append(obj)
    return found


def _serve() -> None:  # pragma: no cover - runs in the child process (tested through Sandbox)
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # the student's prints must not reach the protocol
    sys.stdout = sys.stderr
    prime()  # before the import hook, which refuses a fresh _ctypes
    refuse_checkers()
    refuse_checker_files(checker_files())
    objects, reply = _OBJECTS, _reply
    protocol.write(json.dumps({"ready": True}) + "\n")
    protocol.flush()

    def value(tree):
        if isinstance(tree, dict) and "__handle__" in tree:
            return objects[tree["__handle__"]]
        return decode(tree, allow_pickle=True)

    for line in sys.stdin:
        request = json.loads(line)
        op = request["op"]
        refused = [False]
        try:
            if op == "load":
                THREADS_REFUSED[0] = True
                try:
                    objects[request["id"]] = value(request["value"])
                finally:
                    THREADS_REFUSED[0] = False
                answer = {"value": None}
            elif op == "resolve":  # the grader's: import what a checker refuses
                _functions_named(request["refuse"])
                answer = {"value": None}
            else:
                target = objects[request["target"]]
                if op == "call":
                    args = [value(a) for a in request["args"]]
                    kwargs = {k: value(v) for k, v in request["kwargs"].items()}
                    answer = _call(target, args, kwargs, request, refused)
                elif op == "getattr":
                    answer = reply(getattr(target, request["name"]))
                elif op == "setattr":
                    setattr(target, request["name"], value(request["value"]))
                    answer = {"value": None}
                elif op == "getitem":
                    answer = reply(target[value(request["key"])])
                elif op == "len":
                    answer = reply(len(target))
                elif op == "names_used":  # imported by prime(), before the hooks
                    from dfkit.course.exercises import names_used

                    answer = reply(sorted(names_used(target, int(request["depth"]))))
                elif op == "reached_homes":
                    from dfkit.course.exercises import reached_homes

                    answer = reply(sorted(reached_homes(target)))
                elif op == "keeps_any":
                    from dfkit.course.exercises import keeps_any

                    spec = [(str(m), [str(n) for n in names]) for m, names in request["spec"]]
                    answer = reply(bool(keeps_any(target, spec)))
                elif op == "tables_reached":
                    from dfkit.course.exercises import tables_reached

                    answer = reply([list(t) for t in tables_reached(
                        target, int(request["size"]), int(request["depth"]))])
                else:  # list
                    answer = {"items": [reply(v) for v in list(target)]}
        except BaseException as exc:  # noqa: BLE001 - the student's error, reported by name
            answer = {"raised": type(exc).__name__, "message": str(exc)[:500]}
        if refused[0]:
            answer["refused"] = True
        protocol.write(json.dumps(answer) + "\n")
        protocol.flush()


if __name__ == "__main__":
    _serve()
