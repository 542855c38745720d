"""The experiments the paper never ran: channel ablation, unseen fakes, frequency cues.

* :func:`run_ablation` trains each model on RGB only, RGB plus each handcrafted channel alone,
  and the full stack, with several seeds on the same splits, and scores every run on test.
* :func:`verdict` judges an input against RGB from the per-seed paired differences
  (:func:`paired_differences`): helps or hurts only when their 95% interval excludes zero.
* :func:`family_splits` trains on one manipulation family and tests on the other.
* :func:`spectrum_baseline` fits a logistic regression on FFT spectra or on handcrafted summaries.
"""

from __future__ import annotations

import contextlib
import itertools
import logging

import numpy as np
import pandas as pd
from scipy.stats import t as student_t
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from dfkit.config import Profile
from dfkit.data import dataset as data_tools
from dfkit.data.loader import InputCache
from dfkit.evaluation import metrics
from dfkit.features import handcrafted as features
from dfkit.progress import progress_bar

CHANNEL_SETS: dict[str, tuple[int, ...]] = {
    "rgb": (0, 1, 2),
    "rgb+lbp": (0, 1, 2, 3),
    "rgb+edge_density": (0, 1, 2, 4),
    "rgb+histogram_heatmap": (0, 1, 2, 5),
    "stack (all 6)": (0, 1, 2, 3, 4, 5),
}


@contextlib.contextmanager
def _quiet_retracing():
    """Many short runs build many models, each with its own predict function: TensorFlow then
    warns that it is "retracing", which is expected here. Silence that logger for the loop only."""
    logger = logging.getLogger("tensorflow")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def stack_cache(frame: pd.DataFrame, image_size: int) -> InputCache:
    """The 6-channel stack of every image of ``frame``, computed once: many short runs on one
    sample (the ablation's 30) then slice their channels from it instead of recomputing every epoch."""
    return InputCache(frame, image_size, transform=features.feature_stack)


def train_and_score(kind: str, train: pd.DataFrame, val: pd.DataFrame, tests: dict[str, pd.DataFrame],
                    profile: Profile, channels: tuple[int, ...], seed: int,
                    cache: InputCache | None = None) -> dict[str, dict]:
    """Train one model from ``seed`` (early stopping on val AUC) and score it on each test frame.

    Each frame's scores are at the 0.5 threshold (the paper's), with the threshold chosen on
    validation (``metrics.validation_threshold``, what ``predict`` uses) named beside them:
    ``val_threshold`` and ``at_val_threshold`` (balanced accuracy, recall, specificity there),
    and ``epochs``, how many epochs the run trained."""
    from dfkit import training
    from dfkit.models import paper as models

    build = models.builder(kind)
    shape = (profile.image_size, profile.image_size, len(channels))
    model = build(input_shape=shape, seed=seed)
    def stream(frame: pd.DataFrame, shuffle: bool):  # the stack's channels, from the cache or the files
        return training.batches(frame, profile, "stack", shuffle=shuffle, seed=seed, cache=cache, channels=channels)

    history = training.fit(model, stream(train, True), stream(val, False), epochs=profile.epochs,
                           callbacks=[training.early_stopping("val_auc", 3)], verbose=0)
    chosen = metrics.validation_threshold(val["y"].to_numpy(), training.predict(model, stream(val, False)))
    scores = {}
    for name, frame in tests.items():
        y, p = frame["y"].to_numpy(), training.predict(model, stream(frame, False))
        at = metrics.summary(y, p, chosen["value"])
        scores[name] = {**metrics.summary(y, p, 0.5), "val_threshold": chosen["value"],
                        "at_val_threshold": {m: at[m] for m in AT_THRESHOLD},
                        "epochs": len(history)}  # trained before early stopping ended the run
    return scores


AT_THRESHOLD = ("balanced_accuracy", "recall", "specificity")


