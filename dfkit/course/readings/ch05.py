"""Chapter 05's sentences: what the searches drew, what each kept (trial and saved epoch), how
the kept models read on test, and what tuning Model 2 gained."""

from __future__ import annotations

import re

import pandas as pd

_NOT_DRAWN = ("trial", "score", "status")


def _names(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def draws_reading(trials: pd.DataFrame) -> str:
    """What a trials table (``tuning.trials_table``) shows that a reader might take for a fault:
    a value every trial drew alike, and ``filters_i`` columns that are absent or unused."""
    drawn = [c for c in trials if c not in _NOT_DRAWN]
    said = []
    if len(trials) > 1:
        alike = [f"`{c}` ({trials[c].iloc[0]:g})" for c in drawn
                 if trials[c].nunique(dropna=False) == 1 and pd.notna(trials[c].iloc[0])]
        if alike:
            every = "Both trials" if len(trials) == 2 else f"All {len(trials)} trials"
            said.append(f"{every} drew the same {_names(alike)}: each trial draws "
                        "every value afresh, so this is a coincidence of this seed's draws, not a "
                        "stuck search.")
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
    return " ".join(said) or "Nothing in these draws repeats across all trials."


def _saved(saved: pd.DataFrame, search: str) -> str:
    row = saved.loc[search]
    return (f"epoch {int(row['epoch saved'])} (validation recall {row['val_recall']:.3f}, "
            f"ROC-AUC {row['val_auc']:.3f})")


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
    said = (f"In your run the top validation recall was {top:.3f}, "
            + ("the score of a model that calls every face fake, " if top >= 1 else "")
            + (f"reached by {n_top} trials: a tie, which the search broke arbitrarily"
               if n_top > 1 else "reached by one trial alone (no tie to break)")
            + ". The two objectives rank the trials in "
            + ("the same order. " if same_order else
               "different orders (read the gaps: trials a few hundredths apart on a split this "
               "small can swap places by chance). "))
    recall_trial, auc_trial = saved.loc["val_recall", "trial"], saved.loc["val_auc", "trial"]
    same_trial = bool((side["kept by"] == "all").any())
    if not same_trial:
        return said + (f"The `val_recall` search kept trial {recall_trial} and saved its "
                       f"{_saved(saved, 'val_recall')}; the `val_auc` search kept trial "
                       f"{auc_trial} and saved its {_saved(saved, 'val_auc')}.")
    epochs = saved["epoch saved"].astype(int)
    if epochs["val_recall"] == epochs["val_auc"]:
        kept = (f"Both searches kept trial {recall_trial} and saved the same epoch of it, "
                f"{_saved(saved, 'val_recall')}.")
    else:
        kept = (f"Both searches kept trial {recall_trial} (the same hyperparameters, trained the "
                f"same way), but saved different epochs of it: the `val_recall` search its "
                f"{_saved(saved, 'val_recall')}, the `val_auc` search its "
                f"{_saved(saved, 'val_auc')}.")
    return said + kept + (_GPU if gpu else "")


def searches_reading(headline: pd.DataFrame, same_trial: bool, n_real: int, n_fake: int,
                     gpu: bool = False) -> str:
    """The test recall and specificity of each search's kept model (``headline``: metrics by
    row, ``objective val_recall`` / ``objective val_auc`` columns), where the difference comes
    from, and why accuracy equals balanced accuracy on a balanced test split."""
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
    return (f"On test, the `val_recall` search's model found "
            f"{by_recall['recall']:.3f} of the fakes and kept "
            f"{by_recall['specificity']:.3f} of the real faces; "
            f"the `val_auc` search's model found "
            f"{by_auc['recall']:.3f} and kept "
            f"{by_auc['specificity']:.3f}." + kept + balanced)


def tuning_gain_reading(tuned: pd.Series, default_auc: float, gap: float,
                        rates: pd.Series, default_rate: float) -> str:
    """Model 2's best trial (``tuned``: score, dropout, learning_rate) against its defaults'
    validation ROC-AUC: the ``gap`` gained or lost, and the learning rates the trials drew
    (below the default in every trial: a likely reason for a loss)."""
    n = len(rates)
    lost = round(gap, 3) < 0
    verdict = (f"gained {gap:.3f}, though its score is the best of {n} trials, a pick that "
               "flatters it more than the defaults' single run." if round(gap, 3) > 0 else
               "matched them (the same to 3 decimals)." if not lost else
               f"lost to them ({gap:+.3f}), even though its score is the best of {n} trials, a "
               "pick that flatters it.")
    span = f"{rates.min():.5f} to {rates.max():.5f}, against {default_rate:g}"
    if (rates < default_rate).all():
        drew = (f" Every trial drew a learning rate below the default ({span})"
                + (": a likely reason, since a smaller rate moves the weights less in the same "
                   "number of epochs." if lost else "."))
    elif (rates > default_rate).all():
        drew = f" Every trial drew a learning rate above the default ({span})."
    else:
        drew = (f" The trials drew learning rates from {rates.min():.5f} to {rates.max():.5f}; "
                f"the default is {default_rate:g}.")
    return (f"Model 2's best trial reached a validation ROC-AUC of "
            f"{tuned['score']:.3f} (dropout {tuned['dropout']:.1f}, learning rate "
            f"{tuned['learning_rate']:.5f}); its defaults reached {default_auc:.3f}, "
            "so the search " + verdict + drew)


def gap_against_seed_spread(gap: float, seed_aucs: pd.Series, profile_name: str,
                            record_profile: str = "laptop") -> str:
    """The search's ``gap`` over Model 2's defaults read against chapter 04's record of the same
    defaults over seeds (``seed_aucs``: test ROC-AUC per seed): the yardstick a single pair of
    runs needs, hedged (a range of a few seeds, on another split; a difference of two single runs
    varies more than one run)."""
    low, high = float(seed_aucs.min()), float(seed_aucs.max())
    spread = high - low
    said = (f"Chapter 04's record (the `{record_profile}` profile, 2026-12-05) trained Model 2 "
            f"with these defaults on {len(seed_aucs)} seeds: test ROC-AUC from {low:.3f} to "
            f"{high:.3f}, a spread of {spread:.3f}.")
    if profile_name != record_profile:
        return (said + f" Your run is in the `{profile_name}` profile (other data, other "
                "epochs), so that spread is no yardstick for your gap; in the default profile "
                "it is.")
    if abs(gap) > spread:
        return (said + f" This run's gap ({gap:+.3f}) is larger than that spread: more than a "
                "change of seed usually moves one run. Suggestive, not conclusive: the spread "
                f"comes from {len(seed_aucs)} seeds on the test split, and a difference of two "
                "single runs varies about 1.4 times (the square root of 2) as much as one run.")
    return (said + f" This run's gap ({gap:+.3f}) is within that spread: a change of seed alone "
            "can move one run that far, so these two runs cannot say which settings are better.")
