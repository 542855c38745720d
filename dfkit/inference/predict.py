"""Use a trained run on your own photos: find each face, crop it as the training faces were
cropped, score it with the run's model at the threshold chosen on validation.

* :func:`predict_images` — a table, one row per face (or per image with no face, or unreadable).
* :func:`load_run` — a run folder (``runs/<name>/``: ``model.keras``, ``config.json``,
  ``metrics.json``) or a Keras model, ready to score.
* :func:`upload_or_path` — in a notebook, a ``FileUpload`` button on Colab, a path elsewhere.
* ``python -m dfkit predict RUN IMAGE_OR_FOLDER... [--csv out.csv] [--gradcam DIR]``.

Only RGB runs can be used: the 6-channel stack is computed outside the model.

In a notebook (chapter 09), two cells: the first shows an upload button on Colab (elsewhere it
takes the path you give), the second scores what was uploaded::

    chooser = predict.upload_or_path("my_photo.jpg")
    predict.predict_images("runs/<name>", chooser.paths(), gradcam_dir="gradcam")
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pandas as pd
from PIL import ImageOps, UnidentifiedImageError

from dfkit import run_folder
from dfkit.data.dataset import IMAGE_SUFFIXES, center_square, to_rgb_array
from dfkit.data.image_file import TooManyPixels, open_image, read_regular
from dfkit.exceptions import PredictError  # noqa: F401 (part of this module's interface)
from dfkit.inference import faces, outputs
from dfkit.inference.outputs import display_name

COLUMNS = ["file", "face", "box", "p_fake", "verdict", "note"]



@dataclass
class Run:
    """A model ready to score faces: its input size, threshold and what its input expects."""

    model: object  # keras.Model
    image_size: int
    threshold: float
    threshold_rule: str
    name: str
    takes_pixels: bool  # True: feed 0-255 (preprocessing inside the model); False: feed [0, 1]
    source: str = "the model"  # what an error names: the run's model.keras, or the model given


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _takes_pixels(model) -> bool:
    """Whether the model scales its own input (a Rescaling or Normalization layer, top level)."""
    from keras import layers

    scalers = (layers.Rescaling, layers.Normalization)
    return any(isinstance(layer, scalers) for layer in model.layers)


def _run_dir(path: Path) -> Path:
    return path.parent if path.is_file() else path


def _given_threshold(value) -> float:
    """A threshold passed in: a finite number from 0 to 1, or a refusal."""
    if not run_folder.is_threshold(value):
        raise PredictError(f"threshold {value!r} is not a number from 0 to 1: give the probability "
                           "at or above which a face is called fake (e.g. 0.5).")
    return float(value)


def load_run(run, threshold: float | None = None) -> Run:
    """A run folder (or its ``model.keras``), or a Keras model, ready to score RGB faces.

    The threshold is ``threshold`` if given, else the one the run chose on validation
    (``metrics.json``: ``threshold``), else 0.5 with a warning (runs saved before one was recorded).
    Refuses a run trained on the 6-channel stack, which its model cannot compute from a photo.
    """
    import keras

    given = None if threshold is None else _given_threshold(threshold)
    if isinstance(run, keras.Model):
        model, name, saved, recorded = run, run.name, {}, None
        source = f"model {name!r}"
        run_folder.check_model(model, source)
    else:
        folder = _run_dir(Path(run).expanduser())
        path = folder / "model.keras"
        if not path.exists():
            raise PredictError(f"No model.keras in {folder}: pass a folder written by "
                               "`python -m dfkit train --inputs rgb` (or its model.keras).")
        saved, inputs = ({}, "rgb") if not (folder / "config.json").exists() else \
            run_folder.read_config(folder, whole_profile=False)  # each field checked, or one line
        if inputs != "rgb":
            raise PredictError(f"{folder} was trained on the {inputs!r} inputs (the 6-channel "
                               "feature stack), computed outside the model by dfkit.features.handcrafted, so "
                               "its model cannot take a photo. Train an RGB run to use predict: "
                               "python -m dfkit train --inputs rgb")
        recorded = None if given is not None else run_folder.recorded_threshold(
            folder, fix=f"{run_folder.AGAIN}, or give a threshold (--threshold)")
        # checked as a zip, then safe mode (no Lambda layers, no code), then against image_size
        model = run_folder.load_model(path, inputs, saved.get("profile", {}).get("image_size"))
        name, source = folder.name, str(path)
    shape = tuple(model.input_shape[1:])
    if len(shape) != 3 or shape[-1] != 3 or shape[0] is None or shape[0] != shape[1]:
        raise PredictError(f"Model {name!r} takes inputs of shape {shape}, not square RGB images "
                           "(size, size, 3).")
    size = int(saved.get("profile", {}).get("image_size", shape[0]))
    if given is not None:
        value, rule = given, "given"
    elif recorded is not None:
        value, rule = recorded
    else:
        value, rule = 0.5, "0.5 (default)"
        if isinstance(run, keras.Model):
            _warn(f"model {name!r} carries no threshold: using 0.5. Pass threshold= (one chosen "
                  "on validation, e.g. metrics.validation_threshold(y_val, p_val)['value']).")
        else:
            _warn(f"{name} records no threshold chosen on validation (saved before runs recorded "
                  "one): using 0.5. Re-score it with `python -m dfkit evaluate RUN` to record one.")
    pixels = _takes_pixels(model)
    if not pixels:
        _warn(f"{name}'s model takes images in [0, 1] (saved before models took raw pixels): "
              "predict divides by 255 for it.")
    return Run(model, size, value, rule, name, pixels, source)


# --------------------------------------------------------------------------- images
def read_photo(path: str | os.PathLike) -> np.ndarray:
    """A photo as uint8 RGB at full size, turned upright by its EXIF orientation (phone photos).

    Raises :class:`PredictError` naming the file when it cannot be read or decoded, or declares
    more pixels than :data:`dfkit.data.image_file.MAX_PIXELS` (a decompression bomb). A FIFO or
    other special file is refused unopened (reading one would block).
    """
    name = display_name(path)
    try:
        raw = read_regular(path)
        with open_image(raw) as img:
            img.load()
            img = ImageOps.exif_transpose(img)
            arr, _ = to_rgb_array(img)
    except UnidentifiedImageError as exc:
        raise PredictError(f"cannot read {name}: not an image Pillow can decode (unknown format "
                           "or corrupt)") from exc
    except TooManyPixels as exc:
        raise PredictError(f"cannot read {name}: {exc}") from exc
    except FileNotFoundError as exc:
        broken = os.path.islink(path)
        why = f"a broken symbolic link (to {display_name(os.readlink(path))})" if broken else "no such file"
        raise PredictError(f"cannot read {name}: {why}") from exc
    except OSError as exc:
        raise PredictError(f"cannot read {name}: {exc.strerror or exc}") from exc
    except (ValueError, SyntaxError) as exc:
        raise PredictError(f"cannot read {name}: {type(exc).__name__}: {exc}") from exc
    return arr


def find_images(paths) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files to score in ``paths``, and the folders that could not be looked into, with why.

    A named file is tried whatever its name (and reported if unreadable). A folder gives every
    entry with an image extension, not hidden, in it and its subfolders, including broken links
    and FIFOs (so that they are named as skipped, not dropped). Symbolic links to folders are
    followed, each real folder once: a link back to a folder already scanned (a loop) is named.
    """
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for p in [paths] if isinstance(paths, (str, os.PathLike)) else paths:
        p = Path(p).expanduser()
        if not p.is_dir():
            found.append(p)
            continue
        seen: set[tuple[int, int]] = set()
        here: list[Path] = []

        def unreadable(err: OSError, top: Path = p) -> None:
            skipped.append((Path(err.filename or top), f"folder could not be read ({err.strerror or err}): "
                                                     "its images are left out; fix its permissions"))

        for folder, subfolders, files in os.walk(p, onerror=unreadable, followlinks=True):
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:
                subfolders[:] = []
                skipped.append((Path(folder), f"a link to {display_name(os.path.realpath(folder))}, "
                                              "a folder already scanned (a loop?): not scanned twice"))
                continue
            seen.add((st.st_dev, st.st_ino))
            subfolders.sort()
            here += [Path(folder, f) for f in files
                     if not f.startswith(".") and os.path.splitext(f)[1].lower() in IMAGE_SUFFIXES]
        found += sorted(here)
    return found, skipped


