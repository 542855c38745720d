"""Chapter 03's q1 refuses Keras counting a layer's weights however the answer reaches it
(round 17's report: a dict, a callable object, ``sys.modules`` and ``getattr``, ``exec``),
and gives Keras back whole after the check."""

from __future__ import annotations

import keras
import pytest

from dfkit.course.exercises import Incorrect, ch03

TOOLS = {}  # filled by a test: the answer names only this dict


def _through_tools(k, c, f):
    return TOOLS["count"](k, c, f)


def _keras_count(k, c, f):
    layer = keras.layers.Conv2D(f, k)
    layer.build((None, 8, 8, c))
    return layer.count_params()


def test_keras_reached_through_a_dict_is_refused_and_keras_is_put_back():
    layer_class = keras.layers.Layer
    codes = {name: getattr(layer_class, name).__code__ for name in ("add_weight",
                                                                       "count_params")}
    TOOLS["count"] = _keras_count
    status, message = ch03.q1.evaluate({"conv_params": _through_tools})
    assert status == "incorrect" and "asks Keras to count" in message
    assert {n: getattr(layer_class, n).__code__ for n in codes} == codes  # restored
    assert _keras_count(3, 6, 32) == 1760  # and Keras counts again


def test_a_counter_put_in_keras_place_still_reaches_the_refused_original(monkeypatch):
    """An answer that first swaps Layer.add_weight for a wrapper (whose free variable keeps
    its code from being swapped) still ends in the original, which is refused."""
    original = keras.layers.Layer.add_weight

    def wrap(inner):
        def add_weight(self, *args, **kwargs):
            return inner(self, *args, **kwargs)
        return add_weight

    monkeypatch.setattr(keras.layers.Layer, "add_weight", wrap(original))
    TOOLS["count"] = _keras_count
    status, message = ch03.q1.evaluate({"conv_params": _through_tools})
    assert status == "incorrect" and "asks Keras to count" in message


@pytest.mark.parametrize("answer", [lambda k, c, f: (k * k * c + 1) * f,
                                    lambda k, c, f: k * k * c * f + f])
def test_the_formula_passes(answer):
    assert ch03.q1.evaluate({"conv_params": answer}) == ("correct", "")


def _count_in_a_program(k, c, f):
    import subprocess
    import sys

    code = f"print(({k} * {k} * {c} + 1) * {f})"  # Keras's place: any other program
    return int(subprocess.run([sys.executable, "-c", code], capture_output=True,
                              text=True).stdout)


def test_another_program_is_refused_only_while_the_answer_runs():
    """Round 17c's report: Keras counting in a subprocess passed. Starting a program is
    refused in the answer's thread during the check, and allowed again after it."""
    import subprocess
    import sys

    status, message = ch03.q1.evaluate({"conv_params": _count_in_a_program})
    assert status == "incorrect" and "starts another program" in message
    done = subprocess.run([sys.executable, "-c", "print(1)"], capture_output=True, text=True)
    assert done.stdout.strip() == "1"


def _jax_count(k, c, f):
    import jax
    from jax.example_libraries import stax

    init, _ = stax.Conv(f, (k, k), padding="SAME")
    return int(sum(p.size for p in init(jax.random.PRNGKey(0), (1, 8, 8, c))[1]))


def test_jax_counting_is_refused_however_reached_and_put_back():
    """Round 19's report: JAX's stax counted a layer, unrefused. It is refused by name and,
    reached through a dict (no JAX name in the answer), by function; after the check JAX
    counts again."""
    status, message = ch03.q1.evaluate({"conv_params": _jax_count})
    assert status == "incorrect" and "JAX" in message
    TOOLS["count"] = _jax_count
    status, message = ch03.q1.evaluate({"conv_params": _through_tools})
    assert status == "incorrect" and "asks Keras to count" in message
    assert _jax_count(3, 6, 32) == 1760


def test_the_hidden_layers_are_drawn_from_a_wide_range():
    """Round 19's report filled a table of the old range (32,768 layers) in 6 minutes: the
    range now holds millions, and the public check's hidden layers leave the old one."""
    size = len(ch03._KERNELS) * ch03._MAX_CHANNELS * ch03._MAX_FILTERS
    assert size > 10_000_000
    old = [(k, c, f) for k, c, f in ch03._hidden_layers()
           if k <= 7 and c <= 64 and f <= 128]
    assert len(old) < 3


