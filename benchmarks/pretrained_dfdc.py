"""The ImageNet-pretrained EfficientNet-Lite0 on the DFDC faces: linear probe and fine-tuning.

Group split (no source video in two splits), threshold chosen on validation, test ROC-AUC and
balanced accuracy with a cluster bootstrap over the test groups (videos). Each figure is printed
as soon as it exists, one ``name: value`` line each, so a cut-short run still reports.

    DFKIT_DATA=/work/shared/data/dfdc-faces python benchmarks/pretrained_dfdc.py \\
        --size 128 --limit 8000 --stage both --epochs 2 --seeds 0 --time-cut 900

* probe: the frozen backbone's 1,280 pooled features computed once per image, then a logistic
  regression (scikit-learn) whose C is chosen on validation AUC.
* finetune: ``backbones.build_lite0(trainable_blocks=...)`` with augmentation, Adam 1e-4, the top
  blocks unfrozen, BatchNorm in inference mode, early stopping on validation AUC; ``--time-cut``
  stops training after that many seconds (the epoch's weights so far are kept).
Runs on TensorFlow or JAX (``KERAS_BACKEND=jax``), CPU or GPU.
"""

from __future__ import annotations

import argparse
import inspect
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keras  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import balanced_accuracy_score, roc_auc_score  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from dfkit import config  # noqa: E402
from dfkit.course import chapter as course
from dfkit.evaluation import metrics
from dfkit.models import backbones
from dfkit.training import trainer as training

DEFAULT_DATA = "/work/shared/data/dfdc-faces"


def say(name: str, value) -> None:
    print(f"{name}: {value}", flush=True)


class TimeCut(keras.callbacks.Callback):
    """Stops training once ``seconds`` of training have passed, counted from the end of the
    first batch (so the first XLA compile is not charged to training).

    ``async_safe``: Keras dispatches batch hooks on a thread and does not convert the logs to
    Python floats on the main thread each batch. Without it, any callback with a batch hook
    makes Keras sync with the accelerator after every batch (``pythonify_logs``), which is
    likely part of why the 2026-11-26 GPU fine-tune ran at about 70 images/s.
    """

    async_safe = True

    def __init__(self, seconds: float):
        super().__init__()
        self.seconds, self.start, self.fired = seconds, None, False

    def on_train_batch_end(self, batch, logs=None):
        now = time.perf_counter()
        if self.start is None:
            self.start = now
        elif now - self.start > self.seconds:
            self.model.stop_training, self.fired = True, True


def cluster_bootstrap(y, p, threshold, groups, n_boot=1000, seed=0) -> dict[str, tuple]:
    """(estimate, low, high) of ROC-AUC and balanced accuracy, resampling whole groups."""
    if "groups" in inspect.signature(metrics.bootstrap).parameters:  # infra's version
        table = metrics.bootstrap(y, p, threshold, n_boot=n_boot, seed=seed, groups=groups)
        return {m: tuple(table.loc[m, ["value", "low", "high"]])
                for m in ("roc_auc", "balanced_accuracy")}
    y, p, groups = np.asarray(y), np.asarray(p), np.asarray(groups)
    names = np.unique(groups)
    members = [np.flatnonzero(groups == g) for g in names]
    rng = np.random.default_rng(seed)

    def scores(idx):
        return roc_auc_score(y[idx], p[idx]), balanced_accuracy_score(y[idx], p[idx] >= threshold)

    draws = []
    while len(draws) < n_boot:
        idx = np.concatenate([members[i] for i in rng.integers(0, len(names), len(names))])
        if len(np.unique(y[idx])) == 2:
            draws.append(scores(idx))
    draws, point = np.array(draws), scores(np.arange(len(y)))
    return {m: (point[k], *np.percentile(draws[:, k], [2.5, 97.5]))
            for k, m in enumerate(("roc_auc", "balanced_accuracy"))}


def report(prefix: str, y_val, p_val, y_test, p_test, groups_test) -> None:
    threshold = metrics.validation_threshold(y_val, p_val)["value"]
    say(f"{prefix}_val_roc_auc", f"{roc_auc_score(y_val, p_val):.3f}")
    say(f"{prefix}_threshold_from_val", f"{threshold:.3f}")
    intervals = cluster_bootstrap(y_test, p_test, threshold, groups_test)
    for metric, (est, low, high) in intervals.items():
        say(f"{prefix}_test_{metric}", f"{est:.3f} [{low:.3f}, {high:.3f}] (95% cluster bootstrap)")


WORKERS = 1  # loader threads (--workers): several on a GPU machine


def features(backbone, frame, profile) -> np.ndarray:
    return backbone.predict(training.batches(frame, profile, "rgb", workers=WORKERS), verbose=0)