def image_paths(paths) -> list[Path]:
    """Files named in ``paths``; a folder gives its image files (by extension, recursive)."""
    return find_images(paths)[0]


def _pixels(run: Run, crops: np.ndarray) -> np.ndarray:
    return crops if run.takes_pixels else crops.astype(np.float32) / np.float32(255)


def _score(run: Run, crops: list[np.ndarray]) -> np.ndarray:
    if not crops:
        return np.zeros(0)
    p = run.model.predict(_pixels(run, np.stack(crops)), verbose=0)
    return run_folder.check_scores(p, run.source)


def predict_images(run_or_model, paths, threshold: float | None = None, whole_image: bool = False,
                   gradcam_dir: str | os.PathLike | None = None, margin: float = faces.MARGIN,
                   debug: bool = False, force: bool = False) -> pd.DataFrame:
    """Score every face in the images of ``paths`` (files or folders) with a run or a Keras model.

    One row per face: ``file``, ``face`` (0 = largest), ``box`` (x,y,w x h in the photo),
    ``p_fake``, ``verdict`` (``fake`` when p_fake >= the threshold, else ``real``) and ``note``.
    An image with no face gets one row with verdict ``no face``, or, with ``whole_image``, box
    ``no face: whole`` and a verdict on its centre square; an unreadable file one row with verdict
    ``unreadable`` and the reason in ``note`` (so has a folder that could not be looked into):
    the other images go on. ``gradcam_dir``: a Grad-CAM overlay PNG per scored face (checked,
    and created, before anything is scored); see :func:`save_gradcams` for ``force``.
    """
    folder = outputs.prepare_overlay_folder(gradcam_dir) if gradcam_dir is not None else None
    run = run_or_model if isinstance(run_or_model, Run) else load_run(run_or_model, threshold)
    if threshold is not None:
        run.threshold = _given_threshold(threshold)
    found, unlisted = find_images(paths)
    rows = [{"file": display_name(path), "face": None, "box": "", "verdict": "unreadable",
             "note": f"{display_name(path)}: {why}"} for path, why in unlisted]
    crops = []
    for path in found:
        name = display_name(path)
        try:
            photo = read_photo(path)
        except PredictError as err:
            if debug:
                traceback.print_exc()
            rows.append({"file": name, "face": None, "box": "", "verdict": "unreadable",
                         "note": str(err)})
            continue
        boxes = faces.detect_faces(photo)
        for k, box in enumerate(boxes):
            rows.append({"file": name, "face": k, "box": str(box), "verdict": "", "note": ""})
            crops.append((len(rows) - 1, faces.face_crop(photo, box, run.image_size, margin)))
        if not boxes:
            note = "; scored the whole image" if whole_image else " (--whole-image scores it)"
            rows.append({"file": name, "face": None,
                         "box": "no face: whole" if whole_image else "",
                         "verdict": "" if whole_image else "no face",
                         "note": "no frontal face found" + note})
            if whole_image:
                whole = cv2.resize(center_square(photo), (run.image_size,) * 2,
                                   interpolation=cv2.INTER_AREA)
                crops.append((len(rows) - 1, whole))
    p = _score(run, [c for _, c in crops])
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["p_fake"] = np.nan
    for (i, _), q in zip(crops, p):
        table.loc[i, "p_fake"] = q
        if table.loc[i, "verdict"] == "":
            table.loc[i, "verdict"] = "fake" if q >= run.threshold else "real"
    table["face"] = table["face"].astype("Int64")
    table.attrs.update(threshold=run.threshold, threshold_rule=run.threshold_rule, run=run.name)
    if folder is not None and crops:
        save_gradcams(run, table, [i for i, _ in crops], [c for _, c in crops], folder,
                      inputs=outputs.resolved(found), force=force)
    return table


