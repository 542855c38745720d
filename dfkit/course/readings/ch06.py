"""Chapter 06's sentences: how the intervals compare, which model ranks better, how our models
differ from the paper's, and why each threshold chosen on validation landed where it did."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dfkit.course.readings.words import listing, sentence_list

LABELS = {"accuracy": "accuracy", "precision": "precision", "recall": "recall",
          "specificity": "specificity", "f1": "F1", "balanced_accuracy": "balanced accuracy",
          "roc_auc": "ROC-AUC", "pr_auc": "PR-AUC"}


def label(metric: str) -> str:
    """A metric's name as prose says it (``"balanced_accuracy"`` -> ``"balanced accuracy"``)."""
    return LABELS.get(metric, metric.replace("_", " "))


def digits3(value: float) -> str:
    """``value`` to 3 significant digits, never in exponent form (0.0000811, 0.0203, 0.591):
    a threshold near 0 must not print as 0.000, which reads as "call every face fake"."""
    if value == 0 or abs(value) >= 1e-3:
        return f"{value:#.3g}"
    return np.format_float_positional(value, precision=3, fractional=False, unique=False)


RATES = ("recall", "specificity")  # one class each: the share of fakes does not move them
SHARE = ("precision", "f1", "pr_auc")  # they move with the share of fakes in a sample


def family_means(ratios: pd.DataFrame) -> pd.DataFrame:
    """By seed (``ratios``: group over image interval width, rows by metric, one column per
    bootstrap seed), the mean ratio of the per-class rates (recall, specificity) and of the
    metrics that depend on the share of fakes (precision, F1, PR-AUC): rows ``rates`` and
    ``share``; NaN where a family has no ratio on that seed."""
    def mean(rows):
        return ratios.reindex(list(rows)).mean(axis=0, skipna=True)

    return pd.DataFrame({"rates": mean(RATES), "share": mean(SHARE)}).T


def larger_family(ratios: pd.DataFrame) -> str:
    """Exercise q3's outcome: ``"a"`` where the per-class rates' mean ratio is the larger on
    every seed, ``"b"`` where the share-dependent metrics' is, ``"c"`` where the seeds disagree
    (the difference is within the bootstrap's own noise) or a family has no ratio."""
    means = family_means(ratios)
    gap = means.loc["rates"] - means.loc["share"]
    if gap.isna().any() or gap.empty:
        return "c"
    return "a" if (gap > 0).all() else "b" if (gap < 0).all() else "c"


SAME_WIDTH = 0.05  # a width ratio within 5% of 1 reads as "about as wide"


def _width_kind(shown: pd.Series) -> str:
    """How one metric's group interval compares with its image one over the seeds
    (``shown``: its ratios as the table shows them, 3 decimals): ``"wider"`` or
    ``"narrower"`` beyond :data:`SAME_WIDTH` on every seed, ``"same"`` within it on every
    seed, ``"slightly wider"`` or ``"slightly narrower"`` on the same side of 1 on every seed
    but within :data:`SAME_WIDTH` on at least one, ``"wider or as wide"`` or ``"narrower or
    as wide"`` on one side of 1 on some seeds and at 1.000 on the others (review 20: [0.900,
    1.000] was read "wider on some seeds"), ``"mixed"`` on both sides of 1."""
    shown = shown.dropna()
    if (shown > 1 + SAME_WIDTH).all():
        return "wider"
    if (shown < 1 - SAME_WIDTH).all():
        return "narrower"
    if ((shown - 1).abs() <= SAME_WIDTH + 1e-9).all():
        return "same"
    if (shown > 1).all():
        return "slightly wider"
    if (shown < 1).all():
        return "slightly narrower"
    if (shown >= 1).all():
        return "wider or as wide"
    if (shown <= 1).all():
        return "narrower or as wide"
    return "mixed"


