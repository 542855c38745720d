"""Chapter 05's sentences: what the two searches kept, and what tuning Model 2 gained."""

from __future__ import annotations

import pandas as pd


def searches_reading(headline: pd.DataFrame, n_distinct: int, n_each: int,
                     same_trial: bool) -> str:
    """The test recall and specificity of each search's kept model (``headline``: metrics by
    row, ``objective val_recall`` / ``objective val_auc`` columns), and whether the two
    searches kept the same trial (then only the saved epoch can differ)."""
    by_recall, by_auc = headline["objective val_recall"], headline["objective val_auc"]
    shown = ("recall", "specificity")
    alike = all(f"{by_recall[k]:.3f}" == f"{by_auc[k]:.3f}" for k in shown)
    if not same_trial:
        kept = " The two searches kept different trials."
    elif alike:  # no difference to explain (both may have saved the same epoch)
        kept = " Both searches kept the same trial, and their saved models score alike here."
    else:
        kept = (" Both searches kept the same trial, so that difference comes from the epoch "
                "each search saved of it.")
    return (f"The two searches trained {n_distinct} distinct trials between them, "
            f"{n_each} each. On test, the `val_recall` search's model found "
            f"{by_recall['recall']:.3f} of the fakes and kept "
            f"{by_recall['specificity']:.3f} of the real faces; "
            f"the `val_auc` search's model found "
            f"{by_auc['recall']:.3f} and kept "
            f"{by_auc['specificity']:.3f}." + kept)


def objectives_reading(top: float, n_top: int, same_order: bool, same_trial: bool) -> str:
    """How many trials share the top validation recall (a tie is broken arbitrarily), whether
    the two objectives rank the trials alike, and whether they kept the same trial."""
    return (f"In your run the top validation recall, {top:.3f}, was reached by {n_top} "
            + ("trial" if n_top == 1 else "trials: a tie, broken arbitrarily")
            + "; the two objectives rank the trials in "
            + ("the same order; " if same_order else "different orders; ")
            + ("both searches kept the same trial, so only the saved epoch differs."
               if same_trial else "the searches kept different trials."))


def tuning_gain_reading(tuned: pd.Series, default_auc: float, gap: float,
                        rates: pd.Series, default_rate: float) -> str:
    """Model 2's best trial (``tuned``: score, dropout, learning_rate) against its defaults'
    validation ROC-AUC: the ``gap`` gained or not, and the learning rates the trials drew."""
    verdict = (f"gained {gap:.3f}." if round(gap, 3) > 0 else
               "matched them (the same to 3 decimals)." if round(gap, 3) == 0 else
               f"did not beat them ({gap:+.3f}).")
    return (f"Model 2's best trial reached a validation ROC-AUC of "
            f"{tuned['score']:.3f} (dropout {tuned['dropout']:.1f}, learning rate "
            f"{tuned['learning_rate']:.5f}); its defaults reached {default_auc:.3f}, "
            "so the search " + verdict
            + f" The trials drew learning rates from {rates.min():.5f} to "
            f"{rates.max():.5f}; the default is {default_rate:g}.")