# --------------------------------------------------------------------------- Grad-CAM
def _cam_model(run: Run):
    """The convolutional model Grad-CAM looks into and the scale of its input (1 or 1/255)."""
    from dfkit.models import paper as models

    inner = models.unit_input(run.model)
    if inner is not run.model:  # a pixel_input wrapper: look inside, at the trained network
        return inner, np.float32(1 / 255)
    return run.model, np.float32(1 if run.takes_pixels else 1 / 255)


def overlay(crop: np.ndarray, heat: np.ndarray, size: int = 224, alpha: float = 0.45) -> np.ndarray:
    """A heatmap in [0, 1] laid over an RGB uint8 crop (jet colours), enlarged to ``size`` px."""
    crop = cv2.resize(crop, (size, size), interpolation=cv2.INTER_CUBIC)
    heat = cv2.resize(heat.astype(np.float32), (size, size), interpolation=cv2.INTER_LINEAR)
    colour = cv2.applyColorMap(np.uint8(255 * heat), cv2.COLORMAP_JET)
    colour = cv2.cvtColor(colour, cv2.COLOR_BGR2RGB)
    return cv2.addWeighted(crop, 1 - alpha, colour, alpha, 0)


def save_gradcams(run: Run, table: pd.DataFrame, rows: list[int], crops: list[np.ndarray],
                  folder: str | os.PathLike, inputs: set[Path] = frozenset(),
                  force: bool = False) -> list[Path]:
    """One Grad-CAM overlay PNG per scored crop, named ``<photo>_face<k>.png``; adds a ``gradcam``
    column (the PNG's path) to ``table``.

    An overlay is never written onto one of ``inputs`` (resolved paths), nor, unless ``force``,
    onto an existing file that is not an earlier overlay; an overlay that cannot be written (that,
    or a name too long) leaves ``gradcam`` empty and says why in the row's ``note``: the rest is kept.
    """
    from dfkit.evaluation import explain

    folder = outputs.prepare_overlay_folder(folder)
    model, scale = _cam_model(run)
    heat = explain.grad_cam(model, np.stack(crops).astype(np.float32) * scale)
    table["gradcam"] = ""
    written, used = [], set()
    for i, crop, h in zip(rows, crops, heat):
        face = table.loc[i, "face"]
        stem = f"{Path(table.loc[i, 'file']).stem}_" + ("whole" if pd.isna(face) else f"face{face}")
        name, n = f"{stem}.png", 1
        while name in used:
            n += 1
            name = f"{stem}_{n}.png"
        used.add(name)
        target = folder / name
        try:
            why = outputs.overlay_refusal(target, inputs, force)
            if why is None:
                outputs.save_overlay(overlay(crop, h), target)
        except (OSError, ValueError) as err:  # e.g. a name too long for the file system
            why = f"{display_name(target)}: {err.strerror if isinstance(err, OSError) else err}"
        if why is not None:
            note = table.loc[i, "note"]
            table.loc[i, "note"] = f"{note}; " * bool(note) + f"overlay not written: {why}"
            continue
        table.loc[i, "gradcam"] = display_name(target)
        written.append(target)
    return written