def run_ablation(splits, profile: Profile, kinds=("cnn", "resnet"), channel_sets: dict | None = None,
                 seeds=(0, 1, 2), cache: InputCache | None = None) -> pd.DataFrame:
    """One row per (model, inputs, seed): test ROC-AUC, balanced accuracy, recall, specificity
    at 0.5, the validation threshold with the last three at it (``*_at_val_threshold``), and
    the epochs the run trained (``epochs``).

    ``cache``: a :func:`stack_cache` of all splits, to compute the stack once instead of every epoch.
    """
    channel_sets = channel_sets or CHANNEL_SETS
    rows = []
    runs = list(itertools.product(kinds, channel_sets.items(), seeds))
    for kind, (name, channels), seed in progress_bar(runs, desc="ablation runs"):
        with _quiet_retracing():
            scores = train_and_score(kind, splits.train, splits.val, {"test": splits.test}, profile, channels,
                                     seed, cache)["test"]
        rows.append({"model": kind, "inputs": name, "seed": seed,
                     **{m: scores[m] for m in ("roc_auc", "balanced_accuracy", "recall", "specificity")},
                     "val_threshold": scores["val_threshold"], "epochs": scores.get("epochs"),
                     **{f"{m}_at_val_threshold": scores["at_val_threshold"][m] for m in AT_THRESHOLD}})
    return pd.DataFrame(rows)


def summarise(runs: pd.DataFrame, by=("model", "inputs")) -> pd.DataFrame:
    """Mean and standard deviation over seeds: the spread says how much of a difference is noise."""
    cols = [c for c in ("roc_auc", "balanced_accuracy", "recall", "specificity") if c in runs]
    table = runs.groupby(list(by), sort=False)[cols].agg(["mean", "std"])
    return table.round(3)


def paired_differences(runs: pd.DataFrame, model: str = "cnn", inputs: str = "stack (all 6)",
                       metric: str = "roc_auc", baseline: str = "rgb") -> pd.Series:
    """``inputs`` minus ``baseline``, one difference per seed, for one model of an ablation table.

    The seeds pair the two arms: the same seed gives the same initial weights' draw and the same
    batch order on the same split, so their difference removes what the seed did to both.
    Rows are matched by their ``seed`` column, never by position.
    """
    rows = runs[runs["model"] == model]
    if not (rows["inputs"] == inputs).any():
        raise ValueError(f"no runs of model {model!r} on inputs {inputs!r}; the table has "
                         f"{sorted(set(rows['inputs']))}")
    arm = rows[rows["inputs"] == inputs].set_index("seed")[metric]
    base = rows[rows["inputs"] == baseline].set_index("seed")[metric]
    if arm.index.has_duplicates or base.index.has_duplicates or set(arm.index) != set(base.index):
        raise ValueError(f"model {model!r}: {inputs!r} has seeds {sorted(arm.index)} and "
                         f"{baseline!r} has {sorted(base.index)}; pairing needs one run of each "
                         "per seed, the same seeds in both")
    return (arm - base.loc[arm.index]).sort_index().rename(f"{inputs} - {baseline}")


def t_multiplier(n: int, level: float = 0.95) -> float:
    """Student's t for a ``level`` interval from ``n`` runs (3 seeds: 4.30): what an SD
    from few seeds costs. :func:`paired_interval` writes the same line out, because chapter
    08 shows that function's code as it teaches it (tests/test_shown_code.py)."""
    return float(student_t.ppf(0.5 + level / 2, df=max(1, n - 1)))


def paired_interval(differences,
                    level: float = 0.95) -> tuple[float, float, float]:
    """Mean of the per-seed paired differences and its Student-t interval."""
    diffs = np.asarray(differences, dtype=float)
    if len(diffs) < 2:
        raise ValueError(
            "an interval needs the differences of at least 2 seeds")
    mean = diffs.mean()
    t = student_t.ppf(0.5 + level / 2, df=len(diffs) - 1)  # 3 seeds: 4.30
    half = t * diffs.std(ddof=1) / np.sqrt(len(diffs))
    return float(mean), float(mean - half), float(mean + half)


