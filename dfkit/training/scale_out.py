"""The command line beyond one machine: ``train --distribute`` and ``tune --chief/--worker``.

Training: :mod:`dfkit.training.distribute` spreads each batch over every local device (and, with
``--coordinator``, over several hosts, each reading its own shard of the training manifest).

Tuning: Keras Tuner's own chief/worker protocol. The chief runs the oracle (it draws the
hyperparameters and records every trial) as a gRPC service at ``--oracle HOST:PORT``; each worker
asks it for a trial, trains it on its own device and reports back, until the budget is spent. All
of them share one ``--out`` folder (a shared file system), where workers write their trials'
checkpoints and the chief writes ``trials.csv`` and the best model. Keras Tuner reads
``KERASTUNER_TUNER_ID``, ``KERASTUNER_ORACLE_IP`` and ``KERASTUNER_ORACLE_PORT``; the flags set them,
or set them yourself and omit the flags.

A worker that dies mid-trial leaves its trial "running" for ever: Keras Tuner's chief then waits
indefinitely (it exits only when no trial is running and every worker has been told to stop).
Our chief watches the search instead: when nothing has changed for ``--stall-timeout`` seconds it
marks the silent trials failed, writes what finished, and exits with status 3, naming them.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import threading
import time
from pathlib import Path

from dfkit import run_folder
from dfkit.exceptions import DfkitError

STALLED_EXIT = 3


def add_arguments(p, command: str) -> None:
    """The scale-out flags of ``train`` or ``tune``."""
    if command == "train":
        p.add_argument("--distribute", action="store_true",
                       help="train data-parallel on every local device (JAX: keras.distribution.DataParallel; "
                            "TensorFlow: MirroredStrategy); the profile's batch is the global batch")
        p.add_argument("--coordinator", default=None, metavar="HOST:PORT",
                       help="multi-host JAX job: address of process 0 (implies --distribute)")
        p.add_argument("--num-processes", type=int, default=1, help="multi-host: number of hosts")
        p.add_argument("--process-id", type=int, default=0, help="multi-host: this host's index, from 0")
    else:
        role = p.add_mutually_exclusive_group()
        role.add_argument("--chief", action="store_true", help="run the search's oracle (distributed tuning)")
        role.add_argument("--worker", default=None, metavar="ID", help="run trials for the chief, as tuner ID")
        p.add_argument("--oracle", default=None, metavar="HOST:PORT", help="where the chief's oracle listens")
        p.add_argument("--trials", type=int, default=None, help="override the profile's number of trials")
        p.add_argument("--stall-timeout", type=float, default=1800.0,
                       help="chief: give up on trials that show no progress for this many seconds (default 1800)")


def _tuner_role(args) -> str | None:
    """'chief', 'worker' or None, after setting Keras Tuner's environment from the flags."""
    if args.chief or args.worker:
        if not args.oracle or ":" not in args.oracle:
            raise DfkitError("Distributed tuning needs --oracle HOST:PORT (the chief's address), "
                             "the same on the chief and every worker.")
        host, port = args.oracle.rsplit(":", 1)
        os.environ.update(KERASTUNER_TUNER_ID="chief" if args.chief else args.worker,
                          KERASTUNER_ORACLE_IP=host, KERASTUNER_ORACLE_PORT=port)
    if "KERASTUNER_ORACLE_IP" not in os.environ:
        return None
    if not args.out:
        raise DfkitError("Distributed tuning needs one --out folder shared by the chief and every worker "
                         "(the workers write their trials' checkpoints there).")
    return "chief" if "chief" in os.environ.get("KERASTUNER_TUNER_ID", "") else "worker"


def is_distributed_tune(args) -> bool:
    return _tuner_role(args) is not None


def is_distributed_train(args) -> bool:
    return bool(getattr(args, "distribute", False) or getattr(args, "coordinator", None))