def width_verdicts(ratios: pd.DataFrame, share_fixed: bool = False) -> str:
    """For each metric, whether its group interval is wider or narrower than its image one on
    every bootstrap seed by more than :data:`SAME_WIDTH`, about as wide on every seed
    (report_06 finding 4: ×1.013, 0.001 of width, was called "wider"), on the same side of 1
    on every seed but within :data:`SAME_WIDTH` on some (report_06 finding 3, r20: ratios of
    1.045 to 1.095 on the four seeds were read "the seeds disagree"), or whether the seeds
    disagree on the side of 1 (the bootstrap's own noise) (``ratios``: group over image
    width, rows by metric, one column per seed, this run's first); then the two families of
    exercise q3 (:func:`family_means`). ``share_fixed``: every group holds the classes in
    fixed numbers, so a group resample keeps the share of fakes (and then accuracy equals
    balanced accuracy on every group resample: where their verdicts differ, it says that
    only their image intervals differ)."""
    ratios = ratios.dropna(how="all")
    if ratios.empty:  # every image interval had width 0: no ratio to read
        return ("Group interval against image interval, in this run: no metric to compare, "
                "every image interval has width 0.")
    n = ratios.shape[1]
    first = ratios.iloc[:, 0]
    shown = ratios.round(3)  # as the table shows them: 1.0503 reads 1.050, within 5%
    kind = pd.Series({m: _width_kind(shown.loc[m]) for m in ratios.index})

    def named(part):
        return listing([f"{label(m)} (×{r:.3f})" for m, r in part.items()])

    def of(k):
        return first[kind == k]

    said = [f"{how} for {named(of(k))}" for how, k in
            (("wider", "wider"), ("narrower", "narrower"),
             ("about as wide (within 5%)", "same")) if len(of(k))]
    seeds = f"all {n} seeds" if n > 1 else "this seed"
    parts = [f"On {seeds} the group interval is {listing(said)}."] if said else []
    slight = [f"{how} for {named(of(k))}" for how, k in
              (("wider", "slightly wider"), ("narrower", "slightly narrower"))
              if len(of(k))]
    if slight:
        start = (f"It is {listing(slight)} on {seeds} too" if said else
                 f"On {seeds} the group interval is {listing(slight)}")
        parts.append(f"{start}, but by 5% or less on at least one seed.")
    for side, other in (("wider", "narrower"), ("narrower", "wider")):
        if len(tied := of(f"{side} or as wide")):
            parts.append(f"The group interval is {side} for {named(tied)} on some seeds and "
                         "as wide as the image one (×1.000 at 3 decimals) on the others, "
                         f"on no seed {other}.")
    if len(mixed := of("mixed")):
        parts.append(f"The seeds disagree on {listing([label(m) for m in mixed.index])}: "
                     "the group interval is wider on some seeds and not on others, within "
                     "the bootstrap's own noise.")
    if (share_fixed and {"accuracy", "balanced_accuracy"} <= set(kind.index)
            and kind["accuracy"] != kind["balanced_accuracy"]):
        parts.append("Accuracy and balanced accuracy have the same group interval (with as "
                     "many real faces as fakes in every group, the two are equal on every "
                     "group resample), so their verdicts differ only through their image "
                     "intervals.")
    # the q3 comparison first, then one list item per verdict (report_06 finding 3, r22:
    # one paragraph of about 190 words put the exercise's answer last)
    first_part = []
    means = family_means(ratios)
    rates, share = means.iloc[:, 0]
    if not (pd.isna(rates) or pd.isna(share)):
        happened = larger_family(ratios)
        verdict = {"a": f"larger for recall and specificity on {seeds}",
                   "b": f"larger for precision, F1 and PR-AUC on {seeds}",
                   "c": "larger for one family on some seeds and the other on others"}[happened]
        first_part.append(f"Exercise q3's comparison: mean ratio ×{rates:.3f} for recall and "
                          f"specificity, ×{share:.3f} for precision, F1 and PR-AUC with this "
                          f"run's seed; {verdict}.")
    if share_fixed:
        # when the lesson holds (report_06 finding 2, r22): groups of one class (a video)
        # turn it round
        first_part.append(
            "Every test group holds as many real faces as fakes, so a resample of groups "
            "keeps the share of fakes at one half, while a resample of images lets it "
            "wander; precision, F1 and PR-AUC move with that share. That holds for groups "
            "like these only: where each group holds one class (a video, on the paper's "
            "data), a resample of groups moves the share of fakes more than one of images, "
            "and those three would tend to come out wider instead.")
    listed = ("Metric by metric (in brackets the ratio with this run's seed):\n\n"
              + sentence_list(parts)) if parts else ""
    return "\n\n".join([" ".join(first_part), listed]).strip()


def groups_note(n_groups: int) -> str:
    """How far to trust a cluster bootstrap over ``n_groups`` groups (about 30 is the usual
    least)."""
    if n_groups < 30:
        return (f"This test split holds only {n_groups} groups: fewer than the about 30 a "
                "cluster bootstrap needs (few distinct resamples), so read both widths below "
                "as rough.")
    if n_groups < 60:
        where = "just at" if n_groups < 35 else "not far above"
        return (f"This test split holds {n_groups} groups, {where} the about 30 that a "
                "cluster bootstrap needs as a rule of thumb: read its widths to a few "
                "hundredths, not to the last decimal.")
    return (f"This test split holds {n_groups} groups, enough for the cluster bootstrap to "
            "give a usable interval.")


