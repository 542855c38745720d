"""Execute one submission in a fresh kernel and copy out its answers (a child process).

``python -m dfkit.course.grading.execute JOB.json`` is what the grader starts per notebook
(so ``--jobs`` runs several at once and a hung one can be killed with its kernel). The job
names the notebook, its working folder, the profile, the limits and the *plan*: after which
cells to copy which names. The kernel gets :func:`~dfkit.course.grading.limits.child_env`
(allow-listed, temporary home) and the memory cap; the whole notebook shares one time budget.
After every planned cell and once at the end (also after a crash or a timeout, when the kernel
still answers) an injected call of :func:`dfkit.course.grading.capture.snapshot` writes the
named values to ``answers.jsonl``; the job's result goes to ``result.json``. A snapshot that
fails or runs out of its time (an answer too slow to copy) is listed in the result's ``lost``
and the notebook goes on: its exercises are then judged from the final snapshot.

Each snapshot carries a token drawn here (:func:`secrets.token_hex`) the moment it is injected:
the kernel never sees it before that snapshot runs. Right after it, this process reads the
line carrying the token back from ``answers.jsonl`` and reports ``(label, token, sha256 of the
line)`` to the grader over a pipe (``REPORT_FD``, never inherited by the kernel), and at the end
the result; the grader reads only the first line of each issued token whose bytes match
(:func:`~dfkit.course.grading.verdicts.read_answers`), so a line the notebook appended or
rewrote itself counts for nothing (and is flagged). This process makes itself non-dumpable
(``PR_SET_DUMPABLE`` 0), so that the kernel, which runs as the same uid, can neither ptrace it
nor read its ``/proc/PID/mem``, ``fd`` or ``environ``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import sys
import time
from pathlib import Path

FINAL = "final"
SNAPSHOT_SECONDS = 60  # by default (the job's snapshot_seconds), never past the notebook's budget
# (+ GRACE for the final one)
GRACE_SECONDS = 10
KERNEL_STARTS = 3  # a kernel that dies before it answers is started again, twice at most
SNAPSHOT = ('__import__("dfkit.course.grading.capture", fromlist=["snapshot"])'
            '.snapshot(globals(), {names!r}, {path!r}, {label!r}, {token!r})')
TOKEN = re.compile(rb'^\{"label": "([a-z]+(?::\d{1,9})?)", "token": "([0-9a-f]{32})"')
PR_SET_DUMPABLE = 4


def snapshot_cell(names: list[str], path: Path, label: str, token: str | None = None):
    """The injected cell that copies ``names`` to ``path`` under ``label`` and ``token``."""
    import nbformat

    return nbformat.v4.new_code_cell(SNAPSHOT.format(names=sorted(names), path=str(path),
                                                     label=label, token=token))


def undumpable() -> bool:
    """Make this process non-dumpable: a process of the same uid (the kernel) can then neither
    ptrace it nor read its ``/proc/PID/mem``, ``fd``, ``environ``. False where it could not."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0
    except (OSError, AttributeError):  # not Linux
        return False


def line_digest(path: Path, token: str, start: int = 0) -> tuple[str | None, int]:
    """(sha256 of the first line from byte ``start`` on that carries ``token``, or None; the
    file's size): read a line at a time in bounded pieces."""
    want = token.encode()
    try:
        with open(path, "rb") as stream:
            size = stream.seek(0, os.SEEK_END)
            stream.seek(start if start <= size else 0)
            while True:
                head = stream.readline(1 << 20)
                if not head:
                    return None, size
                digest, line = hashlib.sha256(head), head
                while line and not line.endswith(b"\n"):
                    line = stream.readline(1 << 20)
                    digest.update(line)
                found = TOKEN.match(head)
                if found and found.group(2) == want:
                    return digest.hexdigest(), size
    except OSError:
        return None, start


class _Snapshots:
    """Draws each snapshot's token and reports what it wrote to the grader."""

    def __init__(self, answers: Path, report):
        self.answers, self.report, self.offset = answers, report, 0
        self.issued: list[tuple[str, str, str]] = []
        self.lost: list[str] = []  # labels of the snapshots that failed or ran out of time

    def run(self, client, nb, names: list[str], label: str) -> None:
        """Take one snapshot; one that fails or times out is recorded in ``lost`` (the kernel
        was interrupted) and the notebook goes on. A dead kernel still raises."""
        from nbclient.exceptions import CellExecutionError, CellTimeoutError

        token = secrets.token_hex(16)  # drawn now: the kernel cannot know it before it runs
        try:
            _run_extra(client, nb, snapshot_cell(names, self.answers, label, token))
        except (CellExecutionError, CellTimeoutError):
            self.lost.append(label)
        digest, self.offset = line_digest(self.answers, token, self.offset)
        if digest is not None:
            self.issued.append((label, token, digest))
            self.report({"issued": [label, token, digest]})