# --------------------------------------------------------------------------- notebooks
class PhotoChooser:
    """Photos for a notebook cell: uploaded through a ``FileUpload`` button, or given paths.

    Made by :func:`upload_or_path`; call :meth:`paths` in the *next* cell (the upload happens
    between the two cells, when you click the button). Uploads are written to a temporary folder
    that :meth:`close` removes, as does leaving a ``with`` block, the chooser being garbage
    collected, or the interpreter exiting: uploaded photos do not pile up in /tmp.
    """

    def __init__(self, default=(), widget=None):
        self.default, self.widget = list(image_paths(default)) if default else [], widget
        self._tmp = tempfile.TemporaryDirectory(prefix="dfkit-upload-") if widget is not None else None
        self.folder = Path(self._tmp.name) if self._tmp is not None else None

    def paths(self) -> list[Path]:
        """The uploaded files (written to the temporary folder), else the default paths."""
        if self.widget is None or not self.widget.value:
            return self.default
        out = []
        for name, content in uploaded_files(self.widget.value):
            target = self.folder / Path(name).name
            target.write_bytes(content)
            out.append(target)
        return out

    def close(self) -> None:
        """Remove the temporary folder and the uploads in it (call when the photos are scored)."""
        if self._tmp is not None:
            self._tmp.cleanup()

    def __enter__(self) -> PhotoChooser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def uploaded_files(value) -> list[tuple[str, bytes]]:
    """``(file name, bytes)`` for each file in a ``FileUpload`` widget's ``value``, either version.

    ipywidgets 8 (JupyterLab, the book's stack) gives a tuple of dicts with ``name`` and
    ``content`` (a memoryview); ipywidgets 7 (Colab ships 7.7.1) gives a dict of file name to
    ``{"content": bytes, "metadata": {...}}``.
    """
    if isinstance(value, dict):  # ipywidgets 7
        return [(str(item.get("metadata", {}).get("name", name)), bytes(item["content"]))
                for name, item in value.items()]
    return [(str(item["name"]), bytes(item["content"])) for item in value]  # ipywidgets 8


def _on_colab() -> bool:
    try:
        import google.colab  # noqa: F401
    except ImportError:
        return False
    return True


def upload_or_path(default=(), upload: bool | None = None) -> PhotoChooser:
    """On Colab (or with ``upload=True``), show a button to upload your own photos; elsewhere, use
    ``default`` (a path, or several). In the next cell: ``predict_images(run, chooser.paths())``.
    """
    widget = None
    if upload if upload is not None else _on_colab():
        import ipywidgets
        from IPython.display import display

        widget = ipywidgets.FileUpload(accept="image/*", multiple=True, description="Upload photos")
        note = ipywidgets.Label("")
        display(widget, note)
        # the cells after this one read the upload only when they run: say so once it arrives
        widget.observe(lambda change: setattr(note, "value", upload_note(change["new"])),
                       names="value")
    return PhotoChooser(default, widget)


