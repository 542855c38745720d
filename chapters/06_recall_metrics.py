# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 06 · Recall and honest metrics
#
# **Learning objectives.** After this chapter you can
# - explain why recall matters when a missed fake is costly, and why recall alone misleads;
# - recompute the paper's Table I from its confusion matrices and add what it leaves out;
# - report a model with every headline metric, confidence intervals, ROC and PR curves;
# - choose a decision threshold for a target recall on validation data, then apply it to test.

# %% tags=["remove-cell"]
# Colab set-up: installs the course helper `dfkit` without touching Colab's numpy or TensorFlow.
# Anywhere else this cell does nothing (install locally with the README's commands).
import os
import sys

if "google.colab" in sys.modules:
    import subprocess

    spec = os.environ.get("DFKIT_INSTALL", "dfkit @ git+https://github.com/dfkit-course/deepfake-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", spec], check=True)

# %%
import pandas as pd

from dfkit import course, metrics, plots, training

data = course.prepare()
profile = data.profile

# %% [markdown]
# ## Recall, and what it hides
#
# With "fake" as the positive class, **recall** is the share of fakes caught: TP / (TP + FN). A
# missed fake (a false negative) can be expensive, which is the paper's reason to put recall
# first. But recall ignores real faces entirely: a detector that calls *every* face fake has
# recall 1.0. **Specificity**, TN / (TN + FP), is the share of real faces kept; **balanced
# accuracy** is the mean of the two, and stays at 0.5 for any constant answer.
#
# ## Table I, from the paper's own confusion matrices
#
# The paper's Figs 13–14 give the four counts of each model; they reproduce Table I exactly.
# The same test set held 749 real and 1,000 fake faces, so we can also score the always-fake answer on it.

# %%
paper = {"Simple CNN": dict(tn=636, fp=113, fn=58, tp=942), "ResNet-style": dict(tn=331, fp=418, fn=23, tp=977),
         "always 'fake'": dict(tn=0, fp=749, fn=0, tp=1000)}
table_one = pd.DataFrame({name: metrics.from_confusion(**counts) for name, counts in paper.items()}).T
(100 * table_one[["accuracy", "recall", "f1", "specificity", "balanced_accuracy"]]).round(2)

# %% [markdown]
# The first three columns are Table I (F1 there is given ×100). The last two are what it leaves
# out: the ResNet-style model, the paper's "better" model, keeps only **44%** of real faces; its
# F1 of 81.6 is not far above the 72.8 of a model that learned nothing. Its balanced accuracy
# (71%) is well below the simple CNN's (87%).

# %% [markdown]
# ## Our models, measured fully
#
# We train both models on the 6-channel stack (early stopping on validation AUC), predict the
# validation and test splits, and report every metric on test with 95% bootstrap intervals
# (1,000 resamples of the test images): a test set of a few hundred images cannot pin a metric
# down to the decimal.

# %%
inputs = "stack"
val = training.batches(data.val, profile, inputs)
test = training.batches(data.test, profile, inputs)
val_scores, test_scores = {}, {}
for kind in ("cnn", "resnet"):
    model, _ = training.train_model(kind, data.splits, profile, inputs, verbose=0)
    val_scores[kind], test_scores[kind] = training.predict(model, val), training.predict(model, test)
y_val, y_test = val.labels.astype(int), test.labels.astype(int)

# %%
report = pd.concat({kind: metrics.bootstrap(y_test, test_scores[kind], 0.5, n_boot=1000, seed=profile.seed)
                    for kind in test_scores}, axis=1)
report[("always fake", "value")] = pd.Series(metrics.always_fake(y_test))
report.round(3)

# %% [markdown]
# ## Curves: every threshold at once
#
# A model outputs a probability; the threshold 0.5 is a choice. The ROC curve shows recall
# against the false-positive rate for every threshold; the precision-recall curve shows what
# each extra fake caught costs in false alarms. The dotted lines are chance and the always-fake answer.

# %%
plots.roc_pr_curves(y_test, {"Model 1 (CNN)": test_scores["cnn"], "Model 2 (ResNet-style)": test_scores["resnet"]});

# %% [markdown]
# ## Choosing a threshold for a target recall, honestly
#
# Suppose a fact-checking desk needs 95% of fakes caught. We pick, **on validation data**, the
# threshold that reaches 95% recall with the best precision, then apply it unchanged to test. The
# test recall may fall short of 95%: that is the honest estimate of what the desk will get.
# Choosing the threshold on test would promise a recall the model cannot deliver.

# %%
rows = {}
for kind in test_scores:
    t = metrics.threshold_for_recall(y_val, val_scores[kind], 0.95)
    rows[f"{kind} @ 0.5"] = metrics.summary(y_test, test_scores[kind], 0.5)
    rows[f"{kind} @ {t:.3f} (val recall 95%)"] = metrics.summary(y_test, test_scores[kind], t)
pd.DataFrame(rows).T[["threshold", "recall", "precision", "specificity", "balanced_accuracy", "f1"]].round(3)

# %% [markdown]
# ## Confusion matrices (Figs 13–14)

# %%
plots.confusion_matrices({f"Model {i + 1} ({kind}), test, threshold 0.5": metrics.summary(y_test, test_scores[kind])
                          for i, kind in enumerate(test_scores)});

# %% [markdown]
# ## Summary
#
# * Recall alone rewards calling everything fake; report specificity, balanced accuracy, ROC-AUC
#   and PR-AUC next to it, and the always-fake baseline on the same test set.
# * The paper's own counts show its "better" model discards 56% of real faces.
# * Metrics on a few hundred test images carry intervals of several points: report them.
# * A threshold is a decision made on validation data and applied to test, never tuned on test.
#
# ## Exercises

# %%
from dfkit.exercises import ____
from dfkit.exercises.ch06 import q1, q2

# %% [markdown]
# **q1.** From the paper's ResNet-style confusion matrix (TN 331, FP 418, FN 23, TP 977), compute
# its specificity. Store it in `resnet_specificity`.

# %%
resnet_specificity = ____
q1.check()

# %% [markdown]
# **q2.** Using Model 1's probabilities (`val_scores["cnn"]`, `test_scores["cnn"]`), choose the threshold
# that reaches 95% recall with the best precision, the honest way. Store it in `chosen_threshold`.

# %%
p_val, p_test = val_scores["cnn"], test_scores["cnn"]
chosen_threshold = ____
q2.check()
