"""Chapter 05's sentences: what the searches drew, what each kept (trial and saved epoch), how
the kept models read on test, and what tuning Model 2 gained."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from dfkit.course.readings.words import listing

_NOT_DRAWN = ("trial", "score", "status")


def draws_reading(trials: pd.DataFrame, default_rate: float | None = None) -> str:
    """What a trials table (``tuning.trials_table``) shows that a reader might take for a fault:
    a value every trial drew alike, and ``filters_i`` columns that are absent or unused; and,
    given the builder's ``default_rate``, learning rates all on one side of it (what a later
    comparison with the defaults may rest on)."""
    drawn = [c for c in trials if c not in _NOT_DRAWN]
    said = []
    if len(trials) > 1:
        alike = [f"`{c}` ({trials[c].iloc[0]:g})" for c in drawn
                 if trials[c].nunique(dropna=False) == 1 and pd.notna(trials[c].iloc[0])]
        if alike:
            every = "Both trials" if len(trials) == 2 else f"All {len(trials)} trials"
            said.append(f"{every} drew the same {listing(alike)}: a coincidence of this seed's "
                        "draws, not a stuck search. Keras Tuner draws every value afresh for "
                        "each trial from the search's seed, so the same seed repeats these "
                        "draws and another gives others; "
                        "`tuning.draws(models.build_cnn, seed=7, trials=3)` lists seed 7's "
                        "without training.")
            said.append(_what_was_compared(trials, drawn))
    if default_rate is not None and "learning_rate" in trials and len(trials) > 1:
        rates = trials["learning_rate"]
        side = ("below" if (rates < default_rate).all() else
                "above" if (rates > default_rate).all() else "")
        if side:
            said.append(f"Every trial drew a learning rate {side} the default of "
                        f"{default_rate:g} ({rates.min():.5f} to {rates.max():.5f}), so none "
                        "trained at the default's pace: this search cannot say how that pace "
                        "would have done.")

    if "conv_blocks" in trials:
        filters = sorted((int(m.group(1)), c) for c in drawn if (m := re.fullmatch(r"filters_(\d+)", c)))
        unused = [(row["trial"], int(row["conv_blocks"]), c) for _, row in trials.iterrows()
                  for i, c in filters if i >= row["conv_blocks"] and pd.notna(row[c])]
        most = int(trials["conv_blocks"].max())
        if unused:
            trial, blocks, column = unused[0]
            said.append(f"Trial {trial} drew {blocks} blocks yet lists `{column}`: another trial "
                        "declared it, and this trial's model does not use it.")
        elif filters and filters[-1][0] < 3:
            said.append(f"No trial drew more than {most} blocks, so none declared "
                        f"`filters_{filters[-1][0] + 1}`: the table has no column for it.")
    return " ".join(x for x in said if x) or "Nothing in these draws repeats across all trials."


_SHAPE = ("conv_blocks", "kernel_size", "dense_units")


def _what_was_compared(trials: pd.DataFrame, drawn: list[str]) -> str:
    """What a Model 1 search compared when its trials share part of their architecture: how
    many distinct architectures, differing in which hyperparameters (empty for Model 2)."""
    if "conv_blocks" not in trials:
        return ""
    shape = [c for c in drawn if c in _SHAPE or c.startswith("filters_")]
    shared = [c for c in shape if trials[c].nunique(dropna=False) == 1]
    if not shared:
        return ""

    def architecture(row) -> tuple:
        used = [c for c in shape if not c.startswith("filters_")
                or int(c.split("_")[1]) < row["conv_blocks"]]
        return tuple(row[c] for c in used)

    n = len({architecture(row) for _, row in trials.iterrows()})
    varied = [f"`{c}`" for c in shape if c not in shared]
    if n == 1:
        return ("So this search compared one architecture only, trained with different "
                "dropout and learning rates; q3 counts how many it could have drawn.")
    return (f"So this search compared {n} architectures of one shape, differing only in "
            f"{listing(varied)}: a tiny corner of the space, which q3 counts.")


def _auc(saved: pd.DataFrame) -> pd.Series:
    """Each saved model's validation ROC-AUC: the exact one (``roc_auc``, from its
    probabilities) where the table has it, else Keras's logged ``val_auc``."""
    return saved["roc_auc"] if "roc_auc" in saved else saved["val_auc"]