def upload_note(value) -> str:
    """What the upload button's label says once photos arrived (``value``: the widget's)."""
    names = [name for name, _ in uploaded_files(value)] if value else []
    if not names:
        return ""
    return (f"Received {', '.join(names)}. Now run the cells after this one again: until you "
            "do, what they show was scored before your upload.")


# --------------------------------------------------------------------------- command line
def _margin(text: str) -> float:
    """argparse type of ``--margin``: a crop must hold the face box, so at least 1 (and at most 4)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 1.0 <= value <= 4.0:
        raise argparse.ArgumentTypeError(f"must be between 1 and 4 (crop side / face box side), got {value}")
    return value


def _threshold(text: str) -> float:
    """argparse type of ``--threshold``: a probability, so a finite number from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not run_folder.is_threshold(value):
        raise argparse.ArgumentTypeError(f"must be a number from 0 to 1, got {text}")
    return value


def add_parser(sub) -> argparse.ArgumentParser:
    """The ``predict`` sub-command of ``python -m dfkit``."""
    p = sub.add_parser("predict", help="score the faces in your own photos with a saved RGB run")
    p.add_argument("run", help="a folder written by train/tune --inputs rgb (or its model.keras)")
    p.add_argument("images", nargs="+", help="image files or folders of images")
    p.add_argument("--csv", default=None,
                   help="also save the table to this CSV file (an earlier table of predict there is replaced)")
    p.add_argument("--gradcam", default=None, metavar="DIR",
                   help="save a Grad-CAM overlay per face in DIR")
    p.add_argument("--whole-image", action="store_true",
                   help="score an image with no face found as a whole")
    p.add_argument("--threshold", type=_threshold, default=None,
                   help="override the run's validation threshold (a number from 0 to 1)")
    p.add_argument("--margin", type=_margin, default=faces.MARGIN,
                   help=f"crop side / face box side (default {faces.MARGIN}: the DFDC crops')")
    p.add_argument("--force", action="store_true",
                   help="replace an existing --csv file or overlay that predict did not write (never an input)")
    p.add_argument("--debug", action="store_true",
                   help="full tracebacks instead of one-line errors")
    p.set_defaults(func=cmd_predict)
    return p


def cmd_predict(args) -> int:
    """Print the table; exit 0 if any image was scored, else 2. Errors are one line each.

    Where the CSV and overlays go is checked before anything is scored; the CSV is written whole
    or not at all."""
    try:
        csv = None
        if args.csv:
            csv = outputs.check_csv(args.csv, outputs.resolved(find_images(args.images)[0]), args.force)
        table = predict_images(args.run, args.images, threshold=args.threshold,
                               whole_image=args.whole_image, gradcam_dir=args.gradcam,
                               margin=args.margin, debug=args.debug, force=args.force)
    except (PredictError, OSError, ValueError) as err:
        if args.debug:
            raise
        print(f"python -m dfkit predict: {err}", file=sys.stderr)
        return 2
    for _, row in table[table.verdict == "unreadable"].iterrows():
        print(f"skipped {row.note}", file=sys.stderr)
    for note in table.loc[table.note.str.contains("overlay not written: ", regex=False), "note"]:
        print(f"overlay not written: {note.split('overlay not written: ', 1)[1]}", file=sys.stderr)
    shown = table[table.verdict != "unreadable"].drop(columns=["note", "gradcam"], errors="ignore")
    said = table.attrs
    print(f"run {said['run']}, threshold {said['threshold']:.3f} ({said['threshold_rule']})")
    if len(shown):
        print(shown.to_string(index=False, na_rep="-", float_format=lambda v: f"{v:.3f}"))
    else:
        print("no image could be read")
    if csv is not None:
        try:
            outputs.write_csv(table, csv)
        except OSError as err:
            if args.debug:
                raise
            print(f"python -m dfkit predict: --csv {display_name(csv)}: {err.strerror or err}; the table "
                  "is printed above.", file=sys.stderr)
            return 2
        print(f"table saved to {display_name(csv)}")
    if args.gradcam and "gradcam" in table and table["gradcam"].ne("").any():
        print(f"Grad-CAM overlays saved to {display_name(args.gradcam)}")
    return 0 if table["p_fake"].notna().any() else 2
