"""Chapter 03's sentences: what early stopping did in this run, whether it was under-trained,
whether validation stayed ahead of training, when it gave one answer, which epoch went
backwards on training, and what the test scores say (the last two as list items)."""

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
                f"near ln 2 ≈ `0.693` says its probabilities are still close to `0.5`: "
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


def budget_reading(val_auc: Sequence[float], stopped: bool,
                   more: str = "a larger `epochs=` in the training cell") -> str:
    """Whether the run was under-trained: its best epoch (on validation ROC-AUC, the first best,
    as early stopping keeps) is the last one and was still a rise; or it peaked earlier.
    ``more`` says how a student would give it more epochs where the reading is shown."""
    values = [float(v) for v in val_auc]
    run, best = len(values), values.index(max(values)) + 1
    if best == run and run > 1:
        return (f"The best epoch was the last one, {run} of {run}, and validation ROC-AUC "
                f"still rose in it ({values[-2]:.3f} → {values[-1]:.3f}): this model is "
                "under-trained. The profile's epoch budget, not early stopping, ended "
                f"training, and more epochs ({more}) would likely raise its scores.")
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


def _thin_margins(val: tuple[float, float, float], test: tuple[float, float, float],
                  thin: float) -> list[str]:
    """Each figure that lies inside the other's interval by less than ``thin`` (values rounded
    as shown), worded as "0.948, 0.001 inside test's [0.868, 0.949]"."""
    said = []
    for (x, _, _), (name, (_, low, high)) in ((test, ("validation's", val)),
                                              (val, ("test's", test))):
        margin = round(min(x - low, high - x), 3)
        if 0 <= margin < thin:
            said.append(f"{x:.3f}, {margin:.3f} inside {name} [{low:.3f}, {high:.3f}]")
    return said


def validation_gap(val_auc: Sequence[float], val: Sequence[float], test: Sequence[float],
                   n_val: int, n_test: int, thin: float = 0.01) -> list[str]:
    """The kept model's ROC-AUC on validation against test, one sentence or two an item, for
    :func:`~dfkit.course.readings.words.sentence_list` (``val``,
    ``test``: value, low, high of a 95% interval that resamples identities; ``val_auc``:
    Keras's validation ROC-AUC per epoch, which early stopping watched). The luck of a pick is
    a likely cause when an epoch before the last was kept; the last epoch's weights are what
    training without early stopping ends with, so that pick adds little. The splits hold
    different people either way. Each value inside the other's interval is read as a gap the
    intervals allow, hedged (only an interval for the difference settles it), and as at the
    edge of what chance allows when a value is inside by less than ``thin``; intervals that
    do not overlap at all as a gap chance alone hardly explains. Values are compared as shown,
    to 3 decimals."""
    values = [float(v) for v in val_auc]
    run, best = len(values), values.index(max(values)) + 1
    (v, v_low, v_high), (t, t_low, t_high) = shown = [
        tuple(round(float(x), 3) for x in s) for s in (val, test)]
    items = [f"Computed from the kept model's probabilities, its ROC-AUC is {v:.3f} on the "
             f"{n_val} validation faces and {t:.3f} on the {n_test} test faces, with 95% "
             f"intervals (resampling identities) [{v_low:.3f}, {v_high:.3f}] and "
             f"[{t_low:.3f}, {t_high:.3f}]. The epoch log's figure can differ a little: "
             "Keras's AUC metric approximates, counting the scores at 200 fixed thresholds."]
    if best < run and t < v:
        items.append(f"Early stopping kept epoch {best} of {run}, the highest of validation "
                     "scores that rose and fell. The highest of several noisy scores is high "
                     "partly by luck, so part of the gap is likely that luck.")
    elif best < run:
        items.append(f"Early stopping picked epoch {best} of {run} on validation, yet test is "
                     "not below validation here. A score an epoch was picked by is optimistic "
                     "on average, not in every run.")
    else:
        items.append(f"The kept weights are the last epoch's ({run} of {run}): the ones "
                     "training would have ended with without early stopping. So the "
                     "optimism of a pick, described above, is likely small here.")
    items.append("The two splits hold different people, some easier to tell than others, so "
                 "their scores can differ even for a model chosen on neither.")
    settle = "Only an interval for the difference itself would settle it (chapter 06 shows one)."
    thin_ones = _thin_margins(*shown, thin=thin)
    if v_low <= t <= v_high and t_low <= v <= t_high and thin_ones:
        items.append("Each figure lies inside the other's interval, but only just ("
                     + " and ".join(thin_ones) + "): the gap is at the edge of what chance "
                     "allows, and a rerun that moved a figure by more than that margin would "
                     "put it outside. " + settle)
    elif v_low <= t <= v_high and t_low <= v <= t_high:
        items.append("Each figure lies inside the other's interval, so a gap this size is "
                     "likely within what chance allows. " + settle)
    elif v_low <= t_high and t_low <= v_high:
        items.append("The intervals overlap, but one figure lies outside the other's "
                     "interval: the gap is at the edge of what chance allows. " + settle)
    else:
        items.append("The intervals do not overlap at all, so chance alone is unlikely to "
                     "explain the gap.")
    items.append("The test figure, on faces that chose nothing, is the one to report.")
    return items


def backwards_epoch(loss: Sequence[float], auc: Sequence[float],
                    val_auc: Sequence[float]) -> str:
    """The first epoch whose training loss rose and training ROC-AUC fell while validation
    ROC-AUC rose (epochs counted from 1), read as noise, hedged, with any later such epochs
    named; then the epochs where only one of the two training figures went backwards, which
    the prose's "loss up, ROC-AUC down" leaves out. "" when no epoch went back on both."""
    loss, auc, val = ([float(x) for x in c] for c in (loss, auc, val_auc))
    both, half = [], []
    for i in range(1, len(val)):
        up, down = loss[i] > loss[i - 1], auc[i] < auc[i - 1]
        if up and down and val[i] > val[i - 1]:
            both.append(i)
        elif up != down:
            half.append(i)
    if not both:
        return ""
    i = both[0]
    said = (f"Epoch {i + 1} went backwards on training (loss {loss[i - 1]:.3f} → "
            f"{loss[i]:.3f}, ROC-AUC {auc[i - 1]:.3f} → {auc[i]:.3f}) while validation "
            f"ROC-AUC rose ({val[i - 1]:.3f} → {val[i]:.3f}): the kind of epoch described "
            "above, most likely noise rather than a trend")
    said += (f"; so did {_epochs([j + 1 for j in both[1:]])}." if both[1:] else ".")
    if half:
        moves = "; ".join(f"epoch {j + 1}: loss {loss[j - 1]:.3f} → {loss[j]:.3f}, "
                          f"ROC-AUC {auc[j - 1]:.3f} → {auc[j]:.3f}" for j in half)
        said += (f" Where only one of the two training figures went backwards ({moves}), "
                 "the reading leaves the epoch out: the loss also weighs how confident each "
                 "answer is, ROC-AUC only their order, so the two need not move together.")
    return said
