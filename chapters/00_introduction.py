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
# # 00 · Introduction: can a small CNN tell a real face from a deepfake?
#
# **Learning objectives.** After this chapter you can
# - state the problem the course works on and the claims of the paper it rebuilds;
# - follow a critical reading of the paper, which sets what its text states (quoted here)
#   against what its figures and listings show, and check the part you can yourself
#   (Table I from the counts of its Figs 13–14);
# - set the course up locally or on Colab, and choose its profile and dataset;
# - load the configured dataset with `dfkit` and explain why its splits are *group-aware*;
# - see why a headline number (accuracy, recall) means little without its baseline.
#
# **Time it takes.** The cells run in a few seconds on a 2-core laptop CPU, no GPU needed
# (9 s when the chapter was opened on its own, as in a fresh Colab runtime, where it makes
# its data and trains no model; default `laptop` profile, 2026-12-07,
# [benchmarks/README.md](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/README.md)).
# Colab's CPU or a busy machine can take several times longer, and a fresh Colab runtime
# installs `dfkit` first. Allow 45 to 60 minutes to read the chapter and do the exercises.

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

# %% [markdown]
# ## The problem
#
# A *deepfake* replaces one person's face in a photo or video with another's, using a neural
# network. Face-swap tools such as roop (an open-source one) detect the face in each frame,
# render the source identity's face at low resolution (often 128×128 px), warp it onto the
# target's landmarks (points such as the eye corners and mouth) and blend it in under a soft
# mask (one whose edge fades out). Each step can leave a trace: resampling blur, a seam where
# the mask ends, a colour step between the pasted skin and the real one. Generators built as
# GANs (generative adversarial networks: a generator trained against a network that tries to
# tell its images from real ones) leave others, such as periodic up-sampling patterns. A *detector* is a classifier that looks at a
# face crop and says **real** or **fake**.
#
# ## The paper we rebuild
#
# > **The paper.** Sarosh Abbas Hassan (Islamabad), *Performance of a CNN Backbone in a
# > Deepfake Classification Model*. The copy the course works from names no venue, no year
# > and no link (no DOI, no arXiv number), so none is given here; its only reference, the
# > dataset it uses, is dated 2025, so the paper dates from 2025 or later. The dataset: M. R. Islam,
# > M. A. I. Rakib, A. Sahin Afridi and M. M. Islam, *Comprehensive deepfake detection
# > dataset: Real and synthetic frames from roop and akool AI technologies*, 2025 (Mendeley
# > Data `pdcp9mjy3z`, licence `CC BY 4.0`).
#
# From here on the course calls it **the paper** and points into it by its own numbers:
# sections (§II-A), tables (Table I) and figures (Fig 13). The course has no link to a copy to
# give you, and does not reproduce the paper's figures. Where a point below rests on the
# paper's words, it quotes them (text, listings and captions) with where they stand; where it
# rests on what a figure shows (a curve, a diagram, a table of counts), it says so, and that
# part you can check only in a copy of the paper.
#
# The paper says it trains two classifiers on 8,000 face crops at 128×128 (§II-A; point 1
# below questions that count). Its scores treat **fake** as the positive class:
#
# * **accuracy**: the share of all faces labelled correctly;
# * [recall](https://dfkit-course.github.io/deepfake-course/glossary.html#term-recall): of the fakes, the share the model calls fake (how many fakes it finds);
# * [precision](https://dfkit-course.github.io/deepfake-course/glossary.html#term-precision): of the faces the model calls fake, the share that really are fake;
# * [F1](https://dfkit-course.github.io/deepfake-course/glossary.html#term-f1): the harmonic mean of precision and recall, `2PR / (P + R)`, high only when
#   both are high.
#
# Each of these is a ratio of four counts, made by sorting every face by its true label and the
# model's verdict: **true positives** (TP, fakes called fake), **false negatives** (FN, fakes
# called real), **false positives** (FP, real faces called fake) and **true negatives** (TN,
# real faces called real). Recall is TP / (TP + FN), precision TP / (TP + FP), and accuracy
# (TP + TN) divided by the number of all faces.
#
# What the paper claims, in its own words and numbers:
#
# | | the paper's claim |
# |---|---|
# | Features | handcrafted maps stacked with RGB "enhance detection" (abstract, §II-C) |
# | Model 1 | a tuned custom CNN: 90.2% accuracy, 94.2% recall, F1 91.68 (Table I) |
# | Model 2 | a ResNet-style CNN: 74.79% accuracy, **97.7% recall**, F1 81.59 (Table I) |
# | Verdict | Model 2 is the better model (§VI) |
# | Metric | recall is "the more important metric" for fraud detection (§IV) |
#
# The handcrafted maps are LBP texture, Canny edge density and a colour-histogram heatmap
# (chapter 02 builds each). Table I prints F1 on the 0–100 scale of its percentages, without
# the % sign; the exercises take every score as a fraction from 0 to 1.
#
# The course rebuilds every step, then tests what the paper did not: does the feature fusion
# help at all (it never trained without it)? Is a 97.7% recall good (the paper's Table I), when
# a model that calls every face fake scores a recall of 100%? Does a detector survive a kind of fake it
# never saw?
#
# ## Reading the paper critically
#
# A paper is evidence, not truth. In four places the paper's text disagrees with its own
# figures or listings. The last column of the table is the course's reading of that evidence:
# an inference, not a fact, since the paper settles none of the four. Readings 2 and 4 sit
# badly together: if both hold, Table I scored another model than the one that stopped (the
# paragraph after point 4). Two terms in the table are explained in the points below: an
# *epoch* is one pass over the training images, and `val_recall` is recall measured on
# *validation* images, held out from training.
#
# | point | the paper's claim | the paper's own evidence | the course's reading |
# |---|---|---|---|
# | 1. test set | balanced, split 80% / 20% (§II-A) | 749 real, 1,000 fake test images (Figs 13–14) | not the split described; data likely unbalanced |
# | 2. stopping | "20 epochs" (§III-A), "without early stopping" (§VI) | training curves end at epoch 6 (Figs 7–10) | the threshold rule likely fired |
# | 3. input | 6 channels: RGB and three handcrafted maps (§II-C) | a 128×128×3 input (Figs 5–6) | which models were scored is unclear |
# | 4. validation | no validation split, only train and test (§II-A) | `val_recall` monitored (§II-E, Listing 1) | settings may have been chosen on the test images |
#
# 1. **The test set.** §II-A says "only a subset of 8,000 images (balanced between real and
#    fake) was used" and, in the paper's next sentence, "Data was split using stratified
#    sampling into 80% training and 20% testing sets to ensure class balance". Stratified
#    means each split keeps the real/fake share, so the test set holds 800 real and 800 fake
#    images. The confusion matrices (Fig 13, "Confusion Matrix - Model 1 (CNN backbone)", and
#    Fig 14, the same for Model 2) hold counts that the text never prints: Model 1 TP 942,
#    FN 58, FP 113, TN 636; Model 2 TP 977, FN 23, FP 418, TN 331. They count 749 real and
#    1,000 fake, and reproduce Table I exactly (the part you can check here: put one model's
#    counts into the formulas above), so Table I was computed on that set. The dataset holds
#    only 3,744 real frames (its own description), and 20% of 3,744 rounds to 749: the paper
#    probably used every real frame and more fakes. The count of 8,000 does not fit either:
#    a balanced 8,000 needs 4,000 real images, more than the 3,744 there are, and the paper's
#    test set of 1,749 images, 20% of the data, implies about 8,745 images in all (every real
#    frame and about 5,000 fakes would be 8,744).
# 2. **Stopping.** §II-E: "Early stopping monitored validation recall with a threshold
#    criterion: Stop training if `val_recall > 0.98`". §III-A: "Both models achieved stable
#    convergence after training for 20 epochs." §VI: "achieving recall above 97% without early stopping." The
#    training curves (Figs 7–10, "Training and validation accuracy curves for model 1." and
#    the like) end at epoch 6, not 20, which suggests the threshold rule fired. The paper
#    calls that rule early stopping, but the term usually means another rule (Keras's
#    `EarlyStopping`, and this course's): stop once a validation score has not improved for a
#    few epochs. A threshold rule stops the first time the score passes a fixed bar, improving
#    or not. So §VI may mean that no such patience rule ran; the paper does not say.
#    Chapter 03 uses early stopping, chapter 04 builds the paper's rule.
# 3. **The input.** §II-C stacks six channels: "1) Original RGB image 2) LBP feature map
#    3) Edge density map 4) Color histogram heatmap (reshaped to 128×128)". The architecture
#    diagrams (Fig 5, "Model 1 Architecture"; Fig 6, "Model 2 Architecture") draw a 128×128×3
#    input, a shape the text never gives. Either they show other models than the ones scored,
#    or the handcrafted channels never reached the network; the paper does not say which.
# 4. **Validation.** *Validation* images are held out from training to choose settings and
#    to decide when to stop; Keras reports recall on them as `val_recall`. §II-A names only
#    "80% training and 20% testing sets", yet Listing 1 searches settings with
#    `objective='val_recall'` (Keras Tuner; chapter 05 rebuilds it), §II-E's stop rule reads
#    `val_recall`, and Figs 7–10 are "Training and validation" curves. If those validation
#    images were its test images, Table I's scores are likely too high (biased upward): the
#    setting that scores best on some images is partly the one that got lucky on them, and
#    Table I scores them.
#
# If the readings of points 2 and 4 were both right, training stopped once recall on the test
# images passed 0.98, so Table I's recalls would be above 0.98. The paper's Table I reports
# 0.942 and 0.977. So at least one reading is wrong, or Table I scored another model than
# the one that stopped; chapter 05, once it has built the stop rule and the search, weighs the
# explanations.
#
# **One deviation in the models.** The paper does not say how its Model 1 turns its last
# feature maps into the vector its dense layers read. It credits *global average pooling* to
# Model 2 only ("Global average pooling replaced flattening to reduce overfitting"), so the
# course infers that Model 1 flattens them. The course's Model 1 pools them instead, which
# leaves fewer weights to overfit a small data set; chapter 03 explains it and measures the
# difference. The course departs from the paper's procedure too, each time where it says so:
# it adds a validation split and shrinks the images on a CPU (Set-up, below), ships drawings
# as its default data (Set-up), and stops training by a patience rule (chapter 03).
#
# What the course takes from this: Table I's numbers cannot be tied to one clearly described
# procedure, so the course quotes them as the paper reports them and does not try to match
# them. Its own numbers come from splits it describes, with a test split used once, at the end.

