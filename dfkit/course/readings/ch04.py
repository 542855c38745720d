"""Chapter 04's sentences: what this run's two stopping rules and batch norm's averages did."""

from __future__ import annotations

import pandas as pd

from dfkit.course.readings.words import listing

PAPER, EARLY = "paper's rule", "early stopping on val_auc"  # the chapter's RULES keys
CLEAR_GAP = 0.05  # a mean ROC-AUC gap beyond this is "clear" (q2's bar)


SHOWN_TYPES = ["Conv2D", "Add", "Dropout", "GlobalAveragePooling2D", "Dense"]  # the layer table's


def layers(model, table: pd.DataFrame, shape: tuple, defaults: dict) -> str:
    """The sentences above Model 2's layer table (``table``: ``models.layer_table(model)``;
    ``defaults``: ``resnet_search_space(Defaults())``): its size and its projected shortcuts."""
    blocks = int(table["layer"].str.endswith("_add").sum())
    projected = int(table["layer"].str.endswith("_proj").sum())
    total = int(model.count_params())
    return (f"Input shape {shape} (height, width, channels): {len(table)} layers, {total:,} "
            f"parameters. Only the first stage keeps its input's shape. The other {projected} "
            f"of {blocks} blocks halve the resolution and double the filters, so their "
            f"shortcuts are projections. `Defaults()` gives a dropout rate of "
            f"{defaults['dropout']} and a learning rate of {defaults['learning_rate']}.")


def hidden_layers(model, table: pd.DataFrame) -> str:
    """The sentences under Model 2's layer table: what it (``SHOWN_TYPES`` only) leaves out,
    and which parameters train."""
    import numpy as np

    left_out = table[~table["type"].isin(SHOWN_TYPES)]["type"].value_counts()
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    norm_params = int(table.loc[table["type"] == "BatchNormalization", "parameters"].sum())
    return (f"The table shows {len(table) - left_out.sum()} of the {len(table)} layers; its "
            "index counts every layer, so its gaps are the hidden ones: "
            f"{left_out.get('BatchNormalization', 0)} batch-norm layers, "
            f"{left_out.get('Activation', 0)} ReLU activations and "
            f"{left_out.get('InputLayer', 0)} input layer, none of which changes the shape. "
            f"The batch-norm layers hold {norm_params:,} of the parameters: per channel a "
            "scale and a shift, which train, and two moving averages, which do not. So "
            f"{trainable:,} parameters train. After pooling only channels remain.")


def _epochs(kept: list[int]) -> str:
    """Epoch numbers in words: "epoch 1" or "epochs 7, 9 and 8"."""
    if len(set(kept)) == 1:
        return f"epoch {kept[0]}"
    return "epochs " + listing([str(k) for k in kept])


def what_was_compared(paper_kept: list[int], early_trained: list[int],
                      early_kept: list[int], epochs: int) -> str:
    """Which epoch each rule kept, seed by seed, and whether early stopping stopped at all."""
    if set(early_trained) == {epochs}:
        early = (f"train all {epochs} epochs and keep the one with the best validation "
                 f"ROC-AUC ({_epochs(early_kept)} here; early stopping never stopped before "
                 "the last epoch)")
    else:
        early = (f"train until validation ROC-AUC stopped improving ({', '.join(map(str, early_trained))} "
                 f"epochs) and keep its best epoch ({_epochs(early_kept)})")
    return (f"So in this run the two rules are two choices of epoch from the same training: "
            f"keep {_epochs(paper_kept)} (the paper's rule), or {early}.")


def at_threshold(recall, specificity, within: float = 0.02) -> list[str]:
    """What each model did at its threshold, from its recall and specificity (sequences, one
    per model): "all fake", "all real" (within ``within`` of one answer for every face) or
    "mixed"."""
    answers = []
    for r, s in zip(recall, specificity):
        if r <= within and s >= 1 - within:
            answers.append("all real")
        elif s <= within and r >= 1 - within:
            answers.append("all fake")
        else:
            answers.append("mixed")
    return answers


def accuracy_note(n_fake: int, n_real: int) -> str:
    """Why the means table's accuracy does or does not equal its balanced accuracy."""
    if n_fake == n_real:
        return (f"The test split holds {n_fake} fakes and {n_real} real faces, as many of each, "
                "so accuracy (the share of faces called right) equals balanced accuracy (the "
                "mean of recall and specificity).")
    return (f"The test split holds {n_fake} fakes and {n_real} real faces, so accuracy leans "
            "towards the larger class; balanced accuracy (the mean of recall and "
            "specificity) weighs both classes alike.")


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
    return (f" The two mean ROC-AUCs differ by only {abs(early_auc - paper_auc):.3f}: in "
            f"{epochs} epochs Model 2 barely learns, so neither rule has a good epoch to keep. "
            "The recorded default-profile run below shows what longer training does.")