def balanced_test_note(n_real: int, n_fake: int, groups_balanced: bool) -> str:
    """Why accuracy and balanced accuracy agree (or not) on the test split, and why their image
    intervals can still differ: an image resample draws the two classes unequally."""
    if n_real != n_fake:
        return (f"The test split holds {n_real} real faces and {n_fake} fakes, so accuracy "
                "and balanced accuracy differ: accuracy weighs the larger class more.")
    intervals = ("Every group is balanced too, so their group intervals agree" if groups_balanced
                 else "The groups are not all balanced, so their group intervals need not agree")
    return (f"Accuracy and balanced accuracy are equal here: the test split holds as many real "
            f"faces as fakes ({n_real} each). {intervals}. A resample of images draws the "
            "classes unequally, so their image intervals can differ.")


def collapse_reading(at_half: dict[str, dict]) -> str:
    """Whether a model (name to its metric summary at 0.5) gave (nearly) every test face the
    same class: recall or specificity at most 0.01."""
    collapsed = [name for name, s in at_half.items()
                 if min(s["recall"], s["specificity"]) <= 0.01]
    if collapsed:
        return (f"In this run {' and '.join(collapsed)} gave (nearly) every test face the "
                "same class at the 0.5 threshold: recall or specificity near 0.")
    # the lowest of the models' own rates at 0.5 (not the always-fake column, nor an
    # interval's end: report_06 finding 6, r22)
    lowest, name, metric = min((s[m], name, m) for name, s in at_half.items()
                               for m in ("recall", "specificity"))
    return ("In this run no model gave every test face the same class at 0.5: the lowest "
            f"recall or specificity of {' and '.join(at_half)} at 0.5 is {lowest:.3f} "
            f"({name}'s {metric}).")


def paper_contrast(cnn: dict, resnet: dict) -> str:
    """How Model 2 (the ResNet-style model) differs from Model 1 at 0.5 in this run (``cnn``,
    ``resnet``: metric summaries), against the paper's trade: more recall, less specificity."""
    def higher(metric: str) -> int:  # +1 Model 2 higher, -1 lower, 0 equal to 3 decimals
        a, b = round(cnn[metric], 3), round(resnet[metric], 3)
        return (b > a) - (b < a)

    pair = (higher("recall"), higher("specificity"))
    how = {(1, -1): "makes the same trade",
           (-1, 1): "does the reverse, giving up recall for specificity",
           }.get(pair, "makes no trade: it is as good or better on both"
                 if min(pair) >= 0 else "makes no trade: it is as good or worse on both")
    auc = ("higher" if higher("roc_auc") > 0 else "lower" if higher("roc_auc") < 0
           else "the same")
    return (f"The paper's ResNet-style model bought recall with specificity (Table I above). "
            f"In this run our Model 2 at 0.5 {how}: recall {resnet['recall']:.3f} against "
            f"Model 1's {cnn['recall']:.3f}, specificity {resnet['specificity']:.3f} against "
            f"{cnn['specificity']:.3f}, precision {resnet['precision']:.3f} against "
            f"{cnn['precision']:.3f}. Its ROC-AUC, which no threshold decides, is {auc} "
            f"({resnet['roc_auc']:.3f} against {cnn['roc_auc']:.3f}): where one threshold "
            "lands says little about how well the scores rank fakes above real faces.")


def _best_epoch(val_auc) -> int:
    """The epoch (from 1) of the first best validation AUC, the one Keras keeps."""
    val_auc = list(val_auc)
    return max(range(len(val_auc)), key=lambda i: (val_auc[i], -i)) + 1


def still_improving(histories: dict[str, pd.DataFrame]) -> list[str]:
    """The models (name to saved history) whose best validation AUC came at their last epoch:
    early stopping never fired, and more epochs might have helped."""
    return [name for name, h in histories.items()
            if _best_epoch(h["val_auc"]) == len(h)]


def _unfinished(names, again: bool = False) -> str:
    """A caveat for comparisons that involve a model still improving at its last epoch; said
    in full once, then (``again``) only referred back to."""
    if not names:
        return ""
    who = " and ".join(names)
    if again:
        return f" The caveat above about {who}'s unfinished training holds here too."
    verb = "was" if len(names) == 1 else "were"
    them = "it" if len(names) == 1 else "them"
    return (f" One caveat: {who} {verb} still improving at the last epoch (the best "
            f"validation AUC came in the last epoch, above), so this compares {them} before "
            f"{them} finished learning.")


