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
# # Solutions · 11 Calibration, fairness and ethics
#
# The chapter's prediction (q1) is checked against the student's own run. Here it runs on
# example outcomes, so that this notebook needs no training; in the chapter the same lines use
# the run's variables.

# %% tags=["remove-cell"]
# Colab set-up: installs the course helper `dfkit` (v0.2.0) beside Colab's
# own packages, changing none of their versions. Anywhere else it does nothing
# (install locally with the README's commands).
import os
import sys

if "google.colab" in sys.modules:
    REPO = "git+https://github.com/dfkit-course/deepfake-course@v0.2.0"
    DFKIT = os.environ.get("DFKIT_INSTALL", f"dfkit @ {REPO}")
    # %pip install -q "{DFKIT}"
    import importlib

    importlib.invalidate_caches()  # so it imports without a restart

# %%
import numpy as np

from dfkit.evaluation import base_rates, calibration
from dfkit.course.exercises import strict
from dfkit.course.exercises.ch11 import q1, q2, q3, q4, q5, q6

strict(True)

# %% [markdown]
# **q1.** It depends on the run, which is the point of predicting first. The usual outcome, and
# the reason to expect it: the model learned the GAN fakes' artefacts (the up-sampling
# checkerboard), and face swaps carry others (blur, seams, colour steps), so they score lower
# than the fakes it was trained on: (c). With these example values (a run where that happened,
# with a model that learned the GAN fakes: ROC-AUC `0.9` on them, and the difference's 95%
# interval, resampling identity groups, clear of the band of `0.05`):

# %%
# examples; in the chapter, its run's own values
mean_seen, mean_unseen, auc_seen = 0.74, 0.41, 0.9
shift_ci = (-0.42, -0.24)  # unseen minus seen mean P(fake), 95% interval
q1_prediction = "c"
q1.check()

# %% [markdown]
# A model that learned nothing (the ci profile's, often) scores both families alike, and the
# run shows (b); the check then says why that run cannot show a shift.
#
# **q2.** (d). logit(0.9) = log 9 ≈ 2.197; divided by T = 2 it is 1.099, and sigmoid(1.099) =
# 3 / 4 = 0.75. The logit of `0.5` is 0, and dividing by a positive T keeps every logit's sign
# and order, so the faces flagged at 0.5 stay the same. Checked on example scores:

# %%
after = calibration.apply_temperature(np.array([0.9]), 2.0)
print(f"0.9 at T = 2 becomes {float(after[0]):.3f}")
rng = np.random.default_rng(4)
scores = rng.random(1000)
for t in (0.3, 2.5):
    rescaled = calibration.apply_temperature(scores, t)
    same = np.array_equal(scores >= 0.5, rescaled >= 0.5)
    print(f"T = {t}: the same faces flagged at 0.5: {same}")
q2_answer = "d"
q2.check()

# %% [markdown]
# **q3.** In odds: the score says 0.8 / 0.2 = 4 to 1 on a balanced split, where the prior odds
# were 1 to 1. At 1 fake in 100 the prior odds are 1 to 99, so the odds become 4 / 99, and the
# probability (4 / 99) / (1 + 4 / 99) = 4 / 103.

# %%
score_odds = 0.8 / 0.2
prior_factor = (0.01 / 0.99) / (0.5 / 0.5)
odds = score_odds * prior_factor
p_fake_deployed = odds / (1 + odds)
print(f"by hand: {p_fake_deployed:.4f}; base_rates.shift_prior: "
      f"{float(base_rates.shift_prior(np.array([0.8]), 0.01, 0.5)[0]):.4f}")
q3.check()

# %% [markdown]
# **q4.** (b). A rescaling is monotone: it keeps each model's ranking, and so its ROC curve.
# Once both are rescaled to a test ECE near `0.01`, calibration only decides where each Bayes
# threshold sits, at the cheapest point of that model's own curve. B's curve lies above A's
# everywhere, so at every false-alarm rate B catches more fakes and its cheapest point costs
# less. The size of the error B's rescaling undid does not move its threshold off that point
# (a); the rescaling did not improve B's ranking, which was better before it (c); both do cut
# at the same score, but that score sits at a different point of each curve, and B's point is
# the cheaper (d).

# %%
q4_answer = "b"
q4.check()

# %% [markdown]
# **q5.** (c). The faces of one identity group share faces, skin tones and a way of being drawn:
# they are flagged together or not at all, more often than independent faces would be. A draw
# of loose faces mixes many groups' verdicts, so its share moves less than a draw of whole
# groups, and the interval is too narrow. Drawing faces does not bring a group's faces in
# together (d), nor add variation (a); and a draw of groups also repeats some groups and
# leaves others out, so that is not why faces give too narrow an interval (b).

# %%
q5_answer = "c"
q5.check()

# %% [markdown]
# **q6.** Each score gets a bin number from `np.searchsorted` on the nine inner edges: a
# score on an edge, such as `0.2`, goes to the bin below it (as scikit-learn's
# `calibration_curve`), `0.0` to the first and `1.0` to the last (`floor(10 p)` would put
# `0.2` in the bin above). Per bin, `np.bincount` sums the faces, the scores and the labels;
# the ECE weights each non-empty bin's absolute gap by its share of the faces. Checked
# against the course's function on example scores, some of them on the edges:

# %%
def ece_by_hand(y_true, p_fake):
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(p_fake, dtype=float)
    inner = np.linspace(0, 1, 11)[1:-1]  # the edges 0.1, ..., 0.9
    index = np.searchsorted(inner, p)  # an edge in the bin below; 1.0 in 9
    faces = np.bincount(index, minlength=10)
    filled = faces > 0
    score_sum = np.bincount(index, weights=p, minlength=10)[filled]
    fake_count = np.bincount(index, weights=y, minlength=10)[filled]
    mean_score = score_sum / faces[filled]
    share_fake = fake_count / faces[filled]
    weight = faces[filled] / len(p)
    return float(np.sum(weight * np.abs(share_fake - mean_score)))


labels = (rng.random(1000) < scores).astype(int)
on_edges = np.round(scores ** 2, 1)  # every score on an edge, 0 or 1
for name, p in (("spread", scores ** 2), ("on edges", on_edges)):
    print(f"{name}: by hand {ece_by_hand(labels, p):.4f}; course "
          f"{calibration.expected_calibration_error(labels, p):.4f}")
q6.check()