# %% [markdown]
# ## The course map
#
# | chapter | what you build | what you learn |
# |---|---|---|
# | 00 introduction | a first look at the data and its splits | the problem, the paper, group-aware splits |
# | 01 EDA | class statistics | what really differs between real and fake |
# | 02 handcrafted features | LBP, edge density, colour histograms | the paper's 6-channel stack |
# | 03 CNN backbone | the paper's Model 1 | conv blocks, training curves |
# | 04 ResNet-style | the paper's Model 2 | residual connections, stop rules |
# | 05 tuning | Keras Tuner search | objectives, trial reuse |
# | 06 recall and honest metrics | full metric tables | baselines, thresholds, intervals |
# | 07 error analysis | failure counts, Grad-CAM | which mistakes and why |
# | 08 does fusion help? | ablations, unseen fakes | what the paper never tested |
# | 09 pretrained backbone | an ImageNet-pretrained EfficientNet | transfer learning |
# | 10 detector in the world | base rates, costs, thresholds | what a flag means in use |
# | 11 calibration and fairness | reliability diagrams, per-group error rates | calibration, who pays for errors, ethics |

# %% [markdown]
# ## Set-up
#
# **Locally**: clone the repository and run `make lab`: it creates a virtual environment in
# `.venv`, installs `dfkit` with JupyterLab, and opens the chapters (see the [README](https://github.com/dfkit-course/deepfake-course/blob/main/README.md);
# `make test` and `make book` are the maintainers' much slower targets).
# **On Colab**: open any chapter from the book's launch button; its first cell (the set-up cell,
# hidden in the book) installs `dfkit` on Colab and does nothing elsewhere. Run it first; if Colab
# asks to restart the runtime, restart, then run the notebook from the top (the set-up cell
# then finds `dfkit` installed and is quick). Each chapter runs on its own.
#
# Two environment variables steer every chapter:
#
# * `DFKIT_PROFILE`: `ci` (tiny, seconds), `laptop` (the default: minutes on a CPU) or `paper`
#   (8,000 images at 128×128, 20 epochs, 5 tuner trials: a GPU is recommended);
# * `DFKIT_DATA`: a folder with `real/` and `deepfake/` (or `fake/`) subfolders, such as the
#   paper's dataset. Unset, the course uses its **embedded synthetic faces**, generated on first
#   use in seconds. [real_data.md](https://github.com/dfkit-course/deepfake-course/blob/main/real_data.md) says how to get real faces (the paper's dataset,
#   the DFDC sample) onto Colab or a laptop and point `DFKIT_DATA` at them.
#
# In a notebook (Colab included), insert a new code cell at the very top, type
# `import os; os.environ["DFKIT_PROFILE"] = "ci"` into it, then restart the kernel (on Colab:
# Runtime → Restart session) and run all cells: the restart makes sure nothing computed under
# the old profile stays, and the cell at the top sets the new one again on every run.
# In a terminal, `export DFKIT_PROFILE=ci` before starting Jupyter. Every chapter's first
# output repeats which profile and dataset it used.
#
# > **What the embedded "faces" are.** They are drawings, not photographs: cartoon-like faces
# > of made-up people, drawn by a program in `dfkit.data.synthetic` (no real face may ship with
# > the course). The program makes its fakes the way face-swap tools do: a `faceswap` fake
# > pastes another person's inner face that it **renders small and enlarges**, with a soft
# > seam and a slight colour step; a `gan` fake renders the whole frame small and enlarges it,
# > leaving a periodic pattern. So every fake is blurrier than a real drawing **by
# > construction**. When chapter 01 measures that blur separates the classes, it recovers what
# > the generator put in; it is not a finding about real deepfakes. On real faces
# > (`DFKIT_DATA`), which cue separates the classes has to be measured afresh.

