"""Command line for work outside notebooks: ``python -m dfkit {data,train,tune,evaluate} ...``.

Every run writes into its own folder: ``model.keras``, ``metrics.json`` (validation and test),
``config.json`` (profile, dataset, arguments, versions: what produced the numbers) and, for
training, ``history.csv``; for tuning, ``trials.csv``. ``evaluate`` re-scores a run on the dataset
it recorded (refusing when that is gone or its test split changed) into a new dated
``metrics-evaluate-<time>.json``; ``evaluate --data FOLDER`` scores another folder into its own file.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

from dfkit import __version__, config, run_folder
from dfkit.exceptions import RunError

DEBUG_HELP = "show the full traceback of a dataset or profile error instead of its one-line message"


def at_least(minimum: int):
    """An argparse type: an integer no smaller than ``minimum`` (so 0 is refused, not ignored)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value
    parse.__name__ = f"integer >= {minimum}"
    return parse


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP)
    p.add_argument("--profile", default=None, help="ci, laptop or paper (default: $DFKIT_PROFILE or laptop)")
    p.add_argument("--epochs", type=at_least(1), default=None, help="override the profile's epochs")
    p.add_argument("--n-images", type=at_least(MIN_IMAGES), default=None,
                   help=f"override the profile's number of images (at least {MIN_IMAGES})")
    p.add_argument("--split", choices=("group", "stratified"), default="group",
                   help="group-aware (default) or the paper's file-level stratified split")


MIN_IMAGES = 4  # two per class: the fewest a split can hold at all


def _profile(args) -> config.Profile:
    overrides = {k: v for k, v in {"epochs": args.epochs, "n_images": args.n_images}.items()
                 if v is not None}
    return config.get_profile(args.profile, **overrides)


def _run_dir(args, default: str) -> Path:
    out = Path(args.out or Path("runs") / f"{default}-{time.strftime('%Y%m%d-%H%M%S')}")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _write_config(out: Path, args, profile: config.Profile, extra: dict | None = None) -> None:
    import keras

    info = {"command": sys.argv, "arguments": {k: v for k, v in vars(args).items() if k != "func"},
            "profile": profile.as_dict(), "dataset": config.data_source(), "dfkit": __version__,
            "keras": keras.__version__, "backend": keras.backend.backend(), "python": platform.python_version(),
            **(extra or {})}
    run_folder.write_json(out / "config.json", info)


def _score(model, data, profile, inputs, cache=None, source: str = "the trained model") -> dict:
    """Validation and test scores at both thresholds, each named: ``val``/``test`` at 0.5 (the
    paper's), ``*_at_validation_threshold`` at the one ``predict`` uses (chosen on validation)."""
    from dfkit.evaluation import metrics
    from dfkit.training.trainer import batches, predict  # the module's names, not the fit() function

    streams = {split: batches(getattr(data, split), profile, inputs, cache=cache)
               for split in ("val", "test")}
    p = {split: run_folder.check_scores(predict(model, stream), source) for split, stream in streams.items()}
    chosen = metrics.validation_threshold(streams["val"].labels, p["val"])
    scores: dict = {split: metrics.summary(streams[split].labels, p[split], 0.5) for split in p}
    for split in p:
        scores[f"{split}_at_validation_threshold"] = metrics.summary(
            streams[split].labels, p[split], chosen["value"])
    scores["threshold"] = chosen
    scores["thresholds"] = {"default": 0.5, "validation": chosen["value"]}
    return scores


HEADLINE = ("accuracy", "recall", "specificity", "roc_auc")


def _print_test(scores: dict, part: str = "test") -> None:
    """Both thresholds, named, so a reader never mistakes one for the other."""
    at = scores["thresholds"]
    print(f"{part} at threshold 0.5: " + ", ".join(f"{k} {scores[part][k]:.3f}" for k in HEADLINE))
    other = scores[f"{part}_at_validation_threshold"]
    print(f"{part} at the validation threshold {at['validation']:.3f} (what predict uses): "
          + ", ".join(f"{k} {other[k]:.3f}" for k in HEADLINE))


def _cache(args, d, profile):
    """The splits' model inputs held in memory when ``--in-memory`` asks for it, else None (streaming)."""
    from dfkit.training import trainer as training

    if not args.in_memory:
        return None
    start = time.perf_counter()
    cache = training.input_cache([d.train, d.val, d.test], profile, args.inputs)
    print(f"{args.inputs} inputs of {len(cache.inputs):,} images held in memory "
          f"({cache.inputs.nbytes / 2**30:.2f} GiB, {time.perf_counter() - start:.1f} s)")
    return cache