def execute(job: dict, report=None) -> dict:
    """Run the notebook of ``job``: ``{"stopped": why or None, "stop_cell": index or None,
    "seconds": s, "lost": [label, ...], "issued": [[label, token, sha256], ...]}``; ``report``
    (when given) receives each snapshot's ``{"issued": [...]}`` as it is taken. A kernel that
    dies before it answers (no cell has run) is started again, ``KERNEL_STARTS`` times in all."""
    import nbformat

    from dfkit.course.grading.limits import child_env

    workdir = Path(job["workdir"])
    answers = workdir / "answers.jsonl"
    nb = nbformat.read(job["notebook"], as_version=4)
    home = workdir / "home"
    env = child_env(home, profile=job.get("profile"), cache=job.get("cache"))
    snapshot = int(job.get("snapshot_seconds", SNAPSHOT_SECONDS))
    snaps = _Snapshots(answers, report or (lambda _: None))
    started = time.monotonic()
    stopped, stop_cell = None, None
    for attempt in range(1, KERNEL_STARTS + 1):
        ran = _Ran()
        try:
            stopped, stop_cell = _run_cells(nb, job, env, workdir, snaps, snapshot, ran)
        except Exception as exc:  # noqa: BLE001 - the kernel did not start, the snapshot failed, ...
            if not ran.began and attempt < KERNEL_STARTS:
                # no cell ran: the kernel died at its start (two launches racing for a port),
                # not the student's code; start a fresh one
                time.sleep(attempt)
                continue
            stopped = f"the notebook could not run: {type(exc).__name__}: {exc}"[:500]
            if ran.began:
                stopped, stop_cell = ran.stopped or stopped, ran.stop_cell
        break
    return {"stopped": stopped, "stop_cell": stop_cell,
            "seconds": round(time.monotonic() - started, 1), "lost": snaps.lost,
            "issued": snaps.issued}


class _Ran:
    """How far one start got: ``began`` once the kernel answered (a cell may then run)."""

    def __init__(self):
        self.began, self.stopped, self.stop_cell = False, None, None


def _run_cells(nb, job: dict, env: dict, workdir: Path, snaps: _Snapshots, snapshot: int,
               ran: _Ran) -> tuple[str | None, int | None]:
    """Start a kernel and run the notebook's code cells with the planned snapshots:
    (why it stopped or None, the cell it stopped at or None)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    client = NotebookClient(nb, kernel_name="python3", timeout=60, interrupt_on_timeout=True,
                            resources={"metadata": {"path": str(workdir)}})
    plan = {int(k): v for k, v in job["plan"].items()}
    alive = True
    with client.setup_kernel(env=env):
        ran.began = True
        # the budget is the notebook's: it starts once the kernel is up
        deadline = time.monotonic() + float(job["notebook_seconds"])
        for index, cell in enumerate(list(nb.cells)):
            if cell.cell_type != "code":
                continue
            client.timeout = max(1, int(deadline - time.monotonic()))
            try:
                client.execute_cell(cell, index)
            except (CellExecutionError, CellTimeoutError) as exc:
                if time.monotonic() >= deadline - 1:
                    ran.stopped = (f"the notebook ran out of time "
                                   f"({float(job['notebook_seconds']):g} s) in cell {index + 1}")
                else:
                    name = getattr(exc, "ename", type(exc).__name__)
                    ran.stopped = (f"the notebook stopped at cell {index + 1} with {name}: "
                                   f"{getattr(exc, 'evalue', exc)}")
                ran.stop_cell = index
                break
            except DeadKernelError:
                ran.stopped, alive = f"the kernel died in cell {index + 1} (out of memory?)", False
                ran.stop_cell = index
                break
            if index in plan:  # the notebook's time: a slow snapshot is the student's
                client.timeout = max(1, min(snapshot, int(deadline - time.monotonic())))
                snaps.run(client, nb, plan[index], f"cell:{index}")
        if alive:
            client.timeout = max(1, min(snapshot,
                                        int(deadline - time.monotonic()) + GRACE_SECONDS))
            snaps.run(client, nb, job["final"], FINAL)
    return ran.stopped, ran.stop_cell


def _run_extra(client, nb, cell) -> None:
    """Execute a grader cell (appended: nbclient stores each executed cell at its index)."""
    nb.cells.append(cell)
    client.execute_cell(cell, len(nb.cells) - 1, store_history=False)


def main(argv: list[str]) -> int:
    """``execute.py JOB.json [REPORT_FD]``: run the job; report to the grader's pipe (else to
    ``result.json``, for a run by hand: a file the kernel could rewrite)."""
    undumpable()
    job = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    if len(argv) < 2:
        result = execute(job)
        Path(job["workdir"], "result.json").write_text(json.dumps(result), encoding="utf-8")
        return 0
    fd = int(argv[1])
    os.set_inheritable(fd, False)  # the kernel this process starts never holds it
    with os.fdopen(fd, "w", encoding="utf-8") as pipe:
        def report(record: dict) -> None:
            pipe.write(json.dumps(record) + "\n")
            pipe.flush()

        result = execute(job, report)
        report({"result": {k: v for k, v in result.items() if k != "issued"}})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