# %%
import numpy as np

from dfkit import course
from dfkit.course import plots, readings, report

data = course.prepare()

# %% [markdown]
# `prepare()` printed the profile and dataset it used, and any file it had to skip or convert
# (a corrupt JPEG, a grayscale image…): nothing is dropped without a word. Two words come up
# from here on. The **manifest** is the table of the images, one row per image: its file, its
# label, its group and, for the embedded faces, how it was made. A **group** holds the images
# that share a source, such as the frames of one video ("Groups, and a random split" below
# says what a group is on each dataset, and asks what a split should do with them).
#
# `prepare()` draws a **balanced subset** from the dataset: as many real as fake images, up to
# the profile's size, as the paper says it kept a balanced 8,000. A dataset with too few of one
# class gives an unbalanced subset, and `prepare()` then says so. `data.manifest` holds this
# subset, split by group into three: **train** to fit, **validation** to choose settings and
# stop training, **test** to report once at the end.
#
# Unlike the paper (see "Reading the paper critically" above: it may have chosen its settings
# on its test images), the course never looks at the test split to choose anything. The
# tables name the fake class `deepfake`, the name of the paper's dataset's folder; titles and
# text say *fake*, and the label `y` is 1 for it (0 for real).

# %%
split_sizes = data.splits.table()
report.say(readings.ch00.split_reading(split_sizes, data.manifest,
                                       data.profile.image_size))
