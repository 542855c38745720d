"""Chapter 03's sentences: what early stopping did in this run, and what the test scores say."""

from __future__ import annotations


def early_stopping_reading(stopped: bool, epochs_run: int, epochs: int, best_epoch: int,
                           patience: int) -> str:
    """Whether early stopping fired, could not fire (budget within the patience) or never
    fired, and which epoch's weights were restored (epochs counted from 1)."""
    if stopped:
        return (f"Early stopping fired after epoch {epochs_run} of {epochs}: "
                f"validation ROC-AUC had not beaten its best, at epoch {best_epoch}, "
                f"for {patience} epochs. The weights of epoch {best_epoch} were restored.")
    if epochs <= patience:  # it needs a best epoch, then `patience` epochs without one
        than = "fewer than" if epochs < patience else "as many as"
        return (f"Early stopping could not fire: this profile trains for only "
                f"{epochs} epochs, {than} the {patience} epochs without a new "
                f"best that the rule waits for. The weights of the best epoch, "
                f"{best_epoch}, were restored at the end.")
    return (f"Early stopping never fired: validation ROC-AUC reached a new best "
            f"within every stretch of {patience} epochs, so training ran all "
            f"{epochs} epochs. The weights of the best epoch, {best_epoch}, "
            f"were restored at the end.")


def one_answer(recall: float, specificity: float) -> bool:
    """True for a model that called every test face one class: recall 1 and specificity 0,
    or the reverse (a perfect model, 1 and 1, is no constant detector)."""
    return {float(recall), float(specificity)} == {0.0, 1.0}


def test_scores_reading(recall: float, specificity: float, n_fake: int, n_real: int,
                        epochs: int) -> str:
    """The share of test fakes found and of real faces kept (and about how many real faces
    that calls fake); for a model that gave one answer, that it is the constant detector."""
    if one_answer(recall, specificity):  # too short a run to learn: no scores to read
        called = "fake" if recall == 1.0 else "real"
        return (f"This model called every test face {called}: at the `0.5` threshold it is "
                f"the constant detector of chapter 00, whatever its ROC-AUC. A training loss "
                f"near ln 2 ≈ `0.693` (a coin toss's) says it has barely learnt: "
                f"{epochs} epochs are too few here. The default profile trains longer.")
    return (f"Of the {n_fake} test fakes this model found {recall:.3f}; of the "
            f"{n_real} real test faces it kept {specificity:.3f}, so it called "
            f"about {round((1 - specificity) * n_real)} real faces fake.")