def ranking_verdict(diff: float, low: float, high: float, still_improving=()) -> str:
    """Model 2 minus Model 1 in test ROC-AUC with its paired interval, and which model ranks
    fakes above real faces better (neither, when the interval holds 0). ``still_improving``:
    models whose best epoch was their last (a caveat follows)."""
    ranked = ("this trained Model 2 ranks fakes above real faces better" if low > 0 else
              "this trained Model 1 ranks fakes above real faces better" if high < 0 else
              "this test split cannot rank the two models")
    # from the unrounded AUCs (report_06 finding 7, r22: the table's 0.969 - 0.913 is 0.056)
    return (f"Model 2 minus Model 1 in test ROC-AUC, from the unrounded AUCs: {diff:+.3f}, "
            f"95% interval "
            f"{low:+.3f} to {high:+.3f} over resampled groups: {ranked}. Each model was "
            "trained once, with one seed, and the interval resamples test groups only; "
            "chapter 04 trains Model 2 from three seeds and shows how far its test ROC-AUC "
            "moves from one seed to the next."
            + _unfinished(still_improving))


def threshold_reading(model: str, val_recall: float, threshold: float, test_recall: float,
                      target: float, half_recall: float | None = None,
                      overfit: bool = False, n_fakes: int | None = None,
                      half_interval: tuple[float, float] | None = None) -> str:
    """Why the threshold chosen on validation for ``target`` recall moved away from 0.5
    (validation recall at 0.5 above or below the target), and what it caught on test.
    ``half_recall``: the test recall at 0.5; where a raised threshold caught fewer fakes than
    that and fewer than the target, what the margin validation had would have bought is said:
    the target, where 0.5 reached it on test, or not even that (report_06 finding 3: 0.933 at
    0.5 was called the margin that "was needed", short of 0.95 too). ``n_fakes`` (the test
    fakes) and ``half_interval`` (the test recall's 95% interval at 0.5) say how many fakes
    apart the two thresholds are, and whether that is less than the interval's width.
    ``overfit``: the model over-fitted (:func:`overfits`); a threshold lowered near 0 is
    then linked to it."""
    moved = ("already reached the target, so the rule raised the threshold (more "
             "precision, same target)" if threshold > 0.5 else
             "fell short of the target, so the rule lowered the threshold"
             if threshold < 0.5 else "met the target, so the rule kept the threshold")
    far = (" Only the ranking of the scores matters to this rule, so a threshold this far "
           "from 0.5 is no error; whether the scores read as probabilities is chapter 11's "
           "question." if not 0.1 <= threshold <= 0.9 else "")
    if overfit and threshold < 0.1:
        far = (f" Its over-fitting (above) probably explains why so low: it scores some "
               f"fakes confidently real, near 0, so catching {target:.0%} of them takes a "
               "threshold near 0." + far)
    cost = ""
    if (half_recall is not None and threshold > 0.5
            and round(test_recall, 3) < min(round(half_recall, 3), target)):
        keep = ("chooses on validation for a target above the one it needs, or fixes a "
                "rule in advance, such as the 5% quantile of the thresholds chosen on "
                "resampled validation sets (below), without reading the test columns.")
        if round(half_recall, 3) >= target:
            cost = (f" So the rule cost recall: on test the 0.5 threshold caught "
                    f"{half_recall:.3f}, enough for the target. The rule spent on precision "
                    "the margin validation had above the target, and on these test faces "
                    f"that margin was needed. A desk that puts recall first keeps a margin: "
                    f"it {keep}")
        else:
            apart = ""
            if n_fakes:
                k = round((half_recall - test_recall) * n_fakes)
                apart = f"{k} {'fake' if k == 1 else 'fakes'} apart"
                if half_interval is not None:
                    low, high = half_interval
                    if half_recall - test_recall < high - low:
                        apart += (", less than the width of the recall interval at 0.5, "
                                  f"{low:.3f} to {high:.3f}")
                apart = f" ({apart})"
            cost = (f" On test neither threshold reached the target: {test_recall:.3f} at "
                    f"{digits3(threshold)}, {half_recall:.3f} at 0.5{apart}. Validation's "
                    "margin above the target was too thin to count on: a desk that puts "
                    f"recall first keeps a larger one. It {keep}")
    where = "at" if threshold == 0.5 else "to"
    return (f"{model}: at 0.5 its validation recall, {val_recall:.3f}, {moved} "
            f"{where} {digits3(threshold)}; on test that threshold caught "
            f"{test_recall:.3f} of the fakes (target {target}).{cost}{far}")