split_sizes

# %% [markdown]
# The paper split 80% / 20% with no validation split (§II-A), at 128×128 px. The course needs
# a validation split to choose settings without the test images, and its `ci` and `laptop`
# profiles shrink the images so that the chapters run on a CPU (the `paper` profile uses the
# paper's 128×128).
#
# ## Groups, and a random split
#
# The paper's dataset holds many frames of each video: 3,744 real frames from only 30 videos
# (the dataset's own description, cited by the paper as [1]). On that dataset a group is a
# video, read from its file names (`<video>_frame_<k>_face_0.jpg`), a folder per video or a
# `metadata.csv`; where it finds none of these, `prepare()` prints a WARNING and makes each
# file its own group. In the embedded set a group is a *pair* of made-up people, because a
# face swap pastes one partner's face onto the other (a GAN fake of a person joins that
# person's pair too, so that each person sits on one side of a split only). The scan (the step of `prepare()` that
# reads the dataset folder and builds the manifest) joins the two into one group, named after
# the first (a file named after identity `id0001` can sit in group `id0000`).
#
# What would a plain random split, one that ignores groups, do with them? Commit to a
# prediction before you run the experiment.
#
# **q1 (predict, then run).** We shuffle the images of the subset and take as many for a test
# set as the course's test split holds; the rest is the training set. Of the groups that
# appear in this random test set, what share will also appear in its training set?
#
# - a. none, or almost none (fewer than one in ten)
# - b. some (between one in ten and seven in ten)
# - c. most or all (more than seven in ten)
#
# Set `q1_prediction` to `"a"`, `"b"` or `"c"`, run the experiment below, then `q1.check()`.
# A wrong prediction is not a failure: it is the point of the exercise. The check tells you
# what your run showed and why, and a surprise is what you remember. Stuck before you commit?
# `q1.hint()` gives a way to reason about it.