JAX_ANSWERS = '''
def by_jax(kernel_size, in_channels, filters):
    import jax
    from jax.example_libraries import stax
    init, _ = stax.Conv(filters, (kernel_size, kernel_size), padding="SAME")
    _, params = init(jax.random.PRNGKey(0), (1, 8, 8, in_channels))
    return int(sum(p.size for p in params))

def by_strings(kernel_size, in_channels, filters):
    import importlib
    jx = importlib.import_module("ja" + "x")
    st = importlib.import_module("ja" + "x.example_libraries.st" + "ax")
    init, _ = getattr(st, "Co" + "nv")(filters, (kernel_size, kernel_size))
    _, params = init(jx.random.PRNGKey(0), (1, 8, 8, in_channels))
    return int(sum(p.size for p in params))

def honest(kernel_size, in_channels, filters):
    return (kernel_size * kernel_size * in_channels + 1) * filters
'''


def test_jax_counting_is_refused_when_graded_too(tmp_path):
    """Graded, the answer runs in the sandbox: JAX's layers are refused there as well, by
    name and, imported by strings, by function; the formula still passes."""
    from dfkit.course.grading import capture
    from dfkit.course.grading.limits import Limits
    from dfkit.course.grading.sandbox import RemoteObject, Sandbox

    namespace = {"__name__": "__main__"}
    exec(JAX_ANSWERS, namespace)
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=120))
    try:
        remote = {n: RemoteObject(sandbox, sandbox.load(capture.value_tree(namespace[n])["value"]))
                  for n in ("by_jax", "by_strings", "honest")}
        for name in ("by_jax", "by_strings"):
            with pytest.raises(Incorrect, match="asks Keras to count"):
                ch03.q1.checker(remote[name])
        ch03.q1.checker(remote["honest"])
    finally:
        sandbox.close()


def _formula_in_a_thread_program(k, c, f):
    import subprocess
    import sys
    import threading

    box = []
    code = f"print(({k} * {k} * {c} + 1) * {f})"
    thread = threading.Thread(target=lambda: box.append(subprocess.check_output(
        [sys.executable, "-c", code])))
    thread.start()
    thread.join()
    return int(box[0])


def test_a_program_started_from_another_thread_is_refused():
    """Round 20's report: a thread started the program, which the refusal of the answer's
    own thread did not see. Every thread is refused while the answer runs."""
    status, message = ch03.q1.evaluate({"conv_params": _formula_in_a_thread_program})
    assert status == "incorrect" and "starts another program" in message


def test_a_pool_made_before_the_check_hands_the_work_over():
    """Round 20's report: work sent to a worker pool started before the check passed. A
    pool reachable from the answer (by name, bound method, in a container) is refused
    before it runs; the pool is left working."""
    import multiprocessing

    from dfkit.course.exercises import reaches_another_process

    pool = multiprocessing.get_context("spawn").Pool(1)
    try:
        assert pool.apply(eval, ("1 + 1",)) == 2

        def by_name(k, c, f):
            return pool.apply(eval, (f"({k} * {k} * {c} + 1) * {f}",))

        assert reaches_another_process(by_name)
        assert reaches_another_process(pool.apply)
        assert reaches_another_process(lambda k, c, f, tools={"p": [pool]}: 0)
        assert not reaches_another_process(lambda k, c, f: (k * k * c + 1) * f)
        status, message = ch03.q1.evaluate({"conv_params": by_name})
        assert status == "incorrect" and "hands the work to one" in message
        assert pool.apply(eval, ("2 + 2",)) == 4
    finally:
        pool.terminate()


LEGACY_ANSWER = '''
def by_legacy_keras(kernel_size, in_channels, filters):
    import importlib
    import numpy as np
    L = importlib.import_module(".".join(["tensor" + "flow", "python", "ker" + "as",
                                          "lay" + "ers"]))
    lay = getattr(L, "Conv" + "2D")(filters, kernel_size)
    lay.build((None, 32, 32, in_channels))
    return sum(int(np.prod(w.shape)) for w in lay.weights)
'''


def test_legacy_keras_counting_is_refused_and_put_back_graded_too(tmp_path):
    """Round 22's report: TensorFlow's bundled Keras 2, imported by a name built from
    pieces, counted unrefused. Its add_weight is refused in the kernel and, graded, in the
    sandbox; after the check it builds layers again."""
    from dfkit.course.grading import capture
    from dfkit.course.grading.limits import Limits
    from dfkit.course.grading.sandbox import RemoteObject, Sandbox

    namespace = {"__name__": "__main__"}
    exec(LEGACY_ANSWER, namespace)
    answer = namespace["by_legacy_keras"]
    status, message = ch03.q1.evaluate({"conv_params": answer})
    assert status == "incorrect" and "asks Keras to count" in message
    assert answer(3, 6, 32) == 1760
    sandbox = Sandbox(tmp_path / "box", Limits(call_seconds=120))
    try:
        remote = RemoteObject(sandbox, sandbox.load(capture.value_tree(answer)["value"]))
        with pytest.raises(Incorrect, match="asks Keras to count"):
            ch03.q1.checker(remote)
    finally:
        sandbox.close()