def unseen_generators(backbone, clf, profile, n_images: int) -> None:
    """The DFDC-trained probe on the synthetic set's families (fakes it never saw), per family:
    real synthetic faces + that family's fakes, ROC-AUC with a cluster bootstrap over identities."""
    from dfkit.data import dataset as data
    from dfkit.data import synthetic

    root = config.cache_dir() / f"synthetic-probe-n{n_images}"
    if not (root / "metadata.csv").exists():
        synthetic.generate(root, synthetic.SyntheticSpec(n_images=n_images, seed=7), progress=False)
    manifest, _ = data.scan(root, verbose=False)
    p = clf.predict_proba(features(backbone, manifest, profile))[:, 1]
    y, groups = manifest["y"].to_numpy(), manifest["group"].to_numpy()
    for family in sorted(set(manifest.loc[manifest["y"] == 1, "family"])):
        keep = ((manifest["y"] == 0) | (manifest["family"] == family)).to_numpy()
        est, low, high = cluster_bootstrap(y[keep], p[keep], 0.5, groups[keep])["roc_auc"]
        say(f"probe_unseen_{family}_roc_auc", f"{est:.3f} [{low:.3f}, {high:.3f}] "
            f"({keep.sum()} synthetic faces, trained on DFDC only)")


def probe(d, profile, seed: int, synthetic_images: int = 0) -> None:
    start = time.perf_counter()
    backbone = backbones.lite0((profile.image_size, profile.image_size, 3))
    feats = {name: features(backbone, getattr(d.splits, name), profile)
             for name in ("train", "val", "test")}
    say("probe_feature_seconds", f"{time.perf_counter() - start:.0f}")
    y = {name: getattr(d.splits, name)["y"].to_numpy() for name in feats}
    best = None
    for c in (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 0.1, 1.0):
        clf = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=2000,
                                                                 random_state=seed))
        clf.fit(feats["train"], y["train"])
        auc = roc_auc_score(y["val"], clf.predict_proba(feats["val"])[:, 1])
        if best is None or auc > best[0]:
            best = (auc, c, clf)
    say("probe_C_chosen_on_val", best[1])
    clf = best[2]
    report("probe", y["val"], clf.predict_proba(feats["val"])[:, 1], y["test"],
           clf.predict_proba(feats["test"])[:, 1], d.splits.test["group"].to_numpy())
    say("probe_seconds", f"{time.perf_counter() - start:.0f}")
    if synthetic_images:
        unseen_generators(backbone, clf, profile, synthetic_images)


def finetune(d, profile, seed: int, blocks: int, cut: float) -> None:
    start = time.perf_counter()
    size = profile.image_size
    model = backbones.build_lite0((size, size, 3), seed=seed, trainable_blocks=blocks)
    train = training.batches(d.splits.train, profile, "rgb", shuffle=True, seed=seed,
                             workers=WORKERS)
    val = training.batches(d.splits.val, profile, "rgb", workers=WORKERS)
    cutter = TimeCut(cut)
    history = training.fit(model, train, val, epochs=profile.epochs,
                           callbacks=[training.early_stopping("val_auc", 2), cutter], verbose=0,
                           seed=seed)
    say(f"finetune_s{seed}_epochs_run", f"{len(history)}{' (time cut)' if cutter.fired else ''}")
    p_val = training.predict(model, val)
    p_test = training.predict(model, training.batches(d.splits.test, profile, "rgb",
                                                      workers=WORKERS))
    report(f"finetune_s{seed}", d.splits.val["y"].to_numpy(), p_val, d.splits.test["y"].to_numpy(),
           p_test, d.splits.test["group"].to_numpy())
    say(f"finetune_s{seed}_seconds", f"{time.perf_counter() - start:.0f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--seeds", default="0", help="comma-separated seeds (fine-tuning)")
    parser.add_argument("--limit", type=int, default=8000, help="faces used (balanced)")
    parser.add_argument("--stage", choices=("probe", "finetune", "both"), default="both")
    parser.add_argument("--time-cut", type=float, default=900.0,
                        help="seconds of training per fine-tuning run")
    parser.add_argument("--blocks", type=int, default=4, help="top blocks unfrozen (fine-tuning)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--synthetic", type=int, default=0,
                        help="also score the DFDC probe on N synthetic faces (unseen generators)")
    parser.add_argument("--workers", type=int, default=1, help="loader threads")
    args = parser.parse_args(argv)
    global WORKERS
    WORKERS = max(1, args.workers)
    os.environ.setdefault(config.DATA_ENV, DEFAULT_DATA)
    profile = config.get_profile("paper", n_images=args.limit, image_size=args.size,
                                 epochs=args.epochs, batch_size=args.batch_size)
    say("backend", keras.backend.backend())
    say("machine", f"{platform.node()} {os.cpu_count()} cores")
    d = course.prepare(profile, strategy="group", verbose=False)
    say("faces", f"train {len(d.splits.train)}, val {len(d.splits.val)}, test {len(d.splits.test)} "
        f"({d.splits.test['group'].nunique()} test groups) at {args.size}px")
    if args.stage in ("probe", "both"):
        probe(d, profile, int(args.seeds.split(",")[0]), args.synthetic)
    if args.stage in ("finetune", "both"):
        for seed in (int(s) for s in args.seeds.split(",")):
            finetune(d, profile, seed, args.blocks, args.time_cut)
    return 0


if __name__ == "__main__":
    sys.exit(main())