def _saved(saved: pd.DataFrame, search: str) -> str:
    row = saved.loc[search]
    return (f"epoch {int(row['epoch saved'])} (validation recall {row['val_recall']:.3f}, "
            f"ROC-AUC {_auc(saved)[search]:.3f})")


def _grid_gap(saved: pd.DataFrame) -> str:
    """Where Keras's 200-threshold ``val_auc`` and the exact ROC-AUC of a saved model differ by
    0.01 or more: which, by how much, and why."""
    if "roc_auc" not in saved:
        return ""
    gaps = (saved["roc_auc"] - saved["val_auc"]).abs().round(3)
    far = [search for search in saved.index if gaps[search] >= 0.01]
    if not far:
        return ""
    search = far[0]
    return (f"**Two ROC-AUCs.** For the `{search}` search's model Keras's grid gave "
            f"{saved.loc[search, 'val_auc']:.3f}, the exact value is "
            f"{saved.loc[search, 'roc_auc']:.3f}: many of its probabilities fall between the "
            "same two thresholds of the grid. The readings here use the exact value.")


_GPU = (" On a GPU, whose kernels are not bit-for-bit repeatable, the two searches' trainings of "
        "one trial may also differ a little.")


def objectives_reading(side: pd.DataFrame, saved: pd.DataFrame, gpu: bool = False) -> str:
    """On validation: the top ``val_recall`` and its ties, whether the two objectives rank the
    trials alike, and which trial and epoch each search kept (``side``: ``tuning.side_by_side``
    of searches named ``val_recall`` and ``val_auc``; ``saved``: ``tuning.saved_epochs``)."""
    top = side["val_recall"].max()
    n_top = int((side["val_recall"] == top).sum())
    both = side[["val_recall", "val_auc"]].dropna()
    same_order = both["val_recall"].rank().tolist() == both["val_auc"].rank().tolist()
    items = [f"**Top recall.** In your run the top validation recall was {top:.3f}, "
             + ("the score of a model that calls every face fake, " if top >= 1 else "")
             + (f"reached by {n_top} trials, which the search could only tell apart arbitrarily."
                if n_top > 1 else "reached by one trial only."),
             "**Ranking.** The two objectives rank the trials in "
             + ("the same order." if same_order else
                "different orders (read the gaps: trials a few hundredths apart on a split this "
                "small can swap places by chance).")]
    recall_trial, auc_trial = saved.loc["val_recall", "trial"], saved.loc["val_auc", "trial"]
    same_trial = bool((side["kept by"] == "both").any())
    epochs = saved["epoch saved"].astype(int)
    if not same_trial:
        items.append(f"**Kept.** The `val_recall` search kept trial {recall_trial} and saved its "
                     f"{_saved(saved, 'val_recall')}; the `val_auc` search kept trial "
                     f"{auc_trial} and saved its {_saved(saved, 'val_auc')}.")
        items.append(_contrast(saved, same_trial=False))
    elif epochs["val_recall"] == epochs["val_auc"]:
        items.append(f"**Kept.** Both searches kept trial {recall_trial} and saved the same "
                     f"epoch of it, {_saved(saved, 'val_recall')}." + (_GPU if gpu else ""))
    else:
        items.append(f"**Kept.** Both searches kept trial {recall_trial} (the same "
                     "hyperparameters, trained the same way), but saved different epochs of it: "
                     f"the `val_recall` search its {_saved(saved, 'val_recall')}, the `val_auc` "
                     f"search its {_saved(saved, 'val_auc')}." + (_GPU if gpu else ""))
        items.append(_contrast(saved, same_trial=True))
    items.append(_grid_gap(saved))
    return "\n\n".join(f"- {item}" for item in items if item)