def train(args, cli) -> int:
    """``train --distribute``: the same run as ``train``, every batch split over the devices."""
    from dfkit.course import chapter as course
    from dfkit.data.loader import FollowEpochs
    from dfkit.data.sharding import shard
    from dfkit.models import paper as models
    from dfkit.training import distribute
    from dfkit.training import trainer as training

    if args.coordinator:
        distribute.initialize_hosts(args.coordinator, args.num_processes, args.process_id)
    profile = cli._profile(args)
    d = course.prepare(profile, strategy=args.split)
    out = cli._run_dir(args, f"{args.model}-{args.inputs}-distributed")
    train_frame = shard(d.train, args.process_id, args.num_processes) if args.num_processes > 1 else d.train
    local = profile.batch_size // max(1, args.num_processes)  # each host feeds its part of the global batch
    local_profile = type(profile)(**{**profile.as_dict(), "batch_size": local})
    with distribute.data_parallel(profile.batch_size) as replicas:
        print(f"data-parallel over {replicas} device(s) ({', '.join(distribute.devices())}): global batch "
              f"{profile.batch_size}, {distribute.per_device_batch(profile.batch_size, replicas)} per device")
        model = models.builder(args.model)(input_shape=training.input_shape(profile, args.inputs), seed=profile.seed)

        def stream(frame, shuffle=False):
            return training.batches(frame, local_profile, args.inputs, shuffle=shuffle, workers=args.workers)

        train = stream(train_frame, True)
        # FollowEpochs: the wrapped stream keeps the order of epoch k a function of (seed, k), as fit
        # does for an unwrapped one, so one device and several see the same batches
        history = training.fit(model, distribute.PaddedBatches(train, replicas),
                               distribute.PaddedBatches(stream(d.val), replicas), epochs=profile.epochs,
                               callbacks=[training.early_stopping("val_auc", 3), FollowEpochs(train)],
                               verbose=2)
        scores = _scores(model, d, local_profile, args.inputs, replicas, stream)
    history.to_csv(out / "history.csv")
    (models.pixel_input(model) if args.inputs == "rgb" else model).save(out / "model.keras")
    run_folder.write_json(out / "metrics.json", scores)
    cli._write_config(out, args, profile, {"inputs": args.inputs, "model": args.model, "replicas": replicas,
                                           "devices": distribute.devices(), **cli._recorded_dataset(d)})
    print("test: " + ", ".join(f"{k} {scores['test'][k]:.3f}" for k in ("accuracy", "recall", "roc_auc")))
    print(f"saved to {out}")
    return 0


def _scores(model, d, profile, inputs, replicas, stream) -> dict:
    from dfkit.evaluation import metrics
    from dfkit.training import distribute

    scores = {}
    for split in ("val", "test"):
        batches = stream(getattr(d, split))
        scores[split] = metrics.summary(batches.labels, distribute.predict(model, batches, replicas))
    val = stream(d.val)
    scores["threshold"] = metrics.validation_threshold(val.labels, distribute.predict(model, val, replicas))
    return scores


def tune(args, cli) -> int:
    """``tune --chief`` or ``tune --worker ID``: one search run by several processes."""
    from dfkit.course import chapter as course
    from dfkit.models import paper as models
    from dfkit.training import trainer as training
    from dfkit.training import tuning

    role = _tuner_role(args)
    profile = cli._profile(args)
    if args.trials:
        profile = dataclasses.replace(profile, tuner_trials=args.trials)
    d = course.prepare(profile, strategy=args.split)
    out = cli._run_dir(args, "unused")
    train = training.batches(d.train, profile, args.inputs, shuffle=True, workers=args.workers)
    val = training.batches(d.val, profile, args.inputs, workers=args.workers)
    name = f"model_{1 if args.model == 'cnn' else 2}"
    # only the chief starts the search afresh; a worker must not delete the trials others wrote
    tuner = tuning.make_tuner(models.builder(args.model), name, profile, train, val, objective_name=args.objective,
                              directory=out / "tuner", verbose=role == "chief", worker=role == "worker")
    if role == "worker":
        import keras

        me, ran, on_trial_begin, on_trial_end = os.environ["KERASTUNER_TUNER_ID"], [], tuner.on_trial_begin, \
            tuner.on_trial_end

        def begin(trial):  # this worker's log says which trials it ran
            print(f"worker {me}: trial {trial.trial_id} started", flush=True)
            on_trial_begin(trial)

        def end(trial):
            ran.append(trial.trial_id)
            print(f"worker {me}: trial {trial.trial_id} ended ({trial.status})", flush=True)
            on_trial_end(trial)

        tuner.on_trial_begin, tuner.on_trial_end = begin, end
        keras.utils.set_random_seed(profile.seed)
        tuner.search(train, validation_data=val, epochs=profile.epochs, verbose=0, shuffle=False)
        print(f"worker {me} ran trials: {', '.join(ran) or 'none'}; "
              "the chief has no more", flush=True)
        return 0
    return _run_chief(args, cli, tuner, d, profile, train, val, out)