def verdict(differences) -> str:
    """'helps', 'hurts' or 'no evidence': is the 95% interval of the mean paired
    difference wholly above zero, wholly below, or does it contain zero?"""
    mean, low, high = paired_interval(differences)
    return "helps" if low > 0 else "hurts" if high < 0 else "no evidence"


def fusion_verdict(runs: pd.DataFrame, model: str = "cnn", inputs: str = "stack (all 6)",
                   metric: str = "roc_auc") -> str:
    """:func:`verdict` of ``inputs`` against RGB alone, paired by seed, for one model."""
    return verdict(paired_differences(runs, model, inputs, metric))


def paired_table(runs: pd.DataFrame, models=("cnn", "resnet"), metric: str = "roc_auc") -> pd.DataFrame:
    """Every input against RGB, per model: mean paired difference, its 95% interval, verdict."""
    rows = []
    for model in models:
        for inputs in dict.fromkeys(runs.loc[runs["model"] == model, "inputs"]):
            if inputs == "rgb":
                continue
            diffs = paired_differences(runs, model, inputs, metric)
            mean, low, high = paired_interval(diffs)
            rows.append({"model": model, "inputs": inputs, "seeds": len(diffs),
                         "mean diff": mean, "low": low, "high": high,
                         "verdict": verdict(diffs)})
    return pd.DataFrame(rows).set_index(["model", "inputs"])


RECORDED = {"dfdc_gpu": "ablation_dfdc_gpu_runs.csv", "dfdc_cpu": "ablation_dfdc_cpu_runs.csv"}


def recorded_runs(name: str = "dfdc_gpu") -> pd.DataFrame:
    """An ablation the course team ran and recorded (``dfkit/records/``; benchmarks/README.md gives the
    command, machine and date): one row per (model, inputs, seed), as :func:`run_ablation` returns.
    Shipped inside the package, so a pip-installed dfkit (Colab) has it too."""
    from dfkit import records

    if name not in RECORDED:
        raise ValueError(f"unknown record {name!r}; choose one of {sorted(RECORDED)}")
    return records.read(RECORDED[name].removesuffix(".csv"))


def family_splits(splits, family: str) -> dict[str, pd.DataFrame]:
    """Train/val with real faces and fakes of ``family`` only; tests on each family separately.

    Built from the group-aware splits. What that guarantees depends on the metadata: on the
    synthetic set a face swap's group joins its target and its pasted identity (the scan links
    ``source_group``), so no identity crosses train and test, checked here from the
    ``identity``/``source_identity`` columns when they exist. DFDC's metadata names a fake's
    original (target) video only, never the identity pasted into it, so there a swapped-in face
    may also appear in training: a claim about unseen people needs a data set that records it.
    """
    if "family" not in splits.train:
        raise ValueError("family_splits needs a manifest with a 'family' column (the synthetic set has one).")
    keep = lambda df, fam: df[(df["y"] == 0) | (df["family"] == fam)].reset_index(drop=True)  # noqa: E731
    families = sorted(set(splits.test.loc[splits.test["y"] == 1, "family"]))
    parts = {"train": keep(splits.train, family), "val": keep(splits.val, family),
             **{f"test {fam}": keep(splits.test, fam) for fam in families}}
    _check_identities_apart(parts)
    return parts


def _people(frame: pd.DataFrame) -> set:
    """The identities whose faces ``frame`` shows: each target and each pasted one."""
    shown = set(frame["identity"])
    if "source_identity" in frame:
        shown |= set(frame.loc[frame["source_identity"] >= 0, "source_identity"])
    return shown


def _check_identities_apart(parts: dict[str, pd.DataFrame]) -> None:
    """Refuse family splits where a person seen in training is shown in a test part."""
    if "identity" not in parts["train"]:
        return  # no identity column (DFDC): nothing can be checked, see the docstring
    seen = _people(parts["train"])
    for name, frame in parts.items():
        shared = seen & _people(frame) if name.startswith("test") else set()
        if shared:
            raise data_tools.DatasetError(
                f"{len(shared)} identities of the training part are shown in '{name}' (e.g. "
                f"{sorted(shared)[:3]}): the splits do not keep people apart. Rescan the folder "
                "so that source_group links each face swap's two identities.")


