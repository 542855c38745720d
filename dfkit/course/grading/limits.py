"""What a submission may use: an allow-listed environment, a temporary home, time and memory.

The kernel and the sandbox never inherit the instructor's environment (tokens, keys, the
grading secret): :func:`child_env` passes only the variables in :data:`ALLOWED` (and the
course's own ``DFKIT_*`` settings, less the grading ones) and points ``HOME``, ``TMPDIR`` and
the tool folders at a fresh folder. Memory is capped with ``RLIMIT_AS`` (address space, which
TensorFlow fits in at 6 GiB), set in the process that starts the kernel so the kernel inherits it.
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
    and seconds for all the hidden cases of one exercise (0: no budget but the per-case one)."""

    notebook_seconds: float = 600.0
    call_seconds: float = 30.0
    memory_gb: float = 6.0
    exercise_seconds: float = 300.0


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


def limit_memory(memory_gb: float):
    """A ``preexec_fn`` / initializer that caps this process (and its children) at ``memory_gb``."""

    def apply() -> None:
        if memory_gb and memory_gb > 0:
            cap = int(memory_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    return apply
