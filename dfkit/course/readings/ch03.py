"""Chapter 03's sentences: what early stopping did in this run, whether it was under-trained,
whether validation stayed ahead of training, when it gave one answer, and what the test
scores say."""

from __future__ import annotations

from collections.abc import Sequence


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
    found, kept = round(recall * n_fake), round(specificity * n_real)
    return (f"Of the {n_fake} test fakes this model found {found} ({recall:.1%}); of the "
            f"{n_real} real test faces it kept {kept} ({specificity:.1%}), so it called "
            f"{n_real - kept} real faces fake.")


def _epochs(numbers: list[int]) -> str:
    """``[1]`` → "epoch 1", ``[1, 2]`` → "epochs 1 and 2", ``[1, 2, 5]`` → "epochs 1, 2 and 5"."""
    if len(numbers) == 1:
        return f"epoch {numbers[0]}"
    return f"epochs {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"


def budget_reading(val_auc: Sequence[float], stopped: bool) -> str:
    """Whether the run was under-trained: its best epoch (on validation ROC-AUC, the first best,
    as early stopping keeps) is the last one and was still a rise; or it peaked earlier."""
    values = [float(v) for v in val_auc]
    run, best = len(values), values.index(max(values)) + 1
    if best == run and run > 1:
        return (f"The best epoch was the last one, {run} of {run}, and validation ROC-AUC "
                f"still rose in it ({values[-2]:.3f} → {values[-1]:.3f}): this model is "
                "under-trained. The profile's epoch budget, not early stopping, ended "
                "training, and more epochs (a larger `epochs=` in the training cell) would "
                "likely raise its scores.")
    if best == run:
        return ("The run trained a single epoch, so its curves cannot say whether more "
                "epochs would help.")
    after = run - best
    tail = ("so more epochs would likely not have helped" if stopped else
            "too few epochs after it to tell whether more would help")
    return (f"Validation ROC-AUC peaked at epoch {best} ({max(values):.3f}) and did not beat "
            f"it in the {after} epoch{'s' if after > 1 else ''} after: {tail}.")


def validation_ahead(auc: Sequence[float], val_auc: Sequence[float]) -> str:
    """In how many epochs validation ROC-AUC beat training's (history columns ``auc`` and
    ``val_auc``), with the last epoch's pair; the causes are the prose's, hedged."""
    train, val = [float(v) for v in auc], [float(v) for v in val_auc]
    ahead, run = sum(v > t for t, v in zip(train, val)), len(val)
    last = f"{val[-1]:.3f} against {train[-1]:.3f} in the last"
    if ahead == 0:
        return (f"In this run training ROC-AUC was at or above validation's in every epoch "
                f"({train[-1]:.3f} against {val[-1]:.3f} in the last).")
    share = (f"all {run} epochs" if ahead == run and run > 1 else "its one epoch"
             if run == 1 else f"{ahead} of its {run} epochs")
    return (f"In this run validation ROC-AUC was above training's in {share} ({last}); "
            "which of the causes above weighs most, the run cannot tell.")


def threshold_reading(val_auc: Sequence[float], val_recall: Sequence[float],
                      val_accuracy: Sequence[float], n_fake: int, n_real: int) -> str:
    """The epochs in which the model called every validation face one class (recall 0 or 1,
    with the accuracy that only that gives, quoted as the evidence), read against their
    ROC-AUC; "" when none did."""
    n, val_auc = n_fake + n_real, [float(v) for v in val_auc]  # a history column: index from 1
    accuracy = [float(a) for a in val_accuracy]
    groups = {"real": [], "fake": []}
    for epoch, (recall, acc) in enumerate(zip(val_recall, accuracy), start=1):
        correct = round(acc * n)
        if float(recall) == 0.0 and correct == n_real:
            groups["real"].append(epoch)
        elif float(recall) == 1.0 and correct == n_fake:
            groups["fake"].append(epoch)
    said = []
    for called, epochs in groups.items():
        if not epochs:
            continue
        aucs = " and ".join(f"{val_auc[e - 1]:.3f}" for e in epochs)
        accs = " and ".join(f"{accuracy[e - 1]:.3f}" for e in epochs)
        share = n_real if called == "real" else n_fake
        found = "no validation fake" if called == "real" else "every validation fake"
        side = "below" if called == "real" else "above"
        said.append(f"In {_epochs(epochs)} the model found {found} (validation recall "
                    f"{1.0 if called == 'fake' else 0.0:.3f}), and its validation accuracy, "
                    f"{accs}, is exactly the share of {called} faces ({share} of {n}). So it "
                    f"called every validation face {called}: all its probabilities were "
                    f"{side} `0.5`. Its validation ROC-AUC was {aucs} all the same, because "
                    "ROC-AUC asks only whether fakes get higher probabilities than real faces, "
                    "wherever `0.5` falls.")
    return " ".join(said)


def validation_gap(val_auc: Sequence[float], val: Sequence[float], test: Sequence[float],
                   n_val: int, n_test: int) -> str:
    """The kept model's ROC-AUC on validation against test, both from ``metrics.summary``
    (``val``, ``test``: value, low, high of a 95% interval; ``val_auc``: Keras's validation
    ROC-AUC per epoch, which early stopping watched). The luck of a pick is the likely cause
    when an epoch before the last was kept (picked among epochs that rose and fell); when the
    last was kept it adds little. Overlapping intervals are not read as "chance": only
    intervals that do not overlap at all say something."""
    values = [float(v) for v in val_auc]
    run, best = len(values), values.index(max(values)) + 1
    (v, v_low, v_high), (t, t_low, t_high) = ([float(x) for x in s] for s in (val, test))
    said = (f"Computed from the kept model's probabilities, its ROC-AUC is {v:.3f} on the "
            f"{n_val} validation faces and {t:.3f} on the {n_test} test faces. (The epoch "
            "log's figure can differ a little: Keras's AUC metric approximates, counting "
            "the scores at 200 fixed thresholds.) Their 95% intervals, which resample "
            f"identities, are [{v_low:.3f}, {v_high:.3f}] and [{t_low:.3f}, {t_high:.3f}].")
    if best < run and t < v:
        said += (f" Early stopping kept epoch {best} of {run}, whose validation score was "
                 "the highest of several that rose and fell. The highest of several noisy "
                 "scores is high partly by luck, so part of the gap is likely that luck.")
    elif best < run:
        said += (f" Early stopping picked epoch {best} of {run} on validation, yet test is "
                 "not below validation here. A score an epoch was picked by is optimistic "
                 "on average, not in every run.")
    else:
        said += (f" The kept weights are the last epoch's ({run} of {run}). Validation rose "
                 "to the end, so the pick followed the training and adds little luck of its "
                 "own.")
    if v_low <= t_high and t_low <= v_high:
        said += (" The intervals overlap, but overlap alone does not settle whether the gap "
                 "is chance: that needs an interval for the difference itself, which "
                 "chapter 06 shows (the paired way, for two models on the same faces).")
    else:
        differ = ": the two splits may differ in difficulty" if best == run else ""
        said += (" The intervals do not overlap at all, so chance alone is unlikely to "
                 f"explain the gap{differ}.")
    return said + " The test figure, on faces that chose nothing, is the one to report."
