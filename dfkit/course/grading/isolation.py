"""Privilege separation: every job's kernel and sandbox run as a uid of their own.

When the grader runs as root (as it does on the grading machine and in CI), each submission
gets a uid of its own (``BASE_UID + k``; no passwd entry is needed). Its job folder is chowned
to that uid with mode 0700 (no other job, and no other student, can read or write it); the
kernel, ``execute.py`` and the sandbox are started with :func:`drop` as their ``preexec_fn``
(no supplementary groups, the job's gid and uid, umask 077), with ``HOME`` and ``TMPDIR`` in
the job folder. When the job ends, :func:`kill_all` kills every process of that uid (a daemon
the student started with a new session included) and removes what the uid left in the folders
any uid can write (:func:`shared_places`) and its System V shared memory (:func:`remove_ipc`),
and the grader reads the job's answers right then.
That uid can read the virtualenv and the repository only where they are world-readable, and
write only its job folder (and world-writable places such as ``/tmp``, which no grader reads).
Each job process also has its caps (:func:`~.limits.limit_resources`): memory, the size of
one file, and its uid's processes and threads.

When the grader is not root, or a job's uid cannot run its Python, none of this is possible:
the grader then stops (:func:`unavailable`) unless the instructor chose ``--no-isolation``,
and grades as its own user, which a hostile submission can abuse (read other submissions,
the instructor's files and environment, change the grader's code).
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from dfkit.course.grading import access

BASE_UID = 60000
NOT_ROOT = "the grader is not running as root"
RISK = ("every notebook runs as you: it can read your files and the other submissions, change "
        "the grader's code and read the grading secret")
SHARED_TEMP = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/dev/mqueue")  # any uid can write
SYSV_IPC = (("shm", "-m"), ("msg", "-q"), ("sem", "-s"))  # /proc/sysvipc/NAME, ipcrm's flag
_counter = itertools.count()
_lock = threading.Lock()
_broken: list[str] = []  # why a job's uid cannot run the grader's Python (see check)


def isolating() -> bool:
    """True when jobs run as uids of their own (the grader is root, on a POSIX system, and a
    job's uid can run the interpreter: :func:`check`)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0 and not _broken


def why_not() -> str | None:
    """Why jobs do not run as uids of their own (None when they do)."""
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        return NOT_ROOT
    return _broken[-1] if _broken else None


def check() -> str | None:
    """Try the grader's Python, the repository and the virtualenv as a fresh uid; None when it
    works, else why not (the path the uid cannot reach, when one is to blame; isolation is then
    off for this process: :func:`why_not`)."""
    if not isolating():
        return None
    uid = new_uid()
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "PYTHONPATH", "LANG")}
    pythons = [sys.executable]
    try:  # the kernel's interpreter (its kernelspec) too
        from jupyter_client.kernelspec import get_kernel_spec

        pythons.append(get_kernel_spec("python3").argv[0])
    except Exception:  # noqa: BLE001 - no such kernelspec: nbclient will say so per notebook
        pass
    why = None
    for python in dict.fromkeys(pythons):
        try:
            done = subprocess.run([python, "-P", "-c",
                                   "import dfkit.course.grading.execute, nbclient, ipykernel"],
                                  cwd="/", env=env, preexec_fn=drop(uid), capture_output=True,
                                  text=True, timeout=300)
            if done.returncode:
                why = f"{python}: " + (done.stderr.strip().splitlines() or ["?"])[-1]
        except (OSError, subprocess.SubprocessError) as exc:
            why = f"{python}: {type(exc).__name__}: {exc}"
        if why:
            blocked = next(filter(None, map(access.unreachable, _needed(python))), None)
            why = f"{python}: {blocked}" if blocked else why
            break
    kill_all(uid)
    if why:
        _broken.append(f"a job's uid cannot run the grader's Python with its packages ({why})")
        return _broken[-1]
    return None


def _needed(python: str) -> list[Path]:
    """What a job's uid must read to run ``python -m dfkit.course.grading.execute``."""
    import dfkit

    paths = [Path(python), Path(sys.prefix), Path(sys.base_prefix), Path(dfkit.__file__).parent]
    for name in ("nbclient", "ipykernel"):
        try:
            module = __import__(name)
            paths.append(Path(module.__file__).parent)
        except ImportError:
            pass
    return paths