# %%
# Set-up for the exercises (not an exercise): the checkers, and the
# blank ____ your answers start as.
from dfkit.course.exercises.ch00 import ____, q1, q2, q3, q4, q5

# %%
q1_prediction = ____
# q1.hint()

# %%
# @save dfkit.data.dataset
# (the line above says that dfkit.data.dataset holds this same function,
# so you can read the code that q1.check() reruns)
def random_split_leak(manifest, n_test, seed):
    """Groups in a random test set of n_test images, and the share of them
    that also have images in the rest (the training set)."""
    rng = np.random.default_rng(seed)
    shuffled = manifest.iloc[rng.permutation(len(manifest))]
    test, train = shuffled.iloc[:n_test], shuffled.iloc[n_test:]
    test_groups = set(test["group"])
    leaked = test_groups & set(train["group"])
    return len(test_groups), len(leaked) / len(test_groups)


n_groups, leaked_share = random_split_leak(
    data.manifest, n_test=len(data.test), seed=data.profile.seed)
print(f"random split: {n_groups} groups in test, "
      f"{leaked_share:.0%} of them also in train")

# %%
q1.check()

# %% [markdown]
# A model trained on such a split is tested on near-copies of its training images (other
# frames of the same video; here, other images of the same drawn faces), and can score well
# by recognising images whose label it has already seen rather than the traces of a fake
# ([data leakage](https://dfkit-course.github.io/deepfake-course/glossary.html#term-data-leakage)).
# The course's split keeps each group on one side (a
# [group split](https://dfkit-course.github.io/deepfake-course/glossary.html#term-group-split)).
# In the embedded set a group holds both people of a swap, so no person is both trained on and
# tested on. On real data a group is a video (or what `metadata.csv` says): the split keeps
# *videos* apart, and one person filmed in two videos, or a face pasted into a fake, can still
# sit on both sides
# ([real_data.md](https://github.com/dfkit-course/deepfake-course/blob/main/real_data.md)).
# On this run's data:

# %%
shared = set(data.train["group"]) & set(data.test["group"])
print(f"groups in train: {data.train['group'].nunique()}, "
      f"in test: {data.test['group'].nunique()}, in both: {len(shared)}")

# %% [markdown]
# ## A first look
#
# Five real faces above five fakes, each row drawn at random on its own: a fake is not made
# from the face above it. Each title's first line names the class and, for a fake, its
# manipulation family (`faceswap` or `gan`); its second line is the image's group (a pair of
# people, see "Groups, and a random split" above).

# %%
plots.sample_grid(data.manifest, per_class=5, seed=data.profile.seed);

# %% [markdown]
# Can you see what gives the fakes away? Some fakes are easy (a blurry pasted face, a colour
# step), others are subtle, and some *real* faces look suspicious: blur, shadows and heavy
# JPEG compression hit both classes. The synthetic manifest records every such factor per
# image, so later chapters can count which ones fool the models. The table below shows two
# real faces and two fakes of each family, no two of one class from the same group, and of
# each two, one with the extra blur and one without (the cell after it prints how many got it):
#
# * `family`: a fake's manipulation (`none` for a real face);
# * `strength`: how strong a fake's artefacts are, from `0` to `1` (a lower rendering
#   resolution, a sharper seam, a larger colour step, a stronger periodic pattern; `0` for
#   every real face);
# * `blur_sigma`: an *extra* nuisance blur that some images get, real or fake (the σ of a
#   Gaussian blur; the cell after the table gives its unit); `0` means none. It comes on top
#   of the resampling blur every fake carries by construction, so a fake with `blur_sigma`
#   `0` is still blurry;
# * `shadow`: how much a cast shadow darkens part of the face (`0` for none, up to `0.6`);
# * `jpeg_quality`: the quality the image was saved at, from `35` to `95` (lower means
#   stronger compression).

# %%
# two images of each kind, each from another group, one blurred, one not
readings.ch00.factor_examples(data.manifest, seed=data.profile.seed)

# %%
report.say(readings.ch00.blur_reading(data.manifest, data.profile.image_size))

# %% [markdown]
# ## Summary
#
# * A deepfake detector is a binary classifier of face crops; face-swap and GAN tools leave
#   traces such as resampling blur, blend seams, colour steps and periodic patterns.
# * The paper claims that handcrafted feature maps help and that a ResNet-style model with
#   97.7% recall (the paper's Table I) is the better detector; the course rebuilds both and
#   checks both claims.
# * The paper's text and its own figures or listings disagree on its test set, when it
#   stopped, its input and its validation; the course quotes the paper's words, marks each
#   reading of them as an inference, and declares where it departs from the paper (a
#   validation split, smaller images on a CPU, and Model 1 pooling its feature maps where the
#   paper's presumably flattens them).
# * The embedded faces are drawings whose fakes are rendered small and enlarged: blur
#   separates their classes by construction, not by discovery.
# * `dfkit.course.prepare()` loads the configured dataset and makes **group-aware** train /
#   validation / test splits; the test split is for the final report only.
# * A headline score means little without its baseline, such as a detector that calls every
#   face fake; the exercises below compute that baseline and set Model 2 beside it.

# %% [markdown]
# ## Exercises
#
# Fill in each `____` and run the cell: its `qN.check()` says whether your answer holds.
# Stuck? Uncomment the `qN.hint()` on the cell's last line: it gives a first hint (the idea),
# and run again, a second (the tool). Worked solutions are in the instructor edition. (q1 was
# the prediction above.)

# %% [markdown]
# **q2.** A "detector" calls every face fake. What accuracy does it reach on the test set of
# the paper's Figs 13–14 (749 real and 1,000 fake faces)? Store the fraction (0 to 1, rounded
# to at least 3 decimals, or the expression itself) in `always_fake_accuracy`.