def _contrast(saved: pd.DataFrame, same_trial: bool) -> str:
    """What the two saved models' validation scores show about ``val_recall`` as an objective:
    the same recall at very different ROC-AUC, or recall bought with ROC-AUC."""
    recalls = saved["val_recall"].round(3)
    aucs = _auc(saved).round(3)
    by_recall, by_auc = aucs["val_recall"], aucs["val_auc"]
    if by_recall >= by_auc:  # the recall search's pick ranks as well: nothing to contrast
        return ""
    weak = ("a model that ranks faces little better than chance (0.5)" if by_recall < 0.6
            else "a weaker ranker")
    if recalls["val_recall"] == recalls["val_auc"]:
        tie = (". The two epochs score the same recall (assuming, as above, that both "
               "searches trained the trial alike), and the search kept the earlier one "
               "(a save needs a strictly better score)" if same_trial else "")
        return (f"**What `val_recall` missed.** The same validation recall "
                f"({recalls['val_recall']:.3f}), yet ROC-AUC "
                f"{by_recall:.3f} against {by_auc:.3f}: `val_recall` cannot tell {weak} from "
                f"one that works{tie}.")
    if recalls["val_recall"] > recalls["val_auc"]:
        return (f"**What `val_recall` missed.** The `val_recall` search's pick gains "
                f"{recalls['val_recall'] - recalls['val_auc']:.3f} of validation recall and "
                f"gives up {by_auc - by_recall:.3f} of ROC-AUC, a loss its objective cannot "
                "see.")
    return ""


def kept_models_title(saved: pd.DataFrame) -> str:
    """The title of the test figure of the searches' kept models (``saved``:
    ``tuning.saved_epochs`` of searches named ``val_recall`` and ``val_auc``): one trial at two
    epochs is not two trials."""
    trials, epochs = saved["trial"], saved["epoch saved"].astype(int)
    if trials["val_recall"] != trials["val_auc"]:
        return "the trial each search kept, on test"
    if epochs["val_recall"] == epochs["val_auc"]:
        return f"trial {trials['val_recall']} at epoch {epochs['val_auc']}, kept by both, on test"
    return (f"trial {trials['val_recall']} at epochs {epochs['val_recall']} and "
            f"{epochs['val_auc']}, saved by each search, on test")


def searches_reading(headline: pd.DataFrame, same_trial: bool, n_real: int, n_fake: int,
                     gpu: bool = False, val_auc: Sequence[float] | None = None,
                     n_val: int | None = None) -> str:
    """The test recall and specificity of each search's kept model (``headline``: metrics by
    row, ``objective val_recall`` / ``objective val_auc`` columns), where the difference comes
    from, and why accuracy equals balanced accuracy on a balanced test split. ``val_auc``: the
    ``val_recall`` search's model's ROC-AUC on the ``n_val`` validation faces (value, low, high
    of a 95% interval that resamples identities), read against its test ROC-AUC: how far a
    split this small lets one model's score move."""
    by_recall, by_auc = headline["objective val_recall"], headline["objective val_auc"]
    shown = ("recall", "specificity")
    alike = all(f"{by_recall[k]:.3f}" == f"{by_auc[k]:.3f}" for k in shown)
    if not same_trial:
        kept = " The two searches kept different trials: two sets of hyperparameters differ here."
    elif alike:  # no difference to explain (both may have saved the same epoch)
        kept = " Both searches kept the same trial, and their saved models score alike here."
    else:
        kept = (" Both searches kept the same trial, so that difference comes from the epoch "
                "each search saved of it" + (" (and, on this GPU, perhaps a little from two "
                                             "slightly different trainings)." if gpu else "."))
    balanced = (f" Accuracy equals balanced accuracy in each column because the test split holds "
                f"as many real faces as fakes ({n_real} each)." if n_real == n_fake else "")
    said = (f"On test, the `val_recall` search's model found "
            f"{by_recall['recall']:.3f} of the fakes and kept "
            f"{by_recall['specificity']:.3f} of the real faces; "
            f"the `val_auc` search's model found "
            f"{by_auc['recall']:.3f} and kept "
            f"{by_auc['specificity']:.3f}." + kept + balanced)
    if val_auc is None:
        return said
    v, low, high = (round(float(x), 3) for x in val_auc)
    t = round(float(by_recall["roc_auc"]), 3)
    where = ("inside that interval: a split this small moves one model's ROC-AUC that far "
             "by chance alone" if low <= t <= high else
             "outside that interval: more than chance on a split this small usually gives, so "
             "the two splits' people likely differ in how hard they are to tell")
    return said + (f"\n\nOne model, two splits: the `val_recall` search picked its model "
                   "on recall, not on ROC-AUC, so that model's validation ROC-AUC is not the "
                   "top of several, and its gap to test shows what other faces alone do. It "
                   f"ranks the {n_val} validation faces at a ROC-AUC of {v:.3f} (95% "
                   f"interval, resampling identities, [{low:.3f}, {high:.3f}]) and the test "
                   f"faces at {t:.3f}, {where} (chapter 03 reads its model's two splits the "
                   "same way).")