def unavailable(why: str) -> str:
    """The error when jobs cannot run as uids of their own: why, and the two ways on."""
    if why == NOT_ROOT:
        fix = "grade as root (each job then runs as a uid of its own)"
    else:
        fix = ("let every user read the interpreter and the virtualenv: `chmod o+x` each folder "
               "above them and `chmod -R o+rX` the Python and the virtualenv, or install them "
               "outside /root (for example `python3 -m venv /opt/dfkit-venv && "
               "/opt/dfkit-venv/bin/pip install -e .`) and grade with that Python")
    return (f"error: cannot run each notebook as a uid of its own: {why}. Either {fix}, or "
            f"pass --no-isolation to grade without it (then {RISK}: only in a throw-away "
            "container or machine). Nothing was graded.")


def new_uid() -> int | None:
    """A fresh uid for one job (None when not isolating). Offset by the grader's pid so that two
    grading runs at once do not share uids."""
    if not isolating():
        return None
    with _lock:
        k = next(_counter)
    return BASE_UID + (os.getpid() % 4000) * 1000 + k % 1000


def hand_over(folder: Path, uid: int | None) -> None:
    """Give ``folder`` (recursively) to ``uid``, mode 0700 for the folder itself. Only folders
    and plain files with a single link, owned by the grader or already by ``uid``, are given,
    each through a descriptor opened without following a link (``fchown``: nothing is swapped
    between the check and the chown). A hard link (an earlier process of ``uid`` can link a
    grader's file into the folder where ``fs.protected_hardlinks`` is 0), a symbolic link, a
    FIFO or a socket, or another owner's file keeps its owner; a ``folder`` that is a link is
    refused (root would otherwise give away whatever it points to)."""
    folder = Path(folder)
    if uid is None:
        return
    if folder.is_symlink() or not folder.is_dir():
        raise RuntimeError(f"refusing to hand over {folder}: not a plain folder (a link?)")
    owners = (os.geteuid(), uid)
    for _root, dirs, files, root_fd in os.fwalk(folder, follow_symlinks=False):
        for name in [*dirs, *files]:
            _give(name, root_fd, uid, owners)
    top = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        os.fchown(top, uid, uid)
        os.fchmod(top, 0o700)
    finally:
        os.close(top)


def _give(name: str, dir_fd: int, uid: int, owners: tuple[int, int]) -> bool:
    """Give ``name`` (in the folder open as ``dir_fd``) to ``uid`` when it is a folder, or a
    plain file with one link, owned by one of ``owners``; whether it was given."""
    import stat as stat_module

    try:
        seen = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except OSError:
        return False
    if not (stat_module.S_ISDIR(seen.st_mode) or stat_module.S_ISREG(seen.st_mode)):
        return False  # a link, FIFO, socket or device: never opened
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY,
                     dir_fd=dir_fd)
    except OSError:
        return False
    try:
        found = os.fstat(fd)
        plain = stat_module.S_ISDIR(found.st_mode) or (stat_module.S_ISREG(found.st_mode)
                                                       and found.st_nlink == 1)
        if not (plain and found.st_uid in owners
                and (found.st_dev, found.st_ino) == (seen.st_dev, seen.st_ino)):
            return False
        os.fchown(fd, uid, uid)
        return True
    finally:
        os.close(fd)


def drop(uid: int | None, then=None):
    """A ``preexec_fn``: run ``then`` (the memory cap), then become ``uid`` for good."""

    def apply() -> None:
        if then is not None:
            then()
        if uid is not None:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            os.umask(0o077)

    return apply