def cmd_data(args) -> int:
    from dfkit.course import chapter as course

    d = course.prepare(_profile(args), strategy=args.split)
    print(d.report.summary())
    print(d.splits.table().to_string())
    return 0


def _set_precision(args) -> None:
    import keras

    keras.mixed_precision.set_global_policy(args.precision)


def _check_model_inputs(args) -> None:
    """Refuse option pairs that cannot train, before any data is read or folder made."""
    from dfkit.exceptions import UsageError

    if args.model == "lite0" and args.inputs != "rgb":
        raise UsageError("--model lite0 is a pretrained RGB network: it takes --inputs rgb only "
                         f"(got --inputs {args.inputs}). Add --inputs rgb.")


def cmd_train(args) -> int:
    from dfkit.training import scale_out

    if scale_out.is_distributed_train(args):  # every local device, or several hosts
        return scale_out.train(args, sys.modules[__name__])
    from dfkit.course import chapter as course
    from dfkit.models import paper as models
    from dfkit.training import trainer as training

    _check_model_inputs(args)
    _set_precision(args)
    profile = _profile(args)
    d = course.prepare(profile, strategy=args.split)
    cache = _cache(args, d, profile)
    out = _run_dir(args, f"{args.model}-{args.inputs}")  # only once the inputs are checked
    model, history = training.train_model(args.model, d.splits, profile, args.inputs, verbose=1, workers=args.workers,
                                          cache=cache, reuse=False)  # asked to train: it trains
    history.to_csv(out / "history.csv")
    (models.pixel_input(model) if args.inputs == "rgb" else model).save(out / "model.keras")  # takes uint8
    scores = _score(model, d, profile, args.inputs, cache)
    run_folder.write_json(out / "metrics.json", scores)
    _write_config(out, args, profile, {"inputs": args.inputs, "model": args.model, **_recorded_dataset(d)})
    _write_split_record(out, d)
    _print_test(scores)
    print(f"saved to {out}")
    return 0


def cmd_tune(args) -> int:
    from dfkit.training import scale_out

    if scale_out.is_distributed_tune(args):  # Keras Tuner's chief/worker protocol
        return scale_out.tune(args, sys.modules[__name__])
    from dfkit.course import chapter as course
    from dfkit.models import paper as models
    from dfkit.training import trainer as training
    from dfkit.training import tuning

    _check_model_inputs(args)
    _set_precision(args)
    profile = _profile(args)
    d = course.prepare(profile, strategy=args.split)
    start = time.perf_counter()
    cache = _cache(args, d, profile)
    out = _run_dir(args, f"tune-{args.model}-{args.objective}")  # only once the inputs are checked
    train = training.batches(d.train, profile, args.inputs, shuffle=True, workers=args.workers, cache=cache)
    val = training.batches(d.val, profile, args.inputs, workers=args.workers, cache=cache)
    build = models.builder(args.model)
    tuner = tuning.make_tuner(build, f"model_{1 if args.model == 'cnn' else 2}", profile, train, val,
                              objective_name=args.objective, reuse=args.reuse, directory=out / "tuner")
    tuning.search(tuner, train, val, epochs=profile.epochs, seed=profile.seed, verbose=1)
    tuning.trials_table(tuner).to_csv(out / "trials.csv", index=False)
    best = tuner.get_best_models(1)[0]
    (models.pixel_input(best) if args.inputs == "rgb" else best).save(out / "model.keras")  # takes uint8
    scores = _score(best, d, profile, args.inputs, cache)
    seconds = time.perf_counter() - start
    run_folder.write_json(out / "metrics.json", scores)
    _write_split_record(out, d)
    _write_config(out, args, profile, {"best_hyperparameters": tuner.get_best_hyperparameters(1)[0].values,
                                       "search_and_scoring_seconds": round(seconds, 1), **_recorded_dataset(d)})
    print(tuning.trials_table(tuner).to_string())
    print(f"search + scoring: {seconds:.0f} s")
    print(f"saved to {out}")
    return 0


SPLIT_RECORD = "splits.csv"


def _write_split_record(out: Path, d) -> None:
    """Which images (by content hash) trained and validated the run: ``evaluate --data`` then
    counts how many of the images it scores the model has already seen."""
    import pandas as pd

    pd.concat([frame[["file", "sha1"]].assign(split=split)
               for split, frame in (("train", d.train), ("val", d.val), ("test", d.test))]
              ).to_csv(out / SPLIT_RECORD, index=False)


