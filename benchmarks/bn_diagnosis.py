"""Why Model 2 calls every face one class in chapter 04's default run: BatchNorm's moving averages.

Trains Model 2 (the ResNet-style CNN) on the 6-channel stack at a profile's size, with
BatchNormalization momentum 0.99 (Keras' default) and 0.9, and after every epoch scores the
validation split twice: with inference BN (the moving averages, what ``predict`` and every
validation metric use) and with training-mode BN (each batch's own statistics, as during the
gradient steps; moving averages restored afterwards). Prints, per epoch, validation accuracy
and ROC-AUC in both modes and the spread (SD) of the inference scores.

If the inference scores sit on one side of 0.5 while training-mode scores separate the classes,
the network has learnt, and what fails is the moving averages: too few steps for them to forget
their initial values (mean 0, variance 1) at momentum 0.99 (0.99**n of the start remains after
n steps).

The probe scores the validation faces in one fixed shuffled order (seeded), so each batch holds
both classes: the split itself is in label order (report 17c: the laptop profile's four batches
were 100%, 88%, 0% and 0% fake), and normalising such a batch by its own statistics removes the
class difference, which made the training-mode (``batch_*``) scores of runs before 2026-12-07
unreadable. The ``infer_*`` scores do not depend on batching.

    python benchmarks/bn_diagnosis.py [--profile laptop] [--seeds 42 43 44] [--epochs 10]
"""

from __future__ import annotations

import argparse
import time

import keras
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from dfkit import config, course, training
from dfkit.models import paper


def scores(model: keras.Model, batches, training_bn: bool) -> np.ndarray:
    """Fake-probabilities of every image of ``batches``, BN in inference or training mode.

    Training mode also updates the moving averages (and turns dropout on): the weights are put
    back afterwards, and dropout layers are switched off for the call so only BN differs.
    """
    if not training_bn:
        return np.concatenate([np.asarray(model(batches[i][0], training=False)).ravel()
                               for i in range(len(batches))])
    saved = model.get_weights()
    drops = [layer for layer in model.layers if isinstance(layer, keras.layers.Dropout)]
    rates = [layer.rate for layer in drops]
    for layer in drops:
        layer.rate = 0.0
    try:
        return np.concatenate([np.asarray(model(batches[i][0], training=True)).ravel()
                               for i in range(len(batches))])
    finally:
        for layer, rate in zip(drops, rates):
            layer.rate = rate
        model.set_weights(saved)


class Probe(keras.callbacks.Callback):
    """After each epoch: validation accuracy/AUC with inference BN and with batch statistics."""

    def __init__(self, val):
        super().__init__()
        self.val, self.rows = val, []

    def on_epoch_end(self, epoch, logs=None):
        y = self.val.labels
        row = {"epoch": epoch + 1, "train_acc": (logs or {}).get("accuracy")}
        for mode, flag in (("infer", False), ("batch", True)):
            p = scores(self.model, self.val, flag)
            row[f"{mode}_acc"] = float(((p > 0.5) == y).mean())
            row[f"{mode}_auc"] = float(roc_auc_score(y, p))
            if mode == "infer":
                row["infer_sd"] = float(p.std())
                row["infer_fake"] = float((p > 0.5).mean())
        row["val_recall"] = (logs or {}).get("val_recall")
        self.rows.append(row)
        print("  " + "  ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                               for k, v in row.items()), flush=True)


def with_momentum(momentum: float):
    """Model 2 with every BatchNormalization layer at ``momentum`` (the builder's own argument)."""
    def build(**kwargs):
        return paper.build_resnet(bn_momentum=momentum, **kwargs)
    return build


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="laptop")
    parser.add_argument("--seeds", type=int, nargs="+", default=[42, 43, 44])
    parser.add_argument("--momenta", type=float, nargs="+", default=[0.99, 0.9])
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--lr", type=float, default=None, help="learning rate (default: the builder's)")
    args = parser.parse_args()
    profile = config.get_profile(args.profile)
    epochs = args.epochs or profile.epochs
    data = course.prepare(profile, verbose=False)
    cache = training.input_cache([data.train, data.val, data.test], profile, "stack")
    val = training.batches(data.val, profile, "stack", cache=cache)
    # the probe's batches mix the classes (the split is in label order): see the docstring
    mixed = data.val.sample(frac=1.0, random_state=profile.seed).reset_index(drop=True)
    probe_val = training.batches(mixed, profile, "stack", cache=cache)
    fakes = [float(np.mean(probe_val[i][1])) for i in range(len(probe_val))]
    steps = len(training.batches(data.train, profile, "stack", cache=cache))
    print(f"{args.profile}: {len(data.train)} train / {len(data.val)} val images at "
          f"{profile.image_size}px, {steps} steps per epoch, {epochs} epochs; the probe's "
          f"validation batches are {', '.join(f'{f:.0%}' for f in fakes)} fake")
    summary = []
    for momentum in args.momenta:
        left = momentum ** (steps * epochs)
        print(f"\n== momentum {momentum}: after {steps * epochs} steps {left:.1%} of each moving "
              "average is still its initial value")
        for seed in args.seeds:
            start = time.perf_counter()
            model = paper.build_resnet(input_shape=training.input_shape(profile, "stack"), seed=seed,
                                       bn_momentum=momentum)
            if args.lr:
                model.optimizer.learning_rate.assign(args.lr)
            train = training.batches(data.train, profile, "stack", shuffle=True, cache=cache)
            probe = Probe(probe_val)
            training.fit(model, train, val, epochs=epochs, callbacks=[probe], verbose=0)
            table = pd.DataFrame(probe.rows).set_index("epoch")
            print(f"-- seed {seed} ({time.perf_counter() - start:.0f} s)")
            print(table.round(3).to_string())
            summary.append({"momentum": momentum, "seed": seed,
                            "epochs at chance (infer acc within 0.02 of 0.5)":
                                int((table["infer_acc"].sub(0.5).abs() < 0.02).sum()),
                            "epochs at chance (batch-stat acc)":
                                int((table["batch_acc"].sub(0.5).abs() < 0.02).sum()),
                            "last infer acc": table["infer_acc"].iloc[-1],
                            "last batch acc": table["batch_acc"].iloc[-1],
                            "best infer auc": table["infer_auc"].max()})
    print("\n" + pd.DataFrame(summary).round(3).to_string(index=False))


if __name__ == "__main__":
    main()
