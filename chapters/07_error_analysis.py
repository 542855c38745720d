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
# # 07 · Error analysis: which faces fool the model, and why?
#
# **Learning objectives.** After this chapter you can
# - show misclassified images with their true and predicted labels, as the paper does (Figs 11–12);
# - count errors by recorded factor (manipulation family, blur, shadow, JPEG quality, artefact
#   strength) with confidence intervals, instead of guessing failure modes from five pictures;
# - read Grad-CAM heatmaps of hits and misses, and know their limits.

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
from dfkit import course, errors, explain, plots, training
from dfkit.data import load_batch

data = course.prepare()
profile = data.profile

# %% [markdown]
# ## The model and its test predictions
#
# Model 1 on the 6-channel stack, trained as in chapter 03 (early stopping on validation AUC).
# `errors.results_table` joins each test image's manifest row with its probability of being fake,
# its predicted class at threshold 0.5 and whether that is wrong.

# %%
model, _ = training.train_model("cnn", data.splits, profile, "stack", verbose=0)
test = training.batches(data.test, profile, "stack")
results = errors.results_table(data.test, training.predict(model, test))
print(f"{int(results['wrong'].sum())} of {len(results)} test images misclassified")

# %% [markdown]
# ## The first five misclassified images (Figs 11–12)
#
# The paper looked at the first five errors and named "shadow artifacts or lighting
# inconsistency" and "compression artifacts" as common causes. Five pictures can suggest a
# cause; they cannot show that it is common.

# %%
misses = results[results["wrong"]].head(5)
plots.image_grid(misses["path"].tolist(), errors.labels(misses), size=profile.image_size);

# %% [markdown]
# ## Counting failure modes
#
# The synthetic manifest records, for every image, the manipulation family, whether blur, a cast
# shadow or sensor noise was applied, its JPEG quality and (for fakes) the artefact strength. So we
# can count: the error rate within each group, with a 95% Wilson interval and the number of
# images. Overlapping intervals mean the data cannot tell the groups apart. (On a real dataset
# only the columns it has are used.)

# %%
tables = errors.factor_tables(results)
for name, table in tables.items():
    print(f"\n{name}")
    print(table.round(3).to_string(index=False))

# %%
for name, table in tables.items():
    if name != "class":
        plots.error_rates(table, table.columns[0], title=f"errors by {name}");

# %% [markdown]
# ## Grad-CAM: where did the model look?
#
# Grad-CAM weighs the last convolutional feature maps by how much they push the output towards
# "fake" and overlays the result on the image: red regions raised the fake score. Below, five
# correct and five wrong test predictions. Heatmaps are a hint about *where* evidence lay, not
# proof of *what* the model used; at low resolution they are coarse.

# %%
def show_cams(rows):
    images = load_batch(rows["path"].tolist(), profile.image_size)
    cams = explain.grad_cam(model, test.transform(images))
    return plots.image_grid(rows["path"].tolist(), errors.labels(rows), size=profile.image_size, overlays=cams)


show_cams(results[~results["wrong"]].head(5));

# %%
show_cams(results[results["wrong"]].head(5));

# %% [markdown]
# ## Summary
#
# * Five misclassified pictures suggest causes; error rates per recorded factor, with intervals,
#   show which causes are common.
# * Read the intervals before naming a cause. In our run at the laptop profile, errors differed
#   clearly by class and family (46% of real faces and 23% of face swaps misclassified, 2% of GAN
#   fakes), while the intervals for blur, shadow, JPEG quality and artefact strength overlapped:
#   the paper's "shadows and compression" would not have survived this count.
# * Grad-CAM shows where the evidence lay for one image; it does not explain the model.
#
# ## Exercises

# %%
from dfkit.exercises import ____
from dfkit.exercises.ch07 import q1, q2

# %% [markdown]
# **q1.** What share of the test fakes did the model miss? Store it in `fake_error_rate` (it is 1 − recall).

# %%
fake_error_rate = ____
q1.check()

# %% [markdown]
# **q2.** Store the file names (column `file`) of the first five misclassified test images, in
# test order, in the list `first_five`.

# %%
first_five = ____
q2.check()