def tuning_gain_reading(tuned: pd.Series, default_auc: float, gap: float,
                        rates: pd.Series, default_rate: float,
                        scores: pd.Series | None = None,
                        defaults: dict | None = None,
                        saved_epoch: int | None = None,
                        max_epochs: int | None = None) -> str:
    """Model 2's best trial (``tuned``: score, dropout, learning_rate) against its defaults'
    validation ROC-AUC, as a short list: the ``gap`` gained or lost; what the best trial shares
    with the defaults (``defaults``: the search space's ``default=`` values), so that a trial
    differing in one hyperparameter reads as the one-variable comparison it is; and the
    learning rates the trials drew (below the default in every trial: a possible reason for a
    loss, weakened when the trials' own ``scores`` do not rise with the rate). ``saved_epoch``:
    the epoch the search saved of its best trial, of ``max_epochs`` trained; when it is the last,
    the trial was still rising when its budget ended, which fits a slow rate (said)."""
    n = len(rates)
    lost = round(gap, 3) < 0
    verdict = (f"the search gained {gap:.3f}, though its score is the best of {n} trials, a "
               "pick that flatters it." if round(gap, 3) > 0 else
               "the search matched them (the same to 3 decimals)." if not lost else
               f"the search lost to them by {-gap:.3f}, although its score is the best of {n} "
               "trials, a pick that flatters it.")
    at = (f", at epoch {saved_epoch} of {max_epochs}" if saved_epoch and max_epochs else "")
    items = [f"**Scores.** Model 2's best trial reached a validation ROC-AUC of "
             f"{tuned['score']:.3f} (dropout {tuned['dropout']:.1f}, learning rate "
             f"{tuned['learning_rate']:.5f}{at}); its defaults reached {default_auc:.3f}: "
             + verdict]
    last = bool(saved_epoch and max_epochs and saved_epoch >= max_epochs)
    if defaults:
        same = [k for k, v in defaults.items() if k in tuned and round(float(tuned[k]), 6) ==
                round(float(v), 6)]
        other = [k for k in defaults if k in tuned and k not in same]
        if same and len(other) == 1:
            name = other[0]
            items.append(
                f"**What differs.** Its {listing([f'`{k}` ({defaults[k]:g})' for k in same])} "
                f"{'is' if len(same) == 1 else 'are'} the default's; only `{name}` differs "
                f"({float(tuned[name]):.2g} against {defaults[name]:g}), besides the defaults' "
                "early stopping (said below). A one-variable comparison, but of one run on one "
                "seed each.")
    span = f"{rates.min():.5f} to {rates.max():.5f}, against {default_rate:g}"
    if (rates < default_rate).all():
        drew = f"**Learning rates.** Every trial drew one below the default ({span})"
        if not lost:
            drew += "."
        elif scores is not None and len(scores) > 1 and \
                scores.loc[rates.idxmax()] < scores.max():
            short = scores.max() - scores.loc[rates.idxmax()]
            drew += (". A smaller rate moves the weights less in the same number of epochs: a "
                     "possible reason for losing to the defaults. But the trial with the largest rate "
                     f"({rates.max():.5f}) did not score best"
                     + (f" (only {short:.3f} below it), so the run neither shows this reason "
                        "nor rules it out." if short < 0.01 else ", so the run does not show it."))
        else:
            drew += (": a likely reason for losing to the defaults, since a smaller rate moves the weights "
                     "less in the same number of epochs.")
        if lost and last:
            drew += (f" One thing in the run fits it: the best trial's best epoch was its "
                     f"last ({saved_epoch} of {max_epochs}), so its score was still rising "
                     "when its budget ended, and more epochs might have raised it.")
    elif (rates > default_rate).all():
        drew = f"**Learning rates.** Every trial drew one above the default ({span})."
    else:
        drew = (f"**Learning rates.** The trials drew {rates.min():.5f} to {rates.max():.5f}; "
                f"the default is {default_rate:g}.")
    items.append(drew)
    return "\n\n".join(f"- {item}" for item in items)


