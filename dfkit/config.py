"""Course-wide settings chosen by two switches: the profile and the dataset location.

``DFKIT_PROFILE`` picks how big every experiment is (``ci``, ``laptop`` — the default —
or ``paper``); ``DFKIT_DATA`` points at a real dataset folder, and when it is unset the
course uses the embedded synthetic face set, generated on first use.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from dfkit.exceptions import ProfileError  # noqa: F401 (part of this module's interface)

PROFILE_ENV = "DFKIT_PROFILE"
DATA_ENV = "DFKIT_DATA"
CACHE_ENV = "DFKIT_CACHE"
SYNTHETIC = "synthetic"
# the profile a grader judges one submission in (its own $DFKIT_PROFILE may differ): set by
# :func:`using_profile`, per thread, so checkers that rerun a chapter's step rerun the student's
_JUDGED_PROFILE: contextvars.ContextVar[str | None] = contextvars.ContextVar("dfkit_profile",
                                                                             default=None)



@dataclass(frozen=True)
class Profile:
    """How large every experiment in the course is; one switch changes all chapters."""

    name: str
    n_images: int  # balanced subset size (half real, half fake)
    image_size: int  # square side the images are resized to
    epochs: int
    batch_size: int
    tuner_trials: int
    seed: int = 42
    val_fraction: float = 0.1
    test_fraction: float = 0.2

    def as_dict(self) -> dict:
        return asdict(self)


PROFILES: dict[str, Profile] = {
    # Tiny: every notebook under nbval on a 2-core CPU in well under a minute.
    "ci": Profile("ci", n_images=320, image_size=64, epochs=2, batch_size=32, tuner_trials=2),
    # A laptop CPU: minutes per chapter, results that mean something.
    "laptop": Profile("laptop", n_images=1200, image_size=64, epochs=10, batch_size=32, tuner_trials=3),
    # The paper: 8,000 images, 128x128, 20 epochs, 5 Keras Tuner trials (use a GPU).
    "paper": Profile("paper", n_images=8000, image_size=128, epochs=20, batch_size=32, tuner_trials=5),
}
DEFAULT_PROFILE = "laptop"


def get_profile(name: str | None = None, **overrides) -> Profile:
    """Return the profile named ``name``, else the one :func:`using_profile` set, else
    ``$DFKIT_PROFILE``, else the laptop default."""
    name = (name or _JUDGED_PROFILE.get() or os.environ.get(PROFILE_ENV)
            or DEFAULT_PROFILE).strip().lower()
    if name not in PROFILES:
        raise ProfileError(
            f"Unknown profile {name!r} (from {PROFILE_ENV} or the argument). "
            f"Choose one of: {', '.join(PROFILES)}."
        )
    return replace(PROFILES[name], **overrides) if overrides else PROFILES[name]


@contextlib.contextmanager
def using_profile(name: str | None) -> Iterator[None]:
    """Within the block (in this thread only), :func:`get_profile` without a name returns the
    profile ``name``: the grader judges each submission in the profile it ran in."""
    token = _JUDGED_PROFILE.set(name or None)
    try:
        yield
    finally:
        _JUDGED_PROFILE.reset(token)


def project_root() -> Path | None:
    """The course checkout that holds this package, or None when dfkit is pip-installed."""
    here = Path(__file__).resolve().parent.parent
    return here if (here / "pyproject.toml").exists() and (here / "chapters").is_dir() else None


def cache_dir() -> Path:
    """Where generated data goes: ``$DFKIT_CACHE``, else the checkout's ``data/``, else ~/.cache/dfkit."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    root = project_root()
    return root / "data" if root else Path.home() / ".cache" / "dfkit"


def data_source() -> str:
    """``'synthetic'`` or the absolute path of the real dataset named by ``$DFKIT_DATA``.

    Resolved here, once: a relative ``DFKIT_DATA=.`` recorded as such in a run's config.json
    would name another folder as soon as the run is evaluated from elsewhere."""
    value = os.environ.get(DATA_ENV, "").strip()
    if not value or value.lower() == SYNTHETIC:
        return SYNTHETIC
    return str(Path(value).expanduser().resolve())


def describe(profile: Profile | None = None) -> str:
    """Which profile and dataset a chapter runs on, and how to change them, in four short lines
    (every chapter prints it: a student who opens chapter 07 on Colab first has not read
    chapter 00's set-up, which explains the line in full)."""
    profile = profile or get_profile()
    source = data_source()
    where = "embedded synthetic faces" if source == SYNTHETIC else f"folder {source}"
    return (
        f"dfkit profile '{profile.name}': {profile.n_images} images at "
        f"{profile.image_size}x{profile.image_size}, {profile.epochs} epochs, "
        f"{profile.tuner_trials} tuner trials, seed {profile.seed}\ndataset: {where}\n"
        "to change them, add a cell at the very top, then restart and run all:\n"
        f'  import os; os.environ["{PROFILE_ENV}"] = "ci"  # or {DATA_ENV}: a folder'
    )


def cpu_count() -> int:
    """The cores this process may run on (CPU affinity, as containers and Colab set it), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # macOS and Windows have no sched_getaffinity
        return os.cpu_count() or 1


@functools.lru_cache(maxsize=1)
def source_digest() -> str:
    """A digest of dfkit's own source (every ``.py`` file of the package): what a result kept
    on disk depends on beyond its inputs, so a change to the code makes it afresh."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