def rules_on_test(means: pd.DataFrame, auc_range: pd.DataFrame, n_fired: int,
                  n_seeds: int, epochs: int) -> str:
    """The sentence under the means table: what the table lacks (the spread over seeds) and
    what it means for ranking and for the 0.5 threshold (``means``: one row per rule;
    ``auc_range``: columns ``min`` and ``max``, one row per rule)."""
    spans = {rule: f"{auc_range.loc[rule, 'min']:.3f} to {auc_range.loc[rule, 'max']:.3f}"
             for rule in (PAPER, EARLY)}
    text = (f"In your run the paper's rule fired in {n_fired} of {n_seeds} seeds. Over the "
            f"seeds, test ROC-AUC spans {spans[PAPER]} under the paper's rule and "
            f"{spans[EARLY]} under early stopping")
    paper, early = means.loc[PAPER], means.loc[EARLY]
    if early["roc_auc"] - paper["roc_auc"] <= CLEAR_GAP:
        return text + "." + auc_gap_note(paper["roc_auc"], early["roc_auc"], epochs)
    apart = auc_range.loc[PAPER, "max"] < auc_range.loc[EARLY, "min"]
    text += (": the paper's rule's models rank worse, "
             + ("in every seed" if apart else "on average (the ranges overlap)") + ".")
    if paper["recall"] >= 0.98 and paper["specificity"] <= 0.02:
        return text + (" And at `0.5` they call every test face fake (a balanced accuracy "
                       f"of {paper['balanced_accuracy']:.3f}, against "
                       f"{early['balanced_accuracy']:.3f}): the threshold turns a weak "
                       "ranking into one answer for all, so they are worse at the threshold "
                       "as well as in ranking.")
    if paper["balanced_accuracy"] < early["balanced_accuracy"]:
        return text + " At `0.5` their balanced accuracy is lower too."
    return text


_RULE_WORDS = {PAPER: "the paper's rule", EARLY: "early stopping", "paper": "the paper's rule",
               "early stop": "early stopping"}


def _metrics_equal(mine: pd.DataFrame, theirs: pd.DataFrame) -> bool:
    """Every seed's recall, specificity and ROC-AUC the same to three decimals (as printed)."""
    metrics = ["recall", "specificity", "roc_auc"]
    gap = (mine[metrics] - theirs[metrics]).abs()
    return bool(gap.notna().all().all() and gap.max().max() < 0.0005)


def equals_the_record(profile_name: str, mine: pd.DataFrame, theirs: pd.DataFrame) -> bool:
    """True when a table of the record would repeat the run's: the laptop profile (the
    record's), the same (rule, seed) rows, and in each the same decisions (``rule fired``
    against ``fired``, ``epochs trained`` against ``epochs`` where the record has them) and
    metrics to three decimals. The chapter shows the record's table whenever this is False
    (review 20: it was hidden in laptop even when the run differed, while the prose quoted
    it). ``mine`` and ``theirs`` as for :func:`against_the_record`."""
    if profile_name != "laptop" or set(mine.index) != set(theirs.index):
        return False
    theirs = theirs.loc[mine.index]
    if not (mine["rule fired"].astype(bool) == theirs["fired"].astype(bool)).all():
        return False
    if "epochs" in theirs and not (mine["epochs trained"] == theirs["epochs"]).all():
        return False
    return _metrics_equal(mine, theirs)