# %%
always_fake_accuracy = ____
q2.check()
# q2.hint()

# %% [markdown]
# **q3 (implement).** Write `always_fake_scores(n_real, n_fake)`, which returns the
# `(accuracy, recall, f1)` of the always-fake detector on a test set of `n_real` real and
# `n_fake` fake faces (fake is the positive class), each as a fraction from 0 to 1. Write it
# with arithmetic only (no scoring library); the checker also tries test sets you do not
# see. Once it passes, the cell after it uses your function to set this baseline beside
# Model 2.

# %%
def always_fake_scores(n_real, n_fake):
    return ____


q3.check()
# q3.hint()

# %%
# the always-fake baseline on the paper's test set (Figs 13-14), from your
# always_fake_scores once q3 passes, beside Model 2 (Table I)
yours = always_fake_scores if q3.passes() else None
report.say(readings.ch00.baseline_reading(749, 1000, yours))

# %% [markdown]
# **q4 (explain).** A detector is tested on 1,000 fake and 1,000 real faces and reaches a
# recall of 97.7%, Model 2's (the paper's Table I). Which range holds exactly the accuracies it
# can reach on these 2,000 faces, from the lowest possible to the highest possible? Work out
# the counts the recall implies before you read the options, then set `q4_answer` to one key
# (`"a"`, `"b"`, `"c"` or `"d"`).
#
# - a. from `1.15%` to `51.15%`
# - b. from `47.70%` to `52.30%`
# - c. from `48.85%` to `98.85%`
# - d. from `49.42%` to `100.00%`

# %%
q4_answer = ____
q4.check()
# q4.hint()

# %% [markdown]
# **q5 (explain).** A random split put frames of the same videos in both train and test:
# `80%` of its test frames come from videos that also have training frames. The model scores
# `99%` accuracy on those and `70%` on the other `20%`, frames of videos it never trained on.
# What accuracy does the random split report, and what should you expect on frames of new
# videos? Work both out before you read the options. Set `q5_answer` to one key (`"a"`,
# `"b"`, `"c"` or `"d"`).
#
# - a. `93.2%`; expect about `93.2%` on new videos
# - b. `93.2%`; expect about `70%` on new videos
# - c. `84.5%`; expect about `70%` on new videos
# - d. `84.5%`; expect about `84.5%` on new videos

# %%
q5_answer = ____
q5.check()
# q5.hint()

# %% [markdown]
# The baseline, as the course computes it (it states q2's and q3's answers, so it comes after
# the exercises):

# %%
report.say(readings.ch00.baseline_summary(749, 1000))

# %% [markdown]
# ## Questionnaire
#
# 1. What traces can a face-swap tool leave in the image, and at which step of its pipeline?
# 2. What are the paper's two models, and which does it call the better one?
# 3. Which test-set counts does §II-A imply, and which do the paper's Figs 13–14 show?
# 4. Why can a test set used to stop training no longer give an unbiased score?
# 5. What does the `DFKIT_PROFILE` switch change, and what does `DFKIT_DATA` change?
# 6. What is a *group* in this course, and what goes wrong when groups straddle a split?
# 7. What are the three splits for, and which one may you look at only once?
# 8. What accuracy, recall and F1 does the always-fake detector reach on a balanced test set?
# 9. Why is recall alone not enough to compare two detectors?
# 10. Which nuisance factors make a real face look suspicious?
#
# ## Further research
#
# 1. The chapter gave the real class's source: 3,744 frames from 30 videos. Find the paper's
#    dataset (Mendeley, "Comprehensive deepfake detection dataset") and read its description:
#    from how many source videos do its fakes come, how many people appear in each class, and
#    what does that imply for how many *independent* test examples the paper really had?
# 2. Find two other deepfake-detection papers and check whether they split by video or
#    identity. How do they report it, and would you have caught a leak from their text alone?