def _seen_images(run: Path, saved: dict, folder: Path, manifest) -> dict[str, int]:
    """How many of ``manifest``'s images were in the run's train and val splits (by content).

    A run without a split record (an older one) can only be compared by folder: scoring its
    own dataset folder is then refused outright."""
    splits = run_folder.read_splits(run)
    if splits is None:
        trained_on = saved.get("data_root") or saved.get("dataset")
        if trained_on and trained_on != config.SYNTHETIC and Path(trained_on).resolve() == folder.resolve():
            raise RunError(f"{folder} is the folder {run} was trained on, and the run records no "
                           f"{SPLIT_RECORD} to tell its training images apart: scores would include "
                           f"training images. Use `python -m dfkit evaluate {run}` for its test split.")
        return {"train": 0, "val": 0}
    hashes = set(manifest["sha1"])
    return {split: int(splits.loc[splits["split"] == split, "sha1"].isin(hashes).sum())
            for split in ("train", "val")}


def _recorded_dataset(d) -> dict:
    """What evaluate checks later: where the data was, and a fingerprint of the test split."""
    from dfkit.data import dataset as data

    return {"data_root": str(Path(d.root).resolve()), "test_fingerprint": data.fingerprint(d.test)}


def _prepare_recorded(run: Path, saved: dict, profile: config.Profile):
    """The run's own dataset and splits, or a refusal naming the recorded and the current dataset."""
    import os

    from dfkit.course import chapter as course
    from dfkit.data import dataset as data

    recorded, now = saved.get("dataset", config.SYNTHETIC), config.data_source()
    if recorded != config.SYNTHETIC and not Path(recorded).expanduser().is_dir():
        raise data.DatasetError(f"{run} was trained on {recorded}, which is gone ({config.DATA_ENV} now says "
                                f"{now}). Restore that folder, or score on another with --data FOLDER.")
    os.environ[config.DATA_ENV] = recorded  # the recorded dataset, whatever DFKIT_DATA says now
    d = course.prepare(profile, strategy=saved.get("arguments", {}).get("split", "group"))
    want, got = saved.get("test_fingerprint"), data.fingerprint(d.test)
    if want and want != got:
        raise data.DatasetError(f"The test split of {recorded} has changed since {run} was trained "
                                f"(fingerprint {want} recorded, {got} now; {config.DATA_ENV} now says {now}): "
                                "its scores would not be comparable. Restore the dataset, or score it as a "
                                f"new one with --data {recorded}.")
    if not want:
        print(f"note: {run} records no test fingerprint (an older run): scored on {recorded} unchecked")
    return d, got


def _new_file(folder: Path, stem: str) -> Path:
    path, k = folder / f"{stem}.json", 1
    while path.exists():
        k += 1
        path = folder / f"{stem}-{k}.json"
    return path


def _load_model(run: Path, profile: config.Profile, inputs: str):
    """The run's model, checked against its config, and dfkit.training.trainer (Keras is imported
    only once the data checks passed)."""
    from dfkit.models import paper as models
    from dfkit.training import trainer as training

    model = run_folder.load_model(run / run_folder.MODEL, inputs, profile.image_size)
    # RGB runs save a uint8 wrapper (models.pixel_input); unit_input gives the [0, 1] model
    return models.unit_input(model), training


def _read_run(run: Path) -> tuple[dict, config.Profile, str]:
    """The run's config.json, its profile and inputs, or a one-line refusal saying what is missing."""
    if not run.is_dir():
        raise RunError(f"{run} is not a run folder (no such folder). Give a folder written by "
                       "`python -m dfkit train` or `tune`.")
    for needed in ("config.json", "model.keras"):
        if not (run / needed).is_file():
            raise RunError(f"{run} has no {needed}: it is not a finished run of `python -m dfkit "
                           "train` or `tune` (an interrupted one?). Train it again.")
    saved, inputs = run_folder.read_config(run)  # every field checked, or one line naming it
    return saved, config.Profile(**saved["profile"]), inputs