def _record_frames(results: pd.DataFrame, recorded: pd.DataFrame,
                   short: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The run's rows and the record's, indexed by (rule, seed) with the rules' ``short``
    names, and the record with the run's table's derived columns (``stopped early`` against
    the laptop profile's epochs, the record's profile; ``at 0.5``)."""
    from dfkit import config

    epochs = config.get_profile("laptop").epochs
    recorded = recorded.assign(rule=recorded["rule"].map(short),
                               **{"stopped early": recorded["epochs"] < epochs,
                                  "at 0.5": at_threshold(recorded["recall"],
                                                         recorded["specificity"])})
    mine = results.assign(rule=results["rule"].map(short)).set_index(["rule", "seed"])
    return mine, recorded.set_index(["rule", "seed"]), recorded


def record_table(profile_name: str, results: pd.DataFrame, recorded: pd.DataFrame,
                 short: dict[str, str], names: dict[str, str],
                 columns: list[str]) -> pd.DataFrame | None:
    """The recorded laptop run (``recorded``: ``records.read("ch04_rules_laptop")``) as the
    chapter's table of ``results`` shows its runs (``short`` rule names, columns renamed by
    ``names``, the ``columns`` it has: it kept no ``kept`` epoch; 3 decimals), or None when
    that table would repeat the run's (:func:`equals_the_record`; report2_04, finding 6: the
    chapter's cell did this preparation in 13 lines)."""
    mine, theirs, recorded = _record_frames(results, recorded, short)
    if equals_the_record(profile_name, mine, theirs):
        return None
    table = recorded.rename(columns=names)
    return table[[c for c in columns if c in table.columns]].round(3)


def record_comparison(profile_name: str, results: pd.DataFrame, recorded: pd.DataFrame,
                      short: dict[str, str]) -> str:
    """:func:`against_the_record` for the chapter's ``results`` and the ``recorded`` run."""
    mine, theirs, _ = _record_frames(results, recorded, short)
    return against_the_record(profile_name, mine, theirs)


def against_the_record(profile_name: str, mine: pd.DataFrame, theirs: pd.DataFrame) -> str:
    """Your run next to the recorded laptop run, seed by seed: how many seeds the paper's rule
    fired in, that the two agree when they do (to three decimals), else the largest differences
    and where they are, and why runs of the same seeds differ
    (``mine``: the chapter's results, columns ``rule fired``, ``epochs trained``, ``recall``,
    ``specificity``, ``roc_auc``; ``theirs``: the record, columns ``fired``, the same metrics;
    both indexed by (rule, seed)). In another profile, a pointer to compare the pattern only."""
    if profile_name != "laptop":
        return (f"Your run is in the {profile_name} profile, the record in the laptop one: "
                "compare the pattern (which rule fires, which keeps real faces), not numbers.")
    paper = next(r for r in mine.index.unique(0) if _RULE_WORDS.get(r) == _RULE_WORDS[PAPER])
    n_fired = int(mine.loc[paper, "rule fired"].sum())
    fired_there = int(theirs.loc[paper, "fired"].sum())
    gap = (mine[["recall", "specificity", "roc_auc"]]
           - theirs[["recall", "specificity", "roc_auc"]]).abs()
    at_threshold = gap[["recall", "specificity"]].max(axis=1)

    def where(row) -> str:
        rule, seed = row
        return f"{_RULE_WORDS.get(rule, rule)}, seed {seed}"

    if max(gap["roc_auc"].max(), at_threshold.max()) < 0.0005:  # equal as printed
        return (f"Your run against the record: the paper's rule fired in {n_fired} of "
                f"{len(mine.loc[paper])} seeds here and in {fired_there} there, and every "
                "seed's recall, specificity and ROC-AUC equal the record's to three decimals: "
                "the same seeds and batches gave the same models. Another CPU or TensorFlow "
                "version can round a few operations differently; then compare the pattern, "
                "not the digits.")
    auc_row, threshold_row = gap["roc_auc"].idxmax(), at_threshold.idxmax()

    def trained(row) -> int:
        return int(mine.loc[row, "epochs trained"])

    def why(row) -> str:
        """Why a gap this large can appear in this run (its rule and epochs trained)."""
        epochs = trained(row)
        if epochs == 1:
            return ("after one epoch the network has barely learnt, and its scores move a lot "
                    "with such small differences, so even a one-epoch result can differ this "
                    "much")
        text = f"over {epochs} epochs of training such differences grow"
        if _RULE_WORDS.get(row[0]) == _RULE_WORDS[EARLY]:
            text += (", and early stopping may keep another epoch than it did in the record "
                     "(which the record did not keep)")
        return text

    epochs = trained(auc_row)
    text = (f"Your run against the record: the paper's rule fired in {n_fired} of "
            f"{len(mine.loc[paper])} seeds here and in {fired_there} there. The largest "
            f"difference in a seed's ROC-AUC is {gap['roc_auc'].max():.3f} ({where(auc_row)}, "
            f"{epochs} epoch{'s' if epochs > 1 else ''} of training). In recall or specificity "
            f"it is {at_threshold.max():.3f} ({where(threshold_row)}, {trained(threshold_row)} "
            f"epoch{'s' if trained(threshold_row) > 1 else ''}). Your run has the "
            "record's seeds and batches, yet runs may differ: for example another CPU or "
            "TensorFlow version can round a few operations differently, or the code may have "
            "changed since the record.")
    if why(auc_row) == why(threshold_row):
        reasons = f" For both, {why(auc_row)}."
    else:
        reasons = (f" For the ROC-AUC gap, {why(auc_row)}. For the recall or specificity gap, "
                   f"{why(threshold_row)}.")
    return text + reasons + " Compare the pattern, not the digits."


