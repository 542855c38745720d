"""Chapter 04's sentences: what this run's two stopping rules and batch norm's averages did."""

from __future__ import annotations

import pandas as pd

PAPER, EARLY = "paper's rule", "early stopping on val_auc"  # the chapter's RULES keys
CLEAR_GAP = 0.05  # a mean ROC-AUC gap beyond this is "clear" (q2's bar)


def rule_means(means: pd.DataFrame, n_fired: int, n_seeds: int) -> str:
    """How often the paper's rule fired, and each rule's mean recall, specificity and
    balanced accuracy at 0.5 (``means``: one row per rule, as the chapter's table)."""
    paper, early = means.loc[PAPER], means.loc[EARLY]
    return (f"In your run the paper's rule fired in {n_fired} of {n_seeds} seeds. At the "
            f"`0.5` threshold its models found {paper['recall']:.3f} of the test fakes "
            f"and kept {paper['specificity']:.3f} of the real faces (balanced accuracy "
            f"{paper['balanced_accuracy']:.3f}); the early-stopped models found "
            f"{early['recall']:.3f} and kept {early['specificity']:.3f} (balanced "
            f"accuracy {early['balanced_accuracy']:.3f}).")


def auc_spread(means: pd.DataFrame, auc_range: pd.DataFrame) -> str:
    """Each rule's mean test ROC-AUC and its lowest and highest over the seeds
    (``auc_range``: columns ``min`` and ``max``, one row per rule)."""
    spans = {rule: f"{auc_range.loc[rule, 'min']:.3f} to {auc_range.loc[rule, 'max']:.3f}"
             for rule in (PAPER, EARLY)}
    return (f"Mean test ROC-AUC: {means.loc[PAPER, 'roc_auc']:.3f} against "
            f"{means.loc[EARLY, 'roc_auc']:.3f}; over the seeds it spans {spans[PAPER]} "
            f"under the paper's rule and {spans[EARLY]} under early stopping.")


def auc_gap_note(paper_auc: float, early_auc: float, epochs: int) -> str:
    """Nothing when early stopping ranks clearly better (the lesson shows); otherwise why
    this run does not show it: the gap is small, or the paper's rule ranks clearly better."""
    if early_auc - paper_auc > CLEAR_GAP:
        return ""
    if paper_auc - early_auc > CLEAR_GAP:
        return (f" Here the paper's rule ranks better, by {paper_auc - early_auc:.3f}: in this "
                "run the epoch it kept ranked the test faces better than the one early "
                "stopping chose on validation. The recorded default-profile run below shows "
                "what longer training does.")
    return (f" That gap is small: in {epochs} epochs Model 2 barely learns, so neither rule "
            "has a good epoch to keep. The recorded default-profile run below shows what "
            "longer training does.")


def rules_on_test(means: pd.DataFrame, auc_range: pd.DataFrame, n_fired: int,
                  n_seeds: int, epochs: int) -> str:
    """The paragraph under the means table: both rules at 0.5, their ROC-AUCs, and a note
    when the ROC-AUC gap does not favour early stopping."""
    note = auc_gap_note(means.loc[PAPER, "roc_auc"], means.loc[EARLY, "roc_auc"], epochs)
    return (rule_means(means, n_fired, n_seeds) + " " + auc_spread(means, auc_range)
            + note)


def against_the_record(profile_name: str, n_fired: int, n_seeds: int,
                       n_fired_recorded: int, gap: pd.DataFrame | None) -> str:
    """Your run next to the recorded laptop run, seed by seed (``gap``: absolute differences
    in recall, specificity and roc_auc), or, in another profile (``gap`` None), a pointer to
    compare the pattern only."""
    if gap is None:
        return (f"Your run is in the {profile_name} profile, the record in the laptop one: "
                "compare the pattern (which rule fires, which keeps real faces), not numbers.")
    return (f"Your run against the record: the paper's rule fired in {n_fired} of {n_seeds} "
            f"seeds here and in {n_fired_recorded} there; the largest difference in any "
            f"seed's ROC-AUC is {gap['roc_auc'].max():.3f}, and in its recall or "
            f"specificity {gap[['recall', 'specificity']].max().max():.3f}.")


def share_left(left: float) -> str:
    """The share of a moving average still its starting guess, in words below 1e-6."""
    if left >= 1e-6:
        return f"a share of about {left:.2g}"
    return "effectively none (under one in a million)"


def settling_note(left: float, at_chance: int) -> str:
    """Whether the run had too few steps for batch norm's averages to settle (over 5% of the
    starting guess left), and whether its epochs at chance bear that out."""
    if left <= 0.05:
        return "."
    if at_chance == 0:
        return (": too few steps for the averages to settle, by this section's reasoning, "
                "yet no epoch of your run sat at chance: the starting guesses did not hold "
                "validation there this time.")
    return (": too few steps for the averages to settle, so expect validation at chance "
            "here for the reason this section gives, even at `0.9`.")


def moving_averages(at_chance: int, n_epochs: int, steps: int, left: float,
                    momentum: float) -> str:
    """How many distinct epochs sat at chance, and how much of batch norm's moving averages
    is still the starting guess after ``steps`` steps (``left`` = momentum ** steps)."""
    return (f"In your run {at_chance} of the {n_epochs} distinct epochs of the six "
            "runs (a seed's two runs share their first epochs, counted once) had a validation "
            f"accuracy within `0.02` of chance. Your profile trains {steps} steps in all, so "
            f"{share_left(left)} of each moving average (the momentum, {momentum}, to the "
            f"power {steps}) is still its starting guess after the last one"
            + settling_note(left, at_chance))