def balanced_accuracy_leader(at_val: dict[str, float], low: float, high: float,
                             still_improving=()) -> str:
    """Which model has the higher test balanced accuracy at the thresholds chosen on
    validation (``at_val``: two model names to balanced accuracy), the leader's number first;
    a tie at 3 decimals is said. ``low``, ``high``: the 95% interval of the second model's
    balanced accuracy minus the first's over resampled test groups, the thresholds fixed; a
    gap whose interval holds 0 is said to be one this split cannot resolve.
    ``still_improving``: as for :func:`ranking_verdict`."""
    first, second = at_val
    gap = at_val[second] - at_val[first]
    verdict = ("it holds 0, so this test split cannot tell the two apart at these thresholds"
               if low <= 0 <= high else
               f"it excludes 0, so on this split {second if low > 0 else first} keeps the "
               "lead at these thresholds")
    interval = (f" Over resampled test groups, with the thresholds fixed, {second} minus "
                f"{first} is {gap:+.3f}, 95% interval {low:+.3f} to {high:+.3f}: {verdict}."
                + _unfinished(still_improving, again=True))
    if len({f"{v:.3f}" for v in at_val.values()}) == 1:
        shown = " against ".join(f"{v:.3f}" for v in at_val.values())
        lead = f"{' and '.join(at_val)} have the same balanced accuracy on test"
        return (f"At the thresholds chosen on validation, {lead} ({shown}, to 3 decimals)."
                + interval)
    ahead = max(at_val, key=at_val.get)
    others = ", ".join(f"{v:.3f} for {k}" for k, v in at_val.items() if k != ahead)
    return (f"At the thresholds chosen on validation, {ahead} has the higher balanced "
            f"accuracy on test ({at_val[ahead]:.3f} against {others})." + interval)


def same_rows_note(intervals: pd.DataFrame) -> str:
    """Where a model's ROC-AUC and PR-AUC rows agree at 3 decimals (value, low and high), say so
    with 4 decimals, so that the coincidence is not read as a copying error; "" otherwise.
    ``intervals``: one column group per model with value, low, high; rows by metric."""
    said = []
    for model in dict.fromkeys(intervals.columns.get_level_values(0)):
        if "low" not in intervals[model]:
            continue
        rows = intervals[model].loc[["roc_auc", "pr_auc"], ["value", "low", "high"]]
        if (rows.round(3).iloc[0] == rows.round(3).iloc[1]).all():
            roc, pr = (f"{r['value']:.4f} [{r['low']:.4f}, {r['high']:.4f}]"
                       for _, r in rows.iterrows())
            said.append(f"{model}'s ROC-AUC and PR-AUC rows agree to 3 decimals in this run, "
                        f"by coincidence: they are different measures, computed apart "
                        f"(to 4 decimals {roc} and {pr}).")
    return " ".join(said)


def stopping_reading(model: str, val_auc, epochs: int, patience: int) -> str:
    """What early stopping on validation AUC did for ``model`` (``val_auc``: one value per epoch
    run, from the saved history), and which epoch's weights are kept (restore_best_weights)."""
    run = len(val_auc)
    best = _best_epoch(val_auc)
    top = f"{val_auc[best - 1]:.3f}"
    if run - best >= patience:
        when = f"stopped after epoch {run} of {epochs}" if run < epochs else \
            f"ran all {epochs} epochs"
        how = (": its patience ran out exactly at the last epoch, so early stopping fired "
               "with no epoch left to skip" if run == epochs else ", so early stopping ended "
               "training there")
        return (f"{model} {when}: its validation AUC peaked at epoch {best} ({top}) and did "
                f"not beat that in the {patience} epochs after{how}. At the end of training, "
                f"early stopping or not, Keras's restore_best_weights put back epoch {best}'s "
                "weights, not the last ones.")
    if best == run:
        return (f"{model} ran all {run} epochs and reached its best validation AUC ({top}) in "
                "the last, so early stopping never fired, and the best weights Keras restores "
                "at the end of training are the last ones: more epochs might still have helped.")
    return (f"{model} ran all {run} epochs: its validation AUC never went {patience} epochs "
            f"without a new best, so early stopping never fired. Its best ({top}) came at "
            f"epoch {best}; at the end of training Keras's restore_best_weights put back those "
            "weights, not the last ones.")


def group_makeup(per_group: pd.DataFrame) -> str:
    """What the test groups hold (``per_group``: images of each group by class, columns 0 real
    and 1 fake), so that a reader knows what a resample of whole groups draws."""
    n = len(per_group)
    both = per_group.reindex(columns=[0, 1], fill_value=0).gt(0).all(axis=1)
    if not both.all():
        return (f"{int(both.sum())} of the {n} test groups hold both real faces and fakes; "
                "the others hold one class only.")
    real, fake = per_group[0], per_group[1]
    if real.nunique() == 1 and fake.nunique() == 1:
        each = f"{real.iloc[0]} real and {fake.iloc[0]} fake images each"
    else:
        each = f"from {int(real.min())} to {int(real.max())} real and from {int(fake.min())} " \
               f"to {int(fake.max())} fake images"
    return f"Every one of the {n} test groups holds both real faces and fakes ({each})."


