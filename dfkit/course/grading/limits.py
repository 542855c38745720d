"""What a submission may use: an allow-listed environment, a temporary home, time and memory.

The kernel and the sandbox never inherit the instructor's environment (tokens, keys, the
grading secret): :func:`child_env` passes only the variables in :data:`ALLOWED` (and the
course's own ``DFKIT_*`` settings, less the grading ones) and points ``HOME``, ``TMPDIR`` and
the tool folders at a fresh folder. :func:`limit_resources` caps, in the process that starts
the kernel (so the kernel and whatever it starts inherit it), memory with ``RLIMIT_AS`` (address
space, which TensorFlow fits in at 6 GiB), the size of any one file written with
``RLIMIT_FSIZE``, and, when the job runs as a uid of its own, its processes and threads with
``RLIMIT_NPROC`` (a fork bomb stops at the cap instead of taking the machine).
"""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass
from pathlib import Path

ALLOWED = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "PYTHONPATH", "VIRTUAL_ENV",
           "CUDA_VISIBLE_DEVICES", "OMP_NUM_THREADS", "SYSTEMROOT")
PRIVATE_PREFIXES = ("DFKIT_GRADE", "DFKIT_STRICT")


@dataclass(frozen=True)
class Limits:
    """Per submission: seconds for the whole notebook, seconds per hidden case, GiB of memory,
    seconds for all the hidden cases of one exercise (0: no budget but the per-case one), and
    seconds for copying the answers once (a snapshot; within the notebook's own time)."""

    notebook_seconds: float = 600.0
    call_seconds: float = 30.0
    memory_gb: float = 6.0
    exercise_seconds: float = 300.0
    snapshot_seconds: float = 60.0


def child_env(home: Path, profile: str | None = None, cache: str | None = None) -> dict[str, str]:
    """The environment of a kernel or sandbox whose home is ``home``."""
    env = {k: v for k, v in os.environ.items() if k in ALLOWED}
    env.update({k: v for k, v in os.environ.items()
                if k.startswith("DFKIT_") and not k.startswith(PRIVATE_PREFIXES)})
    home = Path(home)
    for name, sub in (("HOME", ""), ("TMPDIR", "tmp"), ("IPYTHONDIR", ".ipython"),
                      ("MPLCONFIGDIR", ".matplotlib"), ("JUPYTER_CONFIG_DIR", ".jupyter"),
                      ("XDG_CACHE_HOME", ".cache")):
        path = home / sub if sub else home
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    env.update({"PYTHONHASHSEED": "0", "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONUNBUFFERED": "1"})
    if profile:
        env["DFKIT_PROFILE"] = profile
    if cache:
        env["DFKIT_CACHE"] = cache
    return env


FILE_MAX_BYTES = 4 << 30  # any one file a job writes (its answers are read up to 1 GiB)
PROCESSES_MAX = 4096  # processes and threads of a job's own uid (TensorFlow's pools fit)


def limit_resources(memory_gb: float, own_uid: bool = False):
    """A ``preexec_fn`` / initializer that caps this process (and its children): ``memory_gb``
    of address space, :data:`FILE_MAX_BYTES` per file and, when ``own_uid`` (the job's uid
    runs nothing else; the count is per uid), :data:`PROCESSES_MAX` processes and threads."""

    def apply() -> None:
        if memory_gb and memory_gb > 0:
            cap = int(memory_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_MAX_BYTES, FILE_MAX_BYTES))
        if own_uid:
            resource.setrlimit(resource.RLIMIT_NPROC, (PROCESSES_MAX, PROCESSES_MAX))

    return apply