def _state(oracle) -> str:
    """Everything about the search that changes while it makes progress."""
    trials = {tid: (t.status, repr(t.metrics.get_config())) for tid, t in oracle.trials.items()}
    return repr((sorted(trials.items()), sorted(oracle.ongoing_trials), len(oracle.tuner_ids)))


def watch(oracle, search: threading.Thread, stall_timeout: float, poll: float = 1.0) -> list[str]:
    """Wait for ``search``; return the ids of trials abandoned after ``stall_timeout`` s without progress.

    Only a running trial can stall: before any worker has taken a trial the chief waits, as Keras
    Tuner's does (workers may start later). Nothing abandoned (an empty list) means the search
    finished normally."""
    from keras_tuner.src.engine import trial as trial_module

    last, changed = _state(oracle), time.monotonic()
    while search.is_alive():
        search.join(poll)
        now = _state(oracle)
        if now != last:
            last, changed = now, time.monotonic()
        elif oracle.ongoing_trials and time.monotonic() - changed > stall_timeout:
            stalled = []
            for tuner_id, trial in list(oracle.ongoing_trials.items()):
                trial.status = trial_module.TrialStatus.FAILED
                trial.message = f"no progress for {stall_timeout:.0f} s: its worker {tuner_id} is gone"
                oracle.end_trial(trial)
                oracle.tuner_ids.discard(tuner_id)
                stalled.append(f"{trial.trial_id} (worker {tuner_id})")
            return stalled
    return []


def _run_chief(args, cli, tuner, d, profile, train, val, out: Path) -> int:
    from dfkit.models import paper as models
    from dfkit.training import tuning

    start = time.perf_counter()
    print(f"chief: oracle at {os.environ['KERASTUNER_ORACLE_IP']}:{os.environ['KERASTUNER_ORACLE_PORT']}, "
          f"{profile.tuner_trials} trials; start the workers with the same --oracle and --out", flush=True)
    search = threading.Thread(target=tuning.search, args=(tuner, train, val),
                              kwargs={"epochs": profile.epochs, "seed": profile.seed, "verbose": 0}, daemon=True)
    search.start()
    stalled = watch(tuner.oracle, search, args.stall_timeout)
    table = tuning.trials_table(tuner)
    table.to_csv(out / "trials.csv", index=False)
    print(table.to_string())
    if stalled:
        print(f"python -m dfkit tune --chief: gave up on trial(s) {', '.join(stalled)} after "
              f"{args.stall_timeout:.0f} s without progress; finished trials are in {out / 'trials.csv'}. "
              "Keras Tuner itself would wait for ever.", file=sys.stderr, flush=True)
        sys.stdout.flush()
        os._exit(STALLED_EXIT)  # the oracle's gRPC server thread cannot be stopped from outside
    best = tuner.oracle.get_best_trials(1)[0]
    print(f"best trial: {best.trial_id} score {best.score:.6f}")
    model = tuner.get_best_models(1)[0]
    (models.pixel_input(model) if args.inputs == "rgb" else model).save(out / "model.keras")
    scores = cli._score(model, d, profile, args.inputs)
    run_folder.write_json(out / "metrics.json", scores)
    cli._write_config(out, args, profile, {"best_hyperparameters": best.hyperparameters.values,
                                           "best_trial": best.trial_id,
                                           "search_and_scoring_seconds": round(time.perf_counter() - start, 1),
                                           **cli._recorded_dataset(d)})
    print(f"saved to {out}", flush=True)
    os._exit(0)  # as above: the oracle's server thread would keep the process alive
