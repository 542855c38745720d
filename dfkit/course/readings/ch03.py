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
    as early stopping keeps) is the last one, read on the whole curve (in how many epochs
    validation ROC-AUC rose, not in the last alone: one step's rise may be noise, round 20's
    report); or it peaked earlier.
    ``more`` says how a student would give it more epochs where the reading is shown."""
    values = [float(v) for v in val_auc]
    run, best = len(values), values.index(max(values)) + 1
    if best == run and run > 1:
        rose = sum(b > a for a, b in zip(values, values[1:]))
        if rose == run - 1:
            how, likely = "rose in every epoch after the first", "would likely"
        else:
            how, likely = f"rose in {rose} of the {run - 1} epochs after the first", "may"
        is_ = "is" if rose == run - 1 else "may be"
        return (f"This model {is_} under-trained: validation ROC-AUC {how}, from "
                f"{values[0]:.3f} to {values[-1]:.3f}, and its best epoch was the last, "
                f"{run} of {run}. The profile's epoch budget, not early stopping, ended "
                f"training, and more epochs ({more}) {likely} raise its scores.")
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
        said.append(f"In {_epochs(epochs)} the model called every validation face "
                    f"{called} (all its probabilities {side} `0.5`): it found {found} "
                    f"(recall {1.0 if called == 'fake' else 0.0:.3f}), and its accuracy, "
                    f"{accs}, is exactly the share of {called} faces ({share} of {n}). Its "
                    f"ROC-AUC was {aucs} all the same: ROC-AUC asks only whether fakes get "
                    "higher probabilities than real faces, wherever `0.5` falls.")
    return " ".join(said)


Z_95 = 1.96  # a 95% interval spans about this many standard errors either side


def gap_in_standard_errors(val: tuple[float, float, float],
                           test: tuple[float, float, float]) -> list[str]:
    """How many standard errors the gap between two independent figures is (value, low,
    high of each one's 95% interval), as two list items, the verdict first, then each
    figure's standard error, which a reader needs to redo the chapter's visible arithmetic
    (one item where there is no gap or no width): each estimated as the interval's width /
    3.92 (an approximation, said so), the gap's as the root of the sum of their squares (the
    splits share no identities; the chapter's cell and its prose show both steps, round 19's
    report found the reading's repeat of them hard going), and the gap, in those units, read
    as well within (under 1), within (under 2) or beyond (2 or more, about the 95% limit)
    what chance alone gives. Values are used as shown, to 3 decimals."""
    (v, v_low, v_high), (t, t_low, t_high) = (
        tuple(round(float(x), 3) for x in s) for s in (val, test))
    if v == t:
        return ["The two figures are equal as shown: there is no gap for chance to explain."]
    se_v, se_t = (v_high - v_low) / (2 * Z_95), (t_high - t_low) / (2 * Z_95)
    se_gap = (se_v**2 + se_t**2) ** 0.5
    lead = "validation's lead" if v > t else "test's lead"
    if not se_gap > 0:  # zero-width (or undefined) intervals: nothing to measure the gap by
        return [f"Both intervals have no width, so they cannot say whether {lead} of "
                f"{abs(v - t):.3f} is chance."]
    z = round(abs(v - t) / se_gap, 1)
    verdict = ("well within what chance alone gives" if z < 1 else
               "within what chance alone gives" if z < 2 else
               "beyond what chance alone usually gives")
    return [f"{lead[0].upper() + lead[1:]} of {abs(v - t):.3f} is {verdict}: it is "
            f"{z:.1f} standard errors of the gap ({se_gap:.3f}), where about 2 marks the "
            "95% limit.",
            f"Each figure's own standard error, its interval's width / {2 * Z_95:.2f} as in "
            f"the cell above, is {se_v:.3f} on validation and {se_t:.3f} on test (an "
            "approximation: a bootstrap interval need not be symmetric)."]


def _scaled_error(se_test: float, ids_val: int, ids_test: int) -> float:
    """Validation's standard error scaled from test's (as shown) by the identities, the 1/√n
    rule: test's × √(ids_test / ids_val), to 3 decimals."""
    return round(round(se_test, 3) * (ids_test / ids_val) ** 0.5, 3)


def _narrower_validation(gap: float, se_val: float, se_test: float, ids_val: int,
                         ids_test: int) -> str:
    """Why validation's standard error came out below test's though it holds fewer
    identities, against the evaluation's 1/√n rule (round 19's report), and, in one clause,
    whether the gap's verdict holds with validation's error scaled from test's by the
    identities (round 20's report); "" otherwise. Three short sentences, a list item of its
    own (round 22's report: one sentence of 100 words lost the reader). Errors as shown, to
    3 decimals."""
    if not (ids_val < ids_test and round(se_val, 3) < round(se_test, 3)):
        return ""
    z_shown = round(abs(gap) / (se_val**2 + se_test**2) ** 0.5, 1)  # the verdict's count
    se_rule = _scaled_error(se_test, ids_val, ids_test)
    se_test = round(se_test, 3)  # as shown, so that a reader can redo the arithmetic
    z_rule = round(abs(gap) / (se_rule**2 + se_test**2) ** 0.5, 1)
    if z_rule < 2:
        holds = ("still within chance" if z_shown < 2 else
                 "within chance: the verdict above rests on validation's rough interval")
    else:
        holds = "still beyond chance"
    return (f"Validation's error is the smaller, though it holds fewer identities ({ids_val} "
            f"against test's {ids_test}), which by the 1/√n rule above means more noise: "
            "its figure is rough. Two things can shrink it: a ROC-AUC nearer 1 varies "
            "less, and a bootstrap that redraws so few identities tends to give too narrow "
            "an interval. With its error scaled from test's by the identities "
            f"({se_test:.3f} × √({ids_test}/{ids_val}) = {se_rule:.3f}), the gap is "
            f"{z_rule:.1f} standard errors, {holds}.")


def _last_epoch_kept(values: list[float], v: float, t: float, se: float,
                     scaled: bool) -> list[str]:
    """What the pick of the last epoch adds to validation's figure, in one sentence or two,
    verdict first. Where validation ROC-AUC rose in every epoch, luck turns on the kept
    epoch's lead over the next best (the last step), counted in validation's standard error
    ``se`` (the one scaled from test's when ``scaled``, since validation's own is then said
    to be too narrow): 2 or more, little optimism; 1 to 2, likely little (epochs scored on
    the same faces share much of their noise); under 1, luck could have put it on top
    (round 22's report: the smallest step was quoted, and the test left to the student;
    review 20: 0.700 to 0.703 by +0.001 steps is no clear winner). Where it rose and fell,
    part of a validation lead may be the luck of a pick. Values as shown, to 3 decimals."""
    run = len(values)
    if run == 1:
        return ["The kept weights are the run's only epoch's: nothing was picked, so the "
                "optimism of a pick, described above, does not arise."]
    if all(b > a for a, b in zip(values, values[1:])):
        lead = round(values[-1], 3) - round(values[-2], 3)
        said = (f"it leads the next best, epoch {run - 1}, by {lead:+.3f} in validation "
                "ROC-AUC")
        if not se > 0:
            return [f"The kept weights are the last epoch's, {run} of {run}, and {said}; "
                    "validation's interval has no width to measure that lead by."]
        k = round(lead / se, 1)
        where = ", scaled from test's above" if scaled else ""
        units = f"{k:.1f} of validation's standard errors ({se:.3f}{where})"
        if k >= 2:
            return [f"The pick of the last epoch, {run} of {run}, adds little optimism: "
                    f"{said}, {units}, a lead won on merit, not luck."]
        if k >= 1:
            return [f"The pick of the last epoch, {run} of {run}, likely adds little "
                    f"optimism: {said}, {units}. That is more than one score's noise, and "
                    "epochs scored on the same faces share much of theirs, which shrinks "
                    "the luck of a pick (the shared-noise cell above)."]
        return [f"The pick of the last epoch, {run} of {run}, may add optimism: {said}, "
                f"only {units}, so luck could have put it on top."]
    if t < v:
        return [f"The kept weights are the last epoch's, {run} of {run}, the highest of "
                "validation scores that rose and fell. The highest of several noisy scores "
                "is high partly by luck, so part of the gap may be that luck."]
    return [f"The kept weights are the last epoch's, {run} of {run}, picked on validation, "
            "yet test is "
            "not below validation here. A score an epoch was picked by is optimistic on "
            "average, not in every run."]


def validation_gap(val_auc: Sequence[float], val: Sequence[float], test: Sequence[float],
                   n_val: int, n_test: int, *, ids_val: int,
                   ids_test: int) -> list[str]:
    """The kept model's ROC-AUC on validation against test, one sentence or two an item, for
    :func:`~dfkit.course.readings.words.sentence_list` (``val``,
    ``test``: value, low, high of a 95% interval that resamples identities; ``val_auc``:
    Keras's validation ROC-AUC per epoch, which early stopping watched). Whether the gap is
    chance is read first, from its size in standard errors (:func:`gap_in_standard_errors`),
    not from whether the intervals overlap. Then its likely causes: the luck of a pick when
    an epoch before the last was kept; when the last was kept, its lead over the next best
    in validation's standard errors (:func:`_last_epoch_kept`); and the splits' different
    people; last, that test is the figure to report. ``ids_val`` and ``ids_test`` count each
    split's identities (what the bootstrap redraws): a validation error below test's though
    validation holds fewer is explained, and the gap read again with the error the 1/√n
    rule makes of test's (round 19's and 20's reports). Values are compared as shown, to 3
    decimals."""
    values = [float(v) for v in val_auc]
    run, best = len(values), values.index(max(values)) + 1
    (v, v_low, v_high), (t, t_low, t_high) = [
        tuple(round(float(x), 3) for x in s) for s in (val, test)]
    items = [f"Computed from the kept model's probabilities, its ROC-AUC is {v:.3f} on the "
             f"{n_val} validation faces and {t:.3f} on the {n_test} test faces, with 95% "
             f"intervals (resampling identities) [{v_low:.3f}, {v_high:.3f}] and "
             f"[{t_low:.3f}, {t_high:.3f}]. The epoch log's figure can differ a little: "
             "Keras's AUC metric approximates, counting the scores at 200 fixed thresholds."]
    items += gap_in_standard_errors((v, v_low, v_high), (t, t_low, t_high))
    se_v, se_t = (v_high - v_low) / (2 * Z_95), (t_high - t_low) / (2 * Z_95)
    # it follows the step-by-step errors, and only then may a hedge below rest on it
    narrower = (_narrower_validation(v - t, se_v, se_t, ids_val, ids_test)
                if len(items) > 2 else "")
    if narrower:  # its own item, in short sentences (round 22's report)
        items.insert(3, narrower)
    # the standard error the pick's lead is counted in: the scaled one where it is shown
    se_lead = (_scaled_error(se_t, ids_val, ids_test) if narrower
               else round(se_v, 3))
    if best < run and t < v:
        items.append(f"Early stopping kept epoch {best} of {run}, the highest of validation "
                     "scores that rose and fell. The highest of several noisy scores is high "
                     "partly by luck, so part of the gap is likely that luck.")
    elif best < run:
        items.append(f"Early stopping picked epoch {best} of {run} on validation, yet test is "
                     "not below validation here. A score an epoch was picked by is optimistic "
                     "on average, not in every run.")
    else:
        items += _last_epoch_kept(values, v, t, se_lead, bool(narrower))
    items.append("The two splits hold different people, some easier to tell than others, so "
                 "their scores can differ even for a model chosen on neither.")
    items.append("The test figure, on faces that chose nothing, is the one to report.")
    return items


def backwards_epoch(loss: Sequence[float], auc: Sequence[float],
                    val_auc: Sequence[float]) -> str:
    """The first epoch whose training loss rose and training ROC-AUC fell while validation
    ROC-AUC rose (epochs counted from 1), read as noise, hedged, with any later such epochs
    named; "" when no epoch went back on both. (An epoch where only one of the two training
    figures went back is left out: the loss also weighs confidence, ROC-AUC only order.)"""
    loss, auc, val = ([float(x) for x in c] for c in (loss, auc, val_auc))
    both = [i for i in range(1, len(val))
            if loss[i] > loss[i - 1] and auc[i] < auc[i - 1] and val[i] > val[i - 1]]
    if not both:
        return ""
    i = both[0]
    said = (f"Epoch {i + 1} went backwards on training (loss {loss[i - 1]:.3f} → "
            f"{loss[i]:.3f}, ROC-AUC {auc[i - 1]:.3f} → {auc[i]:.3f}) while validation "
            f"ROC-AUC rose ({val[i - 1]:.3f} → {val[i]:.3f}): the kind of epoch described "
            "above, most likely noise rather than a trend")
    return said + (f"; so did {_epochs([j + 1 for j in both[1:]])}." if both[1:] else ".")


def recall_jump(val_recall: Sequence[float], val_auc: Sequence[float]) -> str:
    """The epoch whose validation recall fell most while validation ROC-AUC rose (epochs
    counted from 1), read as the instability near the `0.5` threshold the prose describes
    (round 22's report: the run showed it, no reading said so); "" when no epoch did. An
    epoch that starts or ends at recall 0 or 1 is left out: an epoch that called every face
    one class has its own reading (:func:`threshold_reading`). Values as shown, to 3
    decimals."""
    recall = [round(float(r), 3) for r in val_recall]
    val = [round(float(v), 3) for v in val_auc]
    falls = [(recall[i - 1] - recall[i], i) for i in range(1, len(recall))
             if recall[i] < recall[i - 1] and val[i] > val[i - 1]
             and not {recall[i - 1], recall[i]} & {0.0, 1.0}]
    if not falls:
        return ""
    _, i = max(falls)
    return (f"At epoch {i + 1} validation recall fell ({recall[i - 1]:.3f} → "
            f"{recall[i]:.3f}) while validation ROC-AUC rose ({val[i - 1]:.3f} → "
            f"{val[i]:.3f}): the model ranked faces better, but its decisions near `0.5` "
            "moved, the instability described above.")