def _favour(gap: float) -> str:
    """A gap (tuned minus defaults) in words, to 3 decimals."""
    gap = round(gap, 3)
    if not gap:
        return "no gap to 3 decimals"
    return (f"a gap of {abs(gap):.3f} in the "
            + ("defaults'" if gap < 0 else "tuned settings'") + " favour")


def _crowded_cell(probs) -> tuple[float, str]:
    """The share of ``probs`` in the most crowded cell of Keras's 200-threshold grid (199 cells
    of width 1/199 between 0 and 1), and where that cell lies, in words."""
    import numpy as np

    p = np.clip(np.asarray(probs, dtype=float).ravel(), 0.0, 1.0)
    counts, edges = np.histogram(p, bins=np.linspace(0.0, 1.0, 200))
    i = int(counts.argmax())
    where = (f"above {edges[i]:.3f}" if i == len(counts) - 1 else
             f"below {edges[1]:.3f}" if i == 0 else
             f"between {edges[i]:.3f} and {edges[i + 1]:.3f}")
    return counts[i] / len(p), where


def exact_gap_reading(tuned_exact: float, default_exact: float, keras_gap: float,
                      tuned_keras: float | None = None, tuned_probs=None) -> str:
    """Model 2's search against its defaults read again on the exact validation ROC-AUC, from
    each model's probabilities at the epoch it kept (``tuned_exact``: the best trial's saved
    epoch; ``default_exact``: the defaults' restored best epoch), beside ``keras_gap``, the gap
    of the logged ``val_auc`` (Keras's 200-threshold grid) that the search compared. The seed
    yardstick is exact ROC-AUC too, so it reads the exact gap: said here. Given the best trial's
    logged ``tuned_keras`` and its validation probabilities ``tuned_probs``, a grid value 0.005
    or more from the exact one is explained from the run: the share of probabilities in one
    cell of the grid, which Keras counts as ties."""
    exact_gap = round(tuned_exact, 3) - round(default_exact, 3)  # as printed
    same = ("the same as on Keras's grid, so the grid changes nothing here"
            if round(exact_gap, 3) == round(keras_gap, 3)
            else f"against {_favour(keras_gap)} on Keras's grid")
    why = ""
    if (tuned_keras is not None and tuned_probs is not None
            and abs(round(tuned_keras, 3) - round(tuned_exact, 3)) >= 0.005):
        share, where = _crowded_cell(tuned_probs)
        # a cause only when the crowded cell holds a large share (final review r21: a few
        # per cent in one cell does not explain the gap; the grid's other cells add to it)
        link = ("because" if share >= 0.25 else
                "in part, perhaps, because")
        why = (f" The best trial's two values differ (grid {tuned_keras:.3f}, exact "
               f"{tuned_exact:.3f}) {link} {share:.0%} of its {len(tuned_probs)} validation "
               f"probabilities lie {where}, in one cell of Keras's grid, which counts them as "
               "ties; the exact value still orders them.")
    return (f"**Exact values.** Recomputed from the probabilities at the epoch each kept, the "
            f"best trial's validation ROC-AUC is {tuned_exact:.3f} and the defaults' "
            f"{default_exact:.3f}: {_favour(exact_gap)}, {same}.{why} The seed yardstick "
            "below is exact ROC-AUC too, so it reads this exact gap.")