def generalisation_runs(splits, profile: Profile, kind: str = "cnn", channels=CHANNEL_SETS["rgb"],
                        seeds=(0,), cache: InputCache | None = None) -> pd.DataFrame:
    """One row per (trained on, tested on, seed) of the generalisation matrix: test ROC-AUC,
    balanced accuracy, recall and specificity at 0.5, the validation threshold with the last
    three at it (``*_at_val_threshold``: these models train on more real faces than fakes,
    so 0.5 misreads them), and the epochs the run trained (the numbers chapter 08 reads a
    failed run from).

    ``cache``: a :func:`stack_cache` of all splits (the family splits are parts of them)."""
    rows = []
    families = sorted(set(splits.train.loc[splits.train["y"] == 1, "family"]))
    for family, seed in progress_bar(list(itertools.product(families, seeds)), desc="generalisation runs"):
        parts = family_splits(splits, family)
        tests = {k: v for k, v in parts.items() if k.startswith("test")}
        with _quiet_retracing():
            scores = train_and_score(kind, parts["train"], parts["val"], tests, profile, channels, seed, cache)
        for test_name, s in scores.items():
            rows.append({"trained on": family, "tested on": test_name.removeprefix("test "), "seed": seed,
                         **{m: s[m] for m in ("roc_auc", "balanced_accuracy", "recall", "specificity")},
                         "val_threshold": s["val_threshold"], "epochs": s["epochs"],
                         **{f"{m}_at_val_threshold": s["at_val_threshold"][m] for m in AT_THRESHOLD}})
    return pd.DataFrame(rows)


def as_matrix(cells: pd.DataFrame, values: str = "roc_auc") -> pd.DataFrame:
    """The matrix of :func:`generalisation_runs`' rows: trained on × tested on, the mean of
    ``values`` over the seeds."""
    return cells.pivot_table(index="trained on", columns="tested on", values=values, aggfunc="mean")


def generalisation(splits, profile: Profile, kind: str = "cnn", channels=CHANNEL_SETS["rgb"], seeds=(0,),
                   cache: InputCache | None = None) -> pd.DataFrame:
    """ROC-AUC when training on one family and testing on each: the diagonal is 'seen' fakes.

    ``cache``: a :func:`stack_cache` of all splits (the family splits are parts of them)."""
    return as_matrix(generalisation_runs(splits, profile, kind, channels, seeds, cache))


def handcrafted_summary(images: np.ndarray) -> np.ndarray:
    """Per-image summaries of the paper's trio: LBP histogram, edge density, colour histogram (32 bins)."""
    gray = features.to_gray(images)
    lbp_h = features.lbp_histograms(features.lbp(gray))
    dens = features.edge_density(features.canny_edges(gray))[:, None]
    colour = features.color_histograms(images, bins=32).reshape(len(images), -1)
    return np.hstack([lbp_h, dens, colour])


def spectrum_features(images: np.ndarray) -> np.ndarray:
    return features.azimuthal_spectrum(features.to_gray(images))


def linear_baseline(splits, profile: Profile, featurise, seed: int = 0) -> dict[str, float]:
    """Logistic regression on ``featurise(images)``: test ROC-AUC overall and per fake family."""
    def load(frame):
        images, y = data_tools.load_arrays(frame, profile.image_size)
        return featurise(images), y

    x_train, y_train = load(splits.train)
    x_test, y_test = load(splits.test)
    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, C=0.5, random_state=seed))
    clf.fit(x_train, y_train)
    p = clf.predict_proba(x_test)[:, 1]
    out = {"all fakes": roc_auc_score(y_test, p)}
    if "family" in splits.test:
        fam = splits.test["family"].to_numpy()
        for f in sorted(set(fam[y_test == 1])):
            keep = (y_test == 0) | (fam == f)
            out[f] = roc_auc_score(y_test[keep], p[keep])
    return out
