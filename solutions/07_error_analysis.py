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
# # Solutions · 07 Error analysis
#
# Instructor edition. The exercises that read the chapter's run (q2, q3) are solved here on a
# small example table with the chapter's column names.

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
import pandas as pd

from dfkit.course.exercises import strict
from dfkit.course.exercises.ch07 import blur_counts, q1, q2, q3, q4, q5
from dfkit.evaluation.metrics import newcombe_difference

strict(True)

# %% [markdown]
# **q1 (implement).** One class at a time, then the mean of the boolean column.

# %%
def error_rates_by_class(results):
    return {"real": results.loc[results["y"] == 0, "wrong"].mean(),
            "fake": results.loc[results["y"] == 1, "wrong"].mean()}


q1.check()

# %% [markdown]
# **q3 (predict).** On an example of 120 identities with 4 images each, shadows applied at random
# and a quarter of all images misclassified whatever their shadow: in neither class does the
# interval of the difference (shadowed minus unshadowed error rate, resampling identities)
# exclude zero, so (d). On the chapter's run the answer is read from the two 'cast shadow'
# rows of its differences table.

# %%
rng = np.random.default_rng(0)
n = 480
y = np.repeat(np.r_[np.zeros(60, int), np.ones(60, int)], 4)
shadowed = rng.random(n) < 0.5
wrong = rng.random(n) < 0.25
p_fake = np.where(y == 1, np.where(wrong, 0.2, 0.8), np.where(wrong, 0.8, 0.2))
p_fake = p_fake + rng.uniform(-0.15, 0.15, n)
results = pd.DataFrame({"group": np.repeat(np.arange(120), 4), "y": y,
                        "shadowed": np.where(shadowed, "yes", "no"),
                        "p_fake": p_fake})
threshold = 0.5
results["pred"] = (results["p_fake"] >= threshold).astype(int)
results["wrong"] = results["pred"] != results["y"]
q3_prediction = "d"
q3.check()

# %% [markdown]
# **q2 (modify).** In the chapter's exercise cell: a results table at the new threshold under
# your own name (`error_analysis.results_table(data.test, p_test, q2_threshold)` there), then the q1
# function's `"real"` entry. Here the same on the example table.

# %%
q2_threshold = 0.3
q2_pred = (results["p_fake"] >= q2_threshold).astype(int)
q2_results = results.assign(pred=q2_pred)
q2_results["wrong"] = q2_results["pred"] != q2_results["y"]
q2_real_error = error_rates_by_class(q2_results)["real"]
print(f"{q2_real_error:.3f}")
q2.check()

# %% [markdown]
# **q4 (explain).** (c): pooled, blurred images look worse; within each class they are
# better, and Newcombe's interval (in images: every made-up image shows a different person,
# its own identity) excludes zero in both classes, which rules out (b). Blur went mostly to
# real faces, the class misclassified more often, so the pooled gap measures the class mix
# (Simpson's paradox): more images do not mend that (a); (d) names that class mix but reads
# the within-class direction the wrong way, which `q4_within` settles.

# %%
made_up = blur_counts()
pooled = made_up.groupby("blur")[["images", "errors"]].sum()
q4_pooled = (pooled["errors"] / pooled["images"]).to_dict()
rates = made_up["errors"] / made_up["images"]
rows = made_up.assign(rate=rates).set_index(["class", "blur"])
print(rows)
q4_within = {}
for c in ("real", "fake"):
    blurred, sharp = rows.loc[(c, "blurred")], rows.loc[(c, "sharp")]
    q4_within[c] = newcombe_difference(blurred["rate"], blurred["images"],
                                       sharp["rate"], sharp["images"])
    diff, low, high = q4_within[c]
    print(f"{c}: blurred minus sharp {diff:+.3f} ({low:+.3f} to {high:+.3f})")
q4_answer = "c"
q4.check()

# %% [markdown]
# **q5 (explain).** (c): "more likely to err" is a rate, so compare how often shadowed faces
# are wrong with unshadowed ones, within each class, by the chapter's interval of a
# difference (resampling identities; Newcombe's in identities where a row is sparse),
# allowing for all the differences the chapter's table compares, as the `holds` column does
# (the chapter's one rule for every row). A raised rate is not yet a common cause: the
# errors shadows account for are that difference times the shadowed faces. (a) reads a share of the errors without the
# share of all faces that carry a shadow, and pools the classes; (b) pools the classes, whose
# opposite mistakes can cancel, and counts images as independent, right in q4 (one image a
# person) but too narrow on the test faces, which share identities; (d) looks at misses only,
# so it has no rate, and a fake called real has its red on what pushed it towards the right
# answer; (e) ranks point estimates picked from many factors instead of reading an interval
# against zero.

# %%
q5_answer = "c"
q5.check()
