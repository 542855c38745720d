"""What a cheaper default profile would cost in learning: train_model's time and test scores.

Trains Model 1 and Model 2 (``--kinds``) on the stack and on RGB, as the later chapters do
(``training.train_model``: early stopping on validation AUC, the profile's seed), at the laptop
profile with ``--n`` images drawn at ``--size`` px and ``--epochs`` epochs, on the embedded
synthetic faces, and prints one JSON line per run: seconds, epochs trained, test metrics at 0.5.
The model cache is off: every run trains.

    python benchmarks/profile_options.py --n 1200 --size 48 --epochs 10
"""

from __future__ import annotations

import argparse
import json
import time

from dfkit import config
from dfkit.course import chapter as course
from dfkit.training import trainer as training


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1200)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--kinds", default="cnn,resnet")
    args = parser.parse_args()
    profile = config.get_profile("laptop", n_images=args.n, image_size=args.size, epochs=args.epochs)
    data = course.prepare(profile, verbose=False)
    for kind in args.kinds.split(","):
        for inputs in ("stack", "rgb"):
            start = time.perf_counter()
            model, history = training.train_model(kind, data.splits, profile, inputs, verbose=0,
                                                    reuse=False)
            seconds = time.perf_counter() - start
            scores = training.evaluate(model, training.batches(data.test, profile, inputs))
            print(json.dumps({"n": args.n, "size": args.size, "epochs": args.epochs, "kind": kind,
                              "inputs": inputs, "seconds": round(seconds, 1), "epochs_trained": len(history),
                              **{k: round(float(scores[k]), 3) for k in
                                 ("roc_auc", "balanced_accuracy", "recall", "specificity")}}), flush=True)


if __name__ == "__main__":
    main()