def kill_all(uid: int | None) -> list[str]:
    """Kill every process of ``uid``: ``kill(-1, SIGKILL)`` from a process of that uid (the
    system's ``kill -9 -1``; the grader's Python where there is none); then remove what it
    left in the shared temporary folders (:func:`remove_leftovers`) and its System V objects.
    Never raises: what could not be cleared, one line each, for the notebook's flag (a 3,000
    folders deep tree in /tmp stopped the whole class's grading, review 18)."""
    if uid is None:
        return []
    _kill_processes(uid)
    problems: list[str] = []
    for clear in (remove_leftovers, remove_ipc):
        try:
            clear(uid, problems=problems)
        except Exception as exc:  # noqa: BLE001 - one job's files never stop the class
            problems.append(f"{clear.__name__}: {type(exc).__name__}: {exc}"[:200])
    return problems


def _kill_processes(uid: int) -> None:
    tool = next((t for t in ("/usr/bin/kill", "/bin/kill") if os.access(t, os.X_OK)), None)
    command = [tool, "-9", "-1"] if tool else [sys.executable, "-I", "-S", "-c",
                                               "import os; os.kill(-1, 9)"]
    for _ in range(2):
        try:
            subprocess.run(command, preexec_fn=drop(uid), stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env={}, check=False, timeout=60)
        except (OSError, subprocess.SubprocessError):
            pass


def shared_places(roots=("/", "/run", "/var", "/dev")) -> list[str]:
    """The folders any uid can write (:data:`SHARED_TEMP`, and every world-writable folder one
    level under ``roots``), with the world-writable folders one level inside them: where a
    job's uid can leave files that outlive it."""
    found = list(SHARED_TEMP)
    for root in roots:
        found += _world_writable_in(root)
    for place in list(found):
        found += _world_writable_in(place)
    return list(dict.fromkeys(found))


def _world_writable_in(folder: str) -> list[str]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    found = []
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False) and \
                    entry.stat(follow_symlinks=False).st_mode & 0o002:
                found.append(entry.path)
        except OSError:
            pass
    return found


def remove_ipc(uid: int | None, tables: str = "/proc/sysvipc", run=subprocess.run,
               problems: list | None = None) -> list[str]:
    """Remove the System V shared memory segments, message queues and semaphores ``uid``
    owns or created (``ipcrm``): a segment outlives its process, holds memory past the job's cap and can
    be read by a later job. What was removed (``shm:ID``...)."""
    import shutil

    removed: list[str] = []
    tool = shutil.which("ipcrm")
    if uid is None or tool is None:
        return removed
    for name, flag in SYSV_IPC:
        try:
            lines = Path(tables, name).read_text().splitlines()
        except OSError:
            continue
        if not lines:
            continue
        header = lines[0].split()
        if "uid" not in header:
            continue
        # its owner, or its creator: a job can hand a segment to another uid (IPC_SET)
        columns = [header.index(c) for c in ("uid", "cuid") if c in header]
        at_id = 1  # key, then the id, in every table
        for line in lines[1:]:
            fields = line.split()
            if any(len(fields) > c and fields[c] == str(uid) for c in columns):
                try:
                    done = run([tool, flag, fields[at_id]], capture_output=True, check=False,
                               timeout=30)
                except (OSError, subprocess.SubprocessError) as exc:
                    if problems is not None:
                        problems.append(f"could not remove {name} {fields[at_id]}: {exc}"[:200])
                    continue
                if done.returncode == 0:
                    removed.append(f"{name}:{fields[at_id]}")
    return removed