def share_left(left: float) -> str:
    """The share of a moving average still its starting guess, in words below 1e-6."""
    if left >= 1e-6:
        return f"a share of about {left:.2g}"
    return "effectively none (under one in a million)"


def one_sided(val_accuracy: list[float], val_recall: list[float], n_fake: int,
              n_real: int, within: float = 0.02) -> list[bool]:
    """Per epoch: did the network give (almost) every validation face the same answer?
    Recall at least ``1 - within`` with specificity at most ``within``, or the reverse;
    specificity comes from accuracy and recall (``n_fake``, ``n_real``: the split's
    classes), since Keras logs no validation specificity."""
    flags = []
    for accuracy, recall in zip(val_accuracy, val_recall):
        specificity = (accuracy * (n_fake + n_real) - recall * n_fake) / n_real
        flags.append((recall >= 1 - within and specificity <= within)
                     or (specificity >= 1 - within and recall <= within))
    return flags


def moving_averages(one_sided_epochs: list[int], n_epochs: int, per_epoch: int,
                    epochs: int, momentum: float, in_figure: bool = True) -> str:
    """How many distinct epochs gave every validation face one answer (``one_sided_epochs``:
    their epoch numbers), and whether batch norm's starting guesses can explain them
    (``per_epoch`` steps an epoch, ``momentum``). ``in_figure``: every seed's paper run was
    the first epochs of its early-stopped run, so the distinct epochs are the figure's."""
    if in_figure:
        where = ("A seed's paper run repeats the first epochs of its curve above (same "
                 "weights, same batches), so the figure holds every distinct epoch. In your "
                 f"run {len(one_sided_epochs)} of the {n_epochs} epochs in the figure")
    else:
        where = ("Counting the epochs a seed's two runs share once (the figure shows the "
                 f"early-stopped runs only), in your run {len(one_sided_epochs)} of the "
                 f"{n_epochs} epochs of the six runs")
    text = (f"{where} gave (almost) every validation face the same answer: a validation "
            "recall of at least `0.98` with a specificity of at most `0.02`, or the reverse")
    steps = per_epoch * epochs
    if momentum ** steps > 0.05:
        return text + (f". Your profile trains only {steps} steps, after which "
                       f"{share_left(momentum ** steps)} of each moving average is still its "
                       "starting guess: too few for the averages to settle, and for the "
                       "network to learn much, so either can explain such an epoch here.")
    if not one_sided_epochs:
        return text + ": neither the averages nor the network held validation at one answer."
    later = sorted(e for e in one_sided_epochs if e > 1)
    after_one = share_left(momentum ** (2 * per_epoch))
    if not later:
        return text + (f". All of them were epoch 1. By the end of epoch 2 {after_one} of "
                       "each moving average is still its starting guess, and every later "
                       "epoch answered both ways. Only the first epoch needs explaining.")
    return text + (f". {len(later)} of them came after epoch 1 ({_epochs(later)}), when at "
                   f"most {after_one} of each moving average is still its starting guess. "
                   "The starting guesses do not explain those: the network gave one answer "
                   "there itself.")


def first_epoch(steps: int, left: float, train_accuracy: float, train_recall: float,
                seed: int, one_sided_first: bool = True, momentum: float = 0.9) -> str:
    """Why a first epoch can give every validation face one answer: three possible causes
    (starting guesses, averages that lag fast-changing weights, a network that has barely
    learnt), and what this run shows of the last (``left``: share of each average still its
    starting guess after ``steps``; ``momentum``: the layers' momentum, whose average spans
    about ``1 / (1 - momentum)`` recent steps). Nothing when no first epoch did
    (``one_sided_first`` False)."""
    if not one_sided_first:
        return ""
    window = round(1 / (1 - momentum))
    text = (f"Three explanations may fit a first epoch that gives every face one answer. After "
            f"its {steps} steps about {left:.0%} of each moving average is still its starting "
            f"guess; the average weighs roughly the last {window} steps, so it may lag weights "
            "that change fast; or the network has barely learnt yet. ")
    if train_recall >= 0.98 or train_recall <= 0.02:
        return text + (f"In the first figure seed {seed} ended epoch 1 with a training "
                       f"recall of {train_recall:.2f}: in training mode too it gave (almost) "
                       "every face one answer, so a network that has barely learnt explains "
                       "the epoch as well, and this run cannot tell them apart.")
    if train_accuracy < 0.8:
        return text + (f"In the first figure seed {seed} ended epoch 1 with a training "
                       f"accuracy of {train_accuracy:.2f} and a training recall of "
                       f"{train_recall:.2f}. So in training mode it answered both ways. But "
                       "those figures average over an epoch in which the weights changed "
                       "fast: they say little about the network at the epoch's end. This run "
                       "cannot tell the explanations apart; the benchmark described below "
                       "scores one seed's weights both ways, with the moving averages and "
                       "with each batch's own statistics.")
    return text + (f"In the first figure seed {seed} already reached a training accuracy of "
                   f"{train_accuracy:.2f} in epoch 1, so here the averages are the likelier "
                   "cause.")


