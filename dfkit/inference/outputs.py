"""Where ``predict`` writes (its CSV and Grad-CAM overlays), checked before any scoring, so that
it never writes onto a photo it scores or a file it did not make, and one bad name loses nothing.

* :func:`check_csv` and :func:`prepare_overlay_folder`: a one-line :class:`PredictError` naming
  the path and the fix, before the model is even loaded.
* :func:`write_csv`: a temporary file in the same folder, renamed over the target once complete,
  so a failure never leaves a truncated table (nor destroys the earlier one).
* :func:`overlay_refusal`: why one overlay may not be written at its path (or None).
* :func:`display_name`: a path as text that can always be printed and saved (see its docstring).

Files dfkit wrote are recognised by their content: a CSV whose header is the table's, a PNG that
carries :data:`OVERLAY_MARK` in its ``Software`` text chunk. Those are replaced by a new run (an
earlier ``out.csv`` is overwritten); anything else needs ``--force``; an input photo, never.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pandas as pd
from PIL import Image, PngImagePlugin

from dfkit.data.image_file import read_regular
from dfkit.exceptions import PredictError
from dfkit.file_modes import new_file_mode

OVERLAY_MARK = "dfkit predict Grad-CAM"  # the Software text chunk of every overlay PNG
CSV_HEADER = "file,face,box,p_fake,verdict,note"  # how a table written by predict starts


def display_name(path: str | os.PathLike) -> str:
    """``path`` as text; a name that is not valid UTF-8 keeps its odd bytes as ``\\xNN`` escapes.

    Python reads such a name (``caf\\xe9.jpg`` in Latin-1) with surrogate characters, which
    cannot be printed to a UTF-8 terminal or file; backslashreplace shows each odd byte as
    ``\\xe9``, so the CSV stays valid UTF-8 and the name stays recognisable (``ls -b`` shows the same).
    """
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def resolved(paths) -> set[Path]:
    """The inputs as real paths (links followed): what an output must never be."""
    return {Path(p).resolve() for p in paths}


def _starts_with(path: Path, text: str) -> bool:
    try:
        return read_regular(path, len(text)).decode("utf-8", "replace") == text
    except OSError:
        return False


def is_overlay(path: Path) -> bool:
    """Whether ``path`` is a Grad-CAM overlay written by predict (its PNG text chunk says so)."""
    try:
        raw = read_regular(path, 1 << 20)
        with Image.open(io.BytesIO(raw)) as img:
            return img.format == "PNG" and img.info.get("Software") == OVERLAY_MARK
    except Exception:  # noqa: BLE001 (anything unreadable is, at least, not ours)
        return False


def _writable_folder(folder: Path, what: str) -> None:
    """Refuse, naming ``folder``, when no file can be created in it (tried, then removed)."""
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".dfkit-check-"):
            pass
    except OSError as err:
        raise PredictError(f"{what}: cannot write in {display_name(folder)} ({err.strerror or err}). "
                           "Choose a folder you can write to.") from err


def check_csv(path: str | os.PathLike, inputs: set[Path], force: bool = False) -> Path:
    """``--csv``'s path, once it is sure the table can be written there (a one-line error otherwise).

    ``inputs``: the photos to score, :func:`resolved`."""
    target = Path(path).expanduser()
    name = display_name(target)
    if target.is_dir():
        raise PredictError(f"--csv {name} is a folder: give a file name, e.g. --csv {name}/predictions.csv")
    folder = target.parent
    if not folder.is_dir():
        raise PredictError(f"--csv {name}: the folder {display_name(folder)} does not exist. Create it "
                           "first, or choose another path.")
    if target.resolve() in inputs:
        raise PredictError(f"--csv {name} is one of the images to score: predict never writes onto "
                           "its inputs. Choose another name, e.g. --csv predictions.csv")
    if target.exists() and not force and not _starts_with(target, CSV_HEADER):
        raise PredictError(f"--csv {name} exists and is not a table written by predict: choose another "
                           "name, or add --force to replace it.")
    _writable_folder(folder, f"--csv {name}")
    return target


def prepare_overlay_folder(path: str | os.PathLike) -> Path:
    """``--gradcam``'s folder, created if needed and checked writable (a one-line error otherwise)."""
    folder = Path(path).expanduser()
    name = display_name(folder)
    if folder.exists() and not folder.is_dir():
        raise PredictError(f"--gradcam {name} is a file, not a folder: give a folder name (it is "
                           "created if missing), e.g. --gradcam gradcam")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise PredictError(f"--gradcam {name}: cannot create that folder ({err.strerror or err}). "
                           "Choose another one.") from err
    _writable_folder(folder, f"--gradcam {name}")
    return folder


def overlay_refusal(target: Path, inputs: set[Path], force: bool = False) -> str | None:
    """Why the overlay may not be written to ``target`` (None: it may)."""
    if target.resolve() in inputs:
        return f"{display_name(target)} is one of the images scored"
    if (target.exists() or target.is_symlink()) and not force and not is_overlay(target):
        return f"{display_name(target)} exists and is not an overlay written by predict (--force replaces it)"
    return None


def save_overlay(pixels, target: Path) -> None:
    """Write one overlay PNG, marked as predict's so that a later run may replace it."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", OVERLAY_MARK)
    if target.is_symlink():
        target.unlink()  # replace the link itself, never write through it
    Image.fromarray(pixels).save(target, format="PNG", pnginfo=info)


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """Save ``table`` to ``path`` whole or not at all: a temporary file beside it, then a rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:100]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            table.to_csv(f, index=False)
        mode = path.stat().st_mode & 0o777 if path.is_file() else new_file_mode()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