CLASSES = {"real": ("real faces called fake", "specificity"),
           "fake": ("fakes missed", "recall")}
ROWS = {"real": "real (specificity)", "fake": "fake (recall)"}  # the table's short labels


def design_effects(clustering: dict[str, float], sizes: dict[str, float], seen: pd.Series,
                   counts: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """The design effect worked out for each class, one short row each (the class, and in
    brackets the rate its errors lower): p (``counts``: errors and images), m (``sizes``:
    images of the class per group), p(1 − p)/m, the design effect (``clustering``), its square
    root (the width ratio it predicts for the class's rate) and the ratio seen (``seen``: width
    ratio by metric). The counts and the shuffles' range go in :func:`clustering_verdict`."""
    rows = {}
    for cls, v in clustering.items():
        _, metric = CLASSES[cls]
        k, n = counts[cls]
        p, m = k / n, sizes[cls]
        rows[ROWS[cls]] = {"p": round(p, 3), "m": int(m) if m == int(m) else m,
                           "p(1 − p)/m": round(p * (1 - p) / m, 4),
                           "design effect": round(v, 2),
                           "√ of it": round(v ** 0.5, 2) if v == v else np.nan,
                           "ratio seen": round(float(seen[metric]), 3)}
    return pd.DataFrame.from_dict(rows, orient="index")


def clustering_verdict(clustering: dict[str, float],
                       chance: dict[str, tuple[float, float]],
                       counts: dict[str, tuple[int, int]] | None = None) -> str:
    """One sentence: for each class (with its errors, ``counts``: errors and images), whether
    its errors cluster by group (design effect above the 95% quantile of the shuffles' values,
    a one-sided test at about the 5% level), spread more evenly than chance (below their 5%
    quantile) or cannot be told from no clustering (inside their middle 90%)."""
    said = []
    for cls, v in clustering.items():
        errors, _ = CLASSES[cls]
        if counts is not None:
            k, n = counts[cls]
            errors = (f"{k} of {n} real faces called fake" if cls == "real" else
                      f"{k} of {n} fakes missed")
        if pd.isna(v):
            said.append(f"{errors} cannot cluster (none, or all, were misjudged)")
            continue
        low, high = chance[cls]
        how, where = (("cluster by group", f"above {high:.2f}, the shuffles' 95% quantile")
                      if v > high else
                      ("spread over the groups more evenly than chance",
                       f"below {low:.2f}, the shuffles' 5% quantile") if v < low
                      else ("cannot be told from no clustering",
                            f"inside the shuffles' middle 90%, {low:.2f} to {high:.2f}"))
        said.append(f"{errors} {how} (design effect {v:.2f}, {where})")
    return "In this run " + "; ".join(said) + "."


def spread_reading(model: str, table: pd.DataFrame, target: float) -> str:
    """How far the threshold chosen on resampled validation splits moves and what that does on
    test. ``table``: rows 5% quantile, median, 95% quantile; columns threshold, test recall
    and test specificity at it. Thresholds are said to 3 significant digits, as the chapter's
    table shows them (0.000123, not 0.000); thresholds crowded near 0 or 1 (all below 0.1 or
    above 0.9) are said to be."""
    low, mid, high = (digits3(t) for t in table["threshold"])
    recall, kept = table["test recall"], table["test specificity"]
    crowd = ""
    if table["threshold"].max() < 0.1 or table["threshold"].min() > 0.9:
        end = "0" if table["threshold"].max() < 0.1 else "1"
        crowd = (f" These thresholds all lie near {end}, where {model}'s scores crowd, so a "
                 "step there that looks small moves many faces across it.")
        if 0 < kept.min() and recall.min() > 0:
            crowd += (" None of them calls every face fake or every face real: each keeps "
                      "some real faces and catches some fakes.")
    return (f"{model}: 90% of the resampled validation sets chose a threshold between {low} "
            f"and {high} (median {mid}). On test those catch from {recall.min():.3f} to "
            f"{recall.max():.3f} of the fakes (target {target}) and keep from "
            f"{kept.min():.3f} to {kept.max():.3f} of the real faces." + crowd)


def spread_shape(model: str, table: pd.DataFrame, val_fakes) -> str:
    """Why the median of the chosen thresholds lies near one end of their spread (``table`` as
    for :func:`spread_reading`; ``val_fakes``: the validation fakes' scores): each resampled
    set's threshold is a validation fake's score, so where those scores are sparse each step
    is long. The point comes first, finished by the fake scores on the sparse side (to 3
    significant digits; report_06 finding 5: eight 4-decimal numbers in one sentence hid the
    point), then those on the other side and how much shorter it is, each quantile in
    brackets once (report_06 finding 3, r22: brackets in brackets). Said only where one side
    is at least twice as long as the other and holds no more fake scores; "" otherwise."""
    low, mid, high = (float(t) for t in table["threshold"])
    below, above = mid - low, high - mid
    if min(below, above) <= 0 or max(below, above) < 2 * min(below, above):
        return ""
    fakes = np.asarray(val_fakes, float)
    under = fakes[(fakes >= low) & (fakes < mid)]
    over = fakes[(fakes > mid) & (fakes <= high)]
    side = "below" if below > above else "above"
    # the sparse side's fake scores and quantile, then the other side's
    sparse, dense = (under, over) if side == "below" else (over, under)
    if len(sparse) > len(dense):
        return ""
    end_name, end_value = ("5%", low) if side == "below" else ("95%", high)
    # report_06 finding 3 (r22): brackets in brackets, and "scores" and "quantiles" in one
    # sentence: the sparse side's fake scores now finish the point, the other side follows
    other_side = (f"Above the median, up to the 95% quantile ({digits3(high)})"
                  if side == "below" else
                  f"Below the median, down to the 5% quantile ({digits3(low)})")
    return (f"{model}'s median threshold ({digits3(mid)}) lies far from its {end_name} "
            f"quantile ({digits3(end_value)}) because each resampled set's threshold is one "
            f"of the validation fakes' scores, and those are sparse {side} the median: "
            f"{_only(sparse)} between that quantile and the median, so a resample that "
            f"moves the threshold {side} the median moves it a long way. {other_side}, "
            f"{_they_score(dense)}, in a stretch "
            f"{max(below, above) / min(below, above):.1f} times shorter. The quantiles are "
            "interpolated between chosen thresholds, so they need not be fake scores.")


def _listed(values, most: int = 6) -> str:
    """Scores to 3 significant digits, listed (more than ``most``: their range)."""
    values = sorted(values)
    if len(values) > most:
        return f"from {digits3(values[0])} to {digits3(values[-1])}"
    return listing([digits3(v) for v in values])


def _only(values) -> str:
    """"only 2 fake scores, 0.396 and 0.560, lie" (or "no fake score lies")."""
    n = len(values)
    if n == 0:
        return "no fake score lies"
    if n == 1:
        return f"only one fake score, {_listed(values)}, lies"
    return f"only {n} fake scores, {_listed(values)}, lie"


def _they_score(values) -> str:
    """"the fakes score 0.601 and 0.627" (or "no fake scores")."""
    if not len(values):
        return "no fake scores"
    n = f" ({len(values)} fakes)" if len(values) > 6 else ""
    return f"the fakes score {_listed(values)}{n}"


OVERFIT_RULE = ("this chapter's rule (at the epoch kept, a validation loss more than twice "
                "the training loss and more than 0.1 above it)")


def overfits(history: pd.DataFrame) -> bool:
    """Whether the validation loss at the kept epoch (the first best validation AUC) is more
    than twice the training loss and 0.1 above it."""
    best = _best_epoch(history["val_auc"]) - 1
    train, val = float(history["loss"].iloc[best]), float(history["val_loss"].iloc[best])
    return val > 2 * train and val - train > 0.1


def fit_reading(model: str, history: pd.DataFrame) -> str:
    """Whether ``model`` over-fitted (:func:`overfits`), from its history (one row per epoch:
    ``loss``, ``val_loss``, ``val_auc``, perhaps ``auc``): the losses at the epoch kept and how
    the validation loss moved after the first epoch. Where training figures trail validation's,
    a hedged reason is given."""
    best = _best_epoch(history["val_auc"]) - 1
    train, val = float(history["loss"].iloc[best]), float(history["val_loss"].iloc[best])
    if not overfits(history):
        behind = train > val or ("auc" in history
                                 and history["auc"].iloc[best] < history["val_auc"].iloc[best])
        why = (" Its training figures trail validation's, probably because dropout is on only "
               "in training and each training figure averages an epoch of changing weights."
               if behind else "")
        return (f"{model}'s training and validation losses stay close (at epoch {best + 1}, the "
                f"one kept: {train:.3f} and {val:.3f}): no over-fitting by {OVERFIT_RULE}."
                f"{why}")
    later = history["val_loss"].iloc[1:]
    moved = (f" After epoch 1 its validation loss went up and down between {later.min():.3f} "
             f"and {later.max():.3f}, while its training loss fell to "
             f"{history['loss'].min():.3f}." if len(later) > 1 else "")
    # report_06 finding 3 (r22): the verdict first, then, apart, why that epoch was kept
    return (f"{model} over-fits: it fits its training faces far better than new ones. At "
            f"epoch {best + 1}, the one kept, its training loss was {train:.3f} and its "
            f"validation loss {val:.3f}, {val / train:.0f} times as high: over-fitting by "
            f"{OVERFIT_RULE}.{moved}\n\n"
            "Early stopping watches validation AUC, which only ranks the faces, so it kept "
            "the epoch that ranked them best, whatever its loss. A loss that high beside a "
            "good AUC means some faces got confident scores on the wrong side, which matters "
            "wherever a threshold meets the scores (below).")


def interval_widths(intervals: pd.DataFrame) -> str:
    """The narrowest and widest 95% interval in ``intervals`` (one column group per model with
    value, low, high; rows by metric), as widths and in percentage points, so that a reader
    knows how many points "wide" means. Widths are taken between the ends as the table shows them
    (3 decimals)."""
    shown = intervals.round(3)  # the table's digits, so that a reader's subtraction agrees
    width = {(model, m): shown[model].loc[m, "high"] - shown[model].loc[m, "low"]
             for model in dict.fromkeys(intervals.columns.get_level_values(0))
             if "low" in intervals[model] for m in intervals.index}
    narrow, wide = min(width, key=width.get), max(width, key=width.get)
    return (f"These 95% intervals are from {width[narrow]:.3f} wide ({narrow[0]}'s "
            f"{label(narrow[1])}) to {width[wide]:.3f} ({wide[0]}'s {label(wide[1])}): "
            f"{100 * width[narrow]:.1f} to {100 * width[wide]:.1f} percentage points from "
            "end to end, not always centred on the value (percentile intervals need not be "
            "symmetric).")


def training_time(seconds: dict[str, list[float]]) -> str:
    """What training cost in this run (``seconds``: model name to its epoch times, from
    :class:`dfkit.training.EpochLog`; empty for a model loaded from dfkit's model cache)."""
    trained = {m: round(sum(s)) for m, s in seconds.items() if len(s)}  # parts add up
    loaded = [m for m, s in seconds.items() if not len(s)]
    cache = " and ".join(loaded)
    if not trained:
        return (f"In this run nothing trained: {cache} came from dfkit's model cache, saved "
                "by an earlier run with the same settings.")
    each = listing([f"{m} {t} s" for m, t in trained.items()])
    out = (f"In this run training took {sum(trained.values())} s ({each}: each the sum of "
           "its epoch times above, added before rounding), most of this chapter's computing.")
    if loaded:
        out += (f" {cache} came from dfkit's model cache, saved by an earlier run with the "
                "same settings, and cost no training.")
    return out


def pr_drop_note(y_true: np.ndarray, scores: dict[str, np.ndarray], share: float = 0.1) -> str:
    """Why a precision-recall curve dips at its left end: real faces among a model's highest
    scores. For each model, the lowest point of its curve (one point per distinct score, as
    scikit-learn draws it) among those that catch at least one fake and at most ``share`` of
    them, with the counts behind it; "" where no model's curve dips there (it starts flat at
    precision 1)."""
    said = []
    y_true = np.asarray(y_true).astype(int)
    need = max(1, int(np.ceil(share * y_true.sum())))
    for model, p in scores.items():
        p = np.asarray(p, float)
        order = np.argsort(-p, kind="mergesort")
        ranked = p[order]
        # a threshold at each distinct score calls every image down to its last one fake
        ends = np.flatnonzero(np.r_[ranked[1:] != ranked[:-1], True])
        fakes, called = np.cumsum(y_true[order])[ends], ends + 1
        left = (fakes >= 1) & (fakes <= need)
        if not left.any():
            continue
        precision = np.where(left, fakes / called, np.inf)
        at = int(np.argmin(precision))  # the first lowest point
        tp, n = int(fakes[at]), int(called[at])
        real = n - tp
        if real:
            said.append(f"{model}'s curve dips to precision {tp / n:.2f} at recall "
                        f"{tp / y_true.sum():.2f}, where its {n} highest-scored test images "
                        f"hold {tp} {'fake' if tp == 1 else 'fakes'} and {real} real "
                        f"{'face' if real == 1 else 'faces'}")
    if not said:
        return ""
    return ("At the left of the precision-recall curve only the highest-scored faces are "
            "called fake, so a few real faces among them pull precision down steeply: "
            f"{listing(said)} (the lowest point before {share:.0%} of the fakes are caught).")