def cmd_evaluate(args) -> int:
    from dfkit.data import dataset as data
    from dfkit.evaluation import metrics

    run = Path(args.run)
    saved, profile, inputs = _read_run(run)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    if args.data:  # cross-dataset testing: every usable image of another folder
        folder = Path(args.data).expanduser().resolve()
        manifest, _ = data.scan(folder)
        seen = _seen_images(run, saved, folder, manifest)
        if any(seen.values()) and not args.allow_seen:
            raise RunError(f"{seen['train']} of the {len(manifest)} images in {folder} trained {run} "
                           f"and {seen['val']} validated it: their scores would flatter the model. "
                           f"Score its test split with `python -m dfkit evaluate {run}`, or add "
                           "--allow-seen to score them anyway (the counts are recorded).")
        recorded = run_folder.recorded_threshold(run)  # checked before the model is loaded
        threshold = recorded[0] if recorded else None
        model, training = _load_model(run, profile, inputs)
        p = run_folder.check_scores(training.predict(model, training.batches(manifest, profile, inputs)),
                                    str(run / run_folder.MODEL))
        y = manifest["y"].to_numpy()
        scores = {"all": metrics.summary(y, p, 0.5)}
        if threshold is not None:
            scores["all_at_validation_threshold"] = metrics.summary(y, p, threshold)
        scores["thresholds"] = {"default": 0.5, "validation": threshold}
        record = {"data": str(folder), "n_images": len(manifest), "seen_in_train": seen["train"],
                  "seen_in_val": seen["val"], "evaluated": stamp, **scores}
        if any(seen.values()):
            print(f"note: {seen['train']} scored images were in the run's training split and "
                  f"{seen['val']} in its validation split")
        path = _new_file(run, f"metrics-{folder.name}-{stamp}")
    else:
        d, fingerprint = _prepare_recorded(run, saved, profile)
        model, _ = _load_model(run, profile, inputs)
        scores = _score(model, d, profile, inputs, source=str(run / run_folder.MODEL))
        record = {"dataset": saved.get("dataset", config.SYNTHETIC), "test_fingerprint": fingerprint,
                  "evaluated": stamp, **scores}
        path = _new_file(run, f"metrics-evaluate-{stamp}")
    run_folder.write_json(path, record)
    part = "test" if "test" in scores else "all"
    if scores["thresholds"]["validation"] is not None:
        _print_test(scores, part)
    else:
        print(f"{part} at threshold 0.5 (the run records no validation threshold): "
              + ", ".join(f"{k} {scores[part][k]:.3f}" for k in HEADLINE))
    print(f"saved to {path} (the run's metrics.json is left as it was)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dfkit", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("data", help="generate the synthetic set (or scan $DFKIT_DATA) and print its splits")
    _add_common(p)
    p.set_defaults(func=cmd_data)
    for name, func, text in (("train", cmd_train, "train Model 1 (cnn) or Model 2 (resnet) with early stopping"),
                             ("tune", cmd_tune, "Keras Tuner random search, the paper's set-up")):
        p = sub.add_parser(name, help=text)
        _add_common(p)
        p.add_argument("--model", choices=("cnn", "resnet", "lite0"), default="cnn")
        p.add_argument("--inputs", choices=("rgb", "stack"), default="stack")
        p.add_argument("--out", default=None, help="run folder (default: runs/<name>-<time>)")
        p.add_argument("--workers", type=int, default=1,
                       help="threads preparing batches ahead of the model (use several on a GPU machine)")
        p.add_argument("--precision", default="float32", choices=("float32", "mixed_bfloat16", "mixed_float16"),
                       help="Keras dtype policy; mixed_bfloat16 is faster on recent GPUs")
        p.add_argument("--in-memory", action="store_true",
                       help="compute the inputs (e.g. the stack) once and hold them in memory instead of every epoch: "
                            "faster for many epochs or trials; memory grows with the data "
                            "(refused if it would not fit)")
        from dfkit.training import scale_out

        scale_out.add_arguments(p, name)
        if name == "tune":
            p.add_argument("--objective", default="val_recall", help="val_recall (the paper's) or val_auc")
            p.add_argument("--reuse", action="store_true", help="reuse finished trials if nothing changed")
        p.set_defaults(func=func)
    p = sub.add_parser("evaluate", help="re-score a saved run on the dataset it recorded, into a new dated file")
    p.add_argument("run", help="a folder written by train or tune")
    p.add_argument("--data", default=None, help="score every image of this other folder instead (cross-dataset)")
    p.add_argument("--allow-seen", action="store_true",
                   help="with --data: score even images the run trained or validated on (counted)")
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP)
    p.set_defaults(func=cmd_evaluate)
    from dfkit.inference import predict

    predict.add_parser(sub)  # python -m dfkit predict RUN IMAGE...
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except Exception as err:
        if getattr(args, "debug", False) or not _is_user_error(err):
            raise
        # a bad dataset, profile or memory request: the message and its fix, not a traceback
        parser.exit(2, f"python -m dfkit {args.command}: {' '.join(str(err).split())}\n")


def _is_user_error(err: Exception) -> bool:
    """Errors whose message names the problem and its fix (``--debug`` shows their traceback)."""
    from dfkit.exceptions import DfkitError

    return isinstance(err, DfkitError)


if __name__ == "__main__":
    sys.exit(main())
