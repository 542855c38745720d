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
# # Solutions · 08 Does fusion help?

# %%
import numpy as np
import pandas as pd

from dfkit.exercises import strict
from dfkit.exercises.ch08 import q1, q2

strict(True)

# %% [markdown]
# **q1.** On an example run table (the chapter's depends on its runs): the gap between means is
# judged against twice the seeds' standard deviation.

# %%
runs = pd.DataFrame({"model": ["cnn"] * 6, "inputs": ["rgb"] * 3 + ["stack (all 6)"] * 3, "seed": [0, 1, 2] * 2,
                     "roc_auc": [0.81, 0.84, 0.79, 0.83, 0.80, 0.85]})
stats = runs.groupby("inputs")["roc_auc"].agg(["mean", "std"])
gap = stats.loc["stack (all 6)", "mean"] - stats.loc["rgb", "mean"]
print(stats.round(3), f"\ngap {gap:.3f} vs 2 std {2 * stats['std'].max():.3f}")
verdict = "helps" if gap > 2 * stats["std"].max() else "hurts" if gap < -2 * stats["std"].max() else "no evidence"
q1.check()

# %% [markdown]
# **q2.** Seen = diagonal, unseen = the rest.

# %%
matrix = pd.DataFrame({"faceswap": [0.93, 0.58], "gan": [0.62, 0.96]}, index=pd.Index(["faceswap", "gan"], name="trained on"))
seen = np.diag(matrix.values).mean()
unseen = (matrix.values.sum() - np.trace(matrix.values)) / (matrix.size - len(matrix))
auc_drop = seen - unseen
print(f"{auc_drop:.3f}")
q2.check()
