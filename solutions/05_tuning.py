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
# # Solutions · 05 Tuning

# %%
import keras_tuner as kt
import pandas as pd

from dfkit.exercises import strict
from dfkit.exercises.ch05 import q1, q2

strict(True)

# %% [markdown]
# **q1.** The metric is named `auc` in `dfkit.models.standard_metrics`, so its validation value is `val_auc`.

# %%
auc_objective = kt.Objective("val_auc", direction="max")
q1.check()

# %% [markdown]
# **q2.** On an example table (the chapter's depends on the run): the highest score among completed trials.

# %%
trials = pd.DataFrame({"trial": ["0", "1", "2"], "score": [0.74, 0.69, 0.81], "status": ["COMPLETED"] * 3})
best_trial = trials.loc[trials["score"].idxmax(), "trial"]
print(best_trial)
q2.check()