def _all_fake_epochs(history: pd.DataFrame) -> list[int]:
    """The epochs whose validation logs show every face called fake: recall 1 and accuracy equal
    to precision below 1 (with no fake missed, these agree only when no real face was kept or
    none was lost), compared as shown, to 3 decimals."""
    if not {"val_recall", "val_accuracy", "val_precision"} <= set(history):
        return []
    shown = history[["val_recall", "val_accuracy", "val_precision"]].round(3)
    every = ((shown["val_recall"] == 1) & (shown["val_accuracy"] == shown["val_precision"])
             & (shown["val_precision"] < 1))
    return [int(epoch) for epoch in shown.index[every]]


def early_stopping_reading(history: pd.DataFrame, max_epochs: int, gap: float,
                           loaded: bool = False) -> str:
    """Whether early stopping ended the defaults' run (``history``: one row per epoch trained,
    labelled from 1) and which way that cuts for the search's ``gap`` over them: a stop can only
    lower their best validation ROC-AUC. ``loaded``: the run came from dfkit's model cache,
    said first. Epochs that called every validation face fake are pointed out."""
    n, best = len(history), int(history["val_auc"].idxmax())
    source = ("This run trained nothing here: it loaded the defaults from dfkit's model cache, "
              "where an identical earlier run (of this chapter, or of chapter 06, which trains "
              "the same model) saved them with their history. " if loaded else "")
    if n >= max_epochs:
        said = (f"The defaults trained all {max_epochs} epochs (best validation ROC-AUC at "
                f"epoch {best}): early stopping never ended their run, so it changed nothing "
                "here.")
    else:
        said = (f"Early stopping ended the defaults' run after {n} of {max_epochs} epochs (best "
                f"validation ROC-AUC at epoch {best}).")
        if round(gap, 3) < 0:
            said += (" The stop could only have lowered their score, so it cannot explain why "
                     "they won.")
        elif round(gap, 3) > 0:
            said += (" The epochs it cut might have raised their score: part of the search's "
                     "gain may come from the stop, not from the settings.")
    fake = _all_fake_epochs(history)
    if fake:
        first = history.loc[fake[0]]
        epochs = listing([str(e) for e in fake])
        auc = first.get("val_auc", float("nan"))
        ranks = ("" if pd.isna(auc) else
                 f", though its `val_auc` of {auc:.3f} shows it still ranks fakes above reals "
                 "better than chance" if round(auc, 3) >= 0.55 else
                 f", and its `val_auc` of {auc:.3f} ranks them hardly better than chance")
        said += (f" In the table, epoch{'s' if len(fake) > 1 else ''} {epochs} "
                 f"{'score' if len(fake) > 1 else 'scores'} a validation recall of 1.000 at an "
                 f"accuracy of {first['val_accuracy']:.3f}"
                 + (" (the first of them)" if len(fake) > 1 else "")
                 + ": at the 0.5 threshold that model calls every face fake" + ranks
                 + ". A `val_recall` objective sees only the threshold's verdict, the same as "
                 "a constant answer's.")
    return source + said