def batch_norm_epochs(pairs: list[tuple[pd.DataFrame, pd.DataFrame]], seeds: list[int],
                      labels, per_epoch: int, epochs: int, momentum: float) -> str:
    """The reading under the validation curves: which distinct epochs gave every validation
    face one answer (:func:`moving_averages`) and the first epoch's three possible causes
    (:func:`first_epoch`). ``pairs``: per seed, (the paper's run's history, early stopping's);
    a seed's two runs share their first epochs (same weights, same batches), so a shorter run
    that repeats the longer one's first epochs is counted once. ``labels``: the validation
    labels (1 = fake); ``per_epoch``: steps an epoch."""
    distinct, in_figure = [], True
    for paper, early in pairs:
        longer, shorter = (paper, early) if len(paper) >= len(early) else (early, paper)
        prefix = longer["val_accuracy"].to_numpy()[:len(shorter)]
        shared = bool((prefix == shorter["val_accuracy"].to_numpy()).all())
        distinct.append(longer if shared else pd.concat([paper, early]))
        in_figure = in_figure and shared and longer is early
    every = pd.concat(distinct)
    n_fake = int(sum(labels))
    flags = one_sided(every["val_accuracy"], every["val_recall"], n_fake, len(labels) - n_fake)
    epochs_one_sided = every.index[flags].tolist()
    first = pairs[0][1].iloc[0]  # the first seed's early-stopped run: the first figure
    return (f"The validation split holds {n_fake} fakes and {len(labels) - n_fake} real "
            "faces. "
            + moving_averages(epochs_one_sided, len(every), per_epoch, epochs, momentum,
                            in_figure)
            + "\n\n" + first_epoch(per_epoch, momentum ** per_epoch, first["accuracy"],
                                    first["recall"], seeds[0],
                                    one_sided_first=1 in epochs_one_sided,
                                    momentum=momentum)).strip()


def kept_epoch(history: pd.DataFrame, kept: int, seed: int, labels, dip: float = 0.1) -> str:
    """A sentence when the epoch early stopping kept (``kept``, 1-based) has a validation
    recall well below (``dip``) the best of the other epochs after the first (the first
    often calls every face fake): it kept the epoch for its ranking, not for its threshold.
    Both epochs are named by recall and specificity (the latter from ``val_accuracy`` and the
    validation ``labels``, 1 = fake): report_04 (21), finding 4, "only 0.70, although epoch 10
    reached 1.00" read recall as the goal. Nothing otherwise."""
    later = history.loc[[e for e in history.index if e > 1 and e != kept], "val_recall"]
    recall = history.loc[kept, "val_recall"]
    if later.empty or recall > later.max() - dip:
        return ""
    n = len(labels)
    n_fake = int(sum(labels))

    def specificity(epoch: int) -> float:
        # the real faces called real: every right verdict but the fakes found
        right = history.loc[epoch, "val_accuracy"] * n
        return (right - history.loc[epoch, "val_recall"] * n_fake) / (n - n_fake)

    best = later.idxmax()
    return (f"Early stopping kept epoch {kept} for seed {seed} for its ranking (Keras' "
            f"validation ROC-AUC {history.loc[kept, 'val_auc']:.3f}), not for what `0.5` "
            f"does with it: there validation recall is {recall:.2f} with specificity "
            f"{specificity(kept):.2f}, while epoch {best} has recall {later.max():.2f} with "
            f"specificity {specificity(best):.2f}. Which epoch to keep and where to put the "
            "threshold are two separate choices, and this is the clearest case of it here.")