def remove_leftovers(uid: int | None, places=None, problems: list | None = None) -> list[str]:
    """Remove the files and folders ``uid`` owns at the top of ``places`` (by default every
    folder any uid can write, :func:`shared_places`: a job's files in ``/dev/shm`` hold
    memory, and those in ``/tmp`` or ``/var/tmp`` disk, after the job; a later job could
    read them); what was removed. No link is ever followed: each place is opened without
    following one (another job swapped its world-writable folder for a link to the grader's
    scratch folder, and a classmate's job folder was removed through it), and every entry is
    removed through that folder's descriptor (:func:`remove_tree`, without recursion: a tree
    of any depth). Never raises for one entry: what could not be removed is added to
    ``problems``. Call it only when no process of ``uid`` is left."""
    import stat as stat_module

    removed: list[str] = []
    problems = [] if problems is None else problems
    if uid is None:
        return removed
    for place in shared_places() if places is None else places:
        try:
            folder = os.open(place, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:  # gone, or a link now
            continue
        try:
            try:
                names = os.listdir(folder)
            except OSError:
                names = []
            for name in names:
                try:
                    found = os.stat(name, dir_fd=folder, follow_symlinks=False)
                except OSError:
                    continue  # gone since
                if found.st_uid != uid:
                    continue
                try:
                    if stat_module.S_ISDIR(found.st_mode):
                        failed = remove_tree(name, folder)
                    else:
                        os.unlink(name, dir_fd=folder)
                        failed = []
                except Exception as exc:  # noqa: BLE001 - one entry never stops the rest
                    failed = [f"{type(exc).__name__}: {exc}"]
                if failed:
                    problems.append(f"could not remove {os.path.join(place, name)}: "
                                    f"{failed[0]}"[:200])
                else:
                    removed.append(os.path.join(place, name))
        finally:
            os.close(folder)
    return removed


REMOVE_STEPS = 1_000_000  # passes of remove_tree over its top folder, at most


def remove_tree(name: str, dir_fd: int) -> list[str]:
    """Remove the folder ``name`` of the folder open as ``dir_fd``, with all it holds, without
    recursion and never following a link: each folder inside is moved up into the top one
    (renamed, through descriptors) and removed once empty, so at most three folders are open
    at once, however deep the tree (``shutil.rmtree`` raised RecursionError on a tree 3,000
    folders deep: review 18). What could not be removed, one line each (empty: all gone)."""
    import stat as stat_module

    problems: list[str] = []
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
    top = os.open(name, flags, dir_fd=dir_fd)
    try:
        moved = steps = 0
        stuck: set[str] = set()  # entries of the top folder that could not be removed
        while True:
            steps += 1
            if steps > REMOVE_STEPS:  # another job's uid keeps filling a folder it may write
                problems.append(f"{name}: still not empty after {REMOVE_STEPS} passes")
                break
            try:
                entries = sorted(set(os.listdir(top)) - stuck)
            except OSError as exc:
                problems.append(f"{name}: {exc}")
                break
            if not entries:
                break
            for entry in entries:
                try:
                    found = os.stat(entry, dir_fd=top, follow_symlinks=False)
                    if not stat_module.S_ISDIR(found.st_mode):
                        os.unlink(entry, dir_fd=top)
                        continue
                    inner = os.open(entry, flags, dir_fd=top)
                    try:
                        for child in os.listdir(inner):
                            moved += 1
                            up = f".dfkit-up-{moved}"
                            while _exists(up, top):
                                moved += 1
                                up = f".dfkit-up-{moved}"
                            os.rename(child, up, src_dir_fd=inner, dst_dir_fd=top)
                    finally:
                        os.close(inner)
                    os.rmdir(entry, dir_fd=top)
                except FileNotFoundError:
                    pass
                except Exception as exc:  # noqa: BLE001 - left, and said; the rest goes on
                    stuck.add(entry)
                    problems.append(f"{entry}: {type(exc).__name__}: {exc}")
    finally:
        os.close(top)
    if not problems:
        try:
            os.rmdir(name, dir_fd=dir_fd)
        except OSError as exc:
            problems.append(f"{name}: {exc}")
    return problems


def remove_folder(path, follow_parent: bool = False) -> list[str]:
    """:func:`remove_tree` of the folder at ``path``, through its parent folder's descriptor
    (the parent opened without following a link, unless ``follow_parent``); a folder already
    gone is no problem. What could not be removed, one line each; never raises."""
    flags = os.O_RDONLY | os.O_DIRECTORY | (0 if follow_parent else os.O_NOFOLLOW)
    parent, name = os.path.split(os.fspath(path))
    try:
        folder = os.open(parent, flags)
    except OSError as exc:
        return [f"{parent}: {exc}"]
    try:
        return remove_tree(name, folder)
    except FileNotFoundError:
        return []
    except Exception as exc:  # noqa: BLE001 - said to the caller, never raised
        return [f"{name}: {type(exc).__name__}: {exc}"[:200]]
    finally:
        os.close(folder)


def _exists(name: str, dir_fd: int) -> bool:
    try:
        os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