def gap_against_seed_spread(gap: float, seed_aucs: pd.Series, profile_name: str,
                            n_val: int, n_test: int, n_trials: int,
                            record_profile: str = "laptop") -> str:
    """The search's ``gap`` over Model 2's defaults read against chapter 04's record of the same
    defaults over seeds (``seed_aucs``: test ROC-AUC per seed, on ``n_test`` faces), as a short
    list, the verdict first. The yardstick is the seeds' range times the square root of 2 (a
    difference of two runs): rough, said once, with why. The best of ``n_trials`` trials
    flatters the tuned score; the gap is read on ``n_val`` validation faces, whose own noise the
    yardstick leaves out (it would widen it: said). Within the yardstick: no verdict; up to
    twice it: at most a hint; beyond: a sign."""
    values = listing([f"{v:.3f}" for v in seed_aucs])
    spread = round(float(seed_aucs.max() - seed_aucs.min()), 3)
    record = (f"In that record, {len(seed_aucs)} seeds of Model 2's defaults scored a test "
              f"ROC-AUC of {values} on {n_test} faces: a spread of {spread:.3f}.")
    if profile_name != record_profile:
        return (f"- **One run's seed noise.** {record} Your run is in the `{profile_name}` "
                "profile (other data, other epochs), so that spread is no yardstick for your "
                f"gap; in the `{record_profile}` profile it is.")
    yardstick, size = round(spread * 2 ** 0.5, 3), round(abs(gap), 3)
    winner = "the defaults" if round(gap, 3) < 0 else "the tuned settings"
    favour = f"{size:.3f}" + (" in the defaults' favour" if winner == "the defaults" else "")
    # from the two numbers as printed, to 2 decimals, so a reader's division gives its digits
    ratio = size / yardstick if yardstick else float("inf")
    against = f"a rough yardstick of {yardstick:.3f}"
    if size <= yardstick:
        verdict = (f"This run's gap, {favour}, is within {against}: a change of seed alone "
                   "could move it that far, so these two runs cannot say which settings are "
                   "better.")
    elif ratio < 2:
        verdict = (f"This run's gap, {favour}, is {ratio:.2f} times {against}: beyond it, but "
                   f"not far, so at most a hint that {winner} did better, not a finding (the "
                   "yardstick leaves out the validation faces' own noise, which would widen "
                   "it).")
    else:
        times = f"{ratio:.2f} times {against}" if yardstick else f"beyond {against}"
        verdict = (f"This run's gap, {favour}, is {times}: likely more than a change of seed, "
                   f"so a sign that {winner} did better here; one run each is not a proof.")
    pick = (f"The tuned score is the best of {n_trials} trials, which flatters it: that works "
            "against the defaults, so it cannot explain their lead." if winner == "the defaults"
            else f"The tuned score is the best of {n_trials} trials, which flatters it by an "
            "amount the yardstick does not count.")
    items = [f"- **Verdict.** {verdict}",
             f"- **The yardstick.** {record} A gap subtracts two runs, each with its own seed "
             f"noise, hence the factor of the square root of 2 (about {2 ** 0.5:.1f}): both "
             "runs start from the same seed, but their different settings send them apart "
             "from the first step, so their noise is taken as independent. The "
             f"rule is rough ({len(seed_aucs)} seeds, a range taken for a standard deviation, "
             f"and seed noise only, while the gap is read on {n_val} validation faces, "
             f"not the record's {n_test} test faces): it "
             "tells a gap well inside it from one well beyond it, not more. The noise of "
             "which faces landed in validation, left out, would only widen it, so each "
             "verdict here is, if anything, generous.",
             f"- **The pick.** {pick}"]
    return "\n\n".join(items)


def trials_budget(trials: int, paper_trials: int, epochs: int, profile_name: str,
                  searches: int = 3) -> str:
    """Why this profile's searches run ``trials`` trials where the paper runs ``paper_trials``:
    each trial is a model trained for ``epochs`` epochs, and the chapter runs ``searches``."""
    models = searches * trials
    if trials < paper_trials:
        return (f"The `{profile_name}` profile runs {trials} trials per search, not the paper's "
                f"{paper_trials}, to save time: each trial trains a model for {epochs} epochs, "
                f"and this chapter runs {searches} searches ({models} models). The `paper` profile "
                f"runs {paper_trials}.")
    return (f"The `{profile_name}` profile runs {trials} trials per search, as many as the "
            f"paper's {paper_trials}: each trains a model for {epochs} epochs, {models} models "
            f"over the {searches} searches.")


def kept_model_labels(saved: pd.DataFrame) -> dict[str, str]:
    """The test figure's legend: each kept model named by its search's objective and the epoch
    saved (``saved``: ``tuning.saved_epochs`` of searches named ``val_recall`` and
    ``val_auc``), keyed by the test table's columns (``objective val_recall``, ...)."""
    return {f"objective {search}": f"{search} search, trial {row['trial']}, epoch "
                                   f"{int(row['epoch saved'])}"
            for search, row in saved.iterrows()}
