"""TensorFlow's native start-up notices stay out of a student's notebook (dfkit._quiet_tf)."""

import os
import subprocess
import sys
from pathlib import Path

from dfkit import _quiet_tf

ROOT = Path(__file__).resolve().parents[1]
NOTICES = ("absl::InitializeLog", "cudart_stub", "cpu_feature_guard", "cuInit", "oneDNN custom operations")


def test_importing_dfkit_then_keras_prints_no_start_up_notices():
    """Colab and laptops do not set TF_CPP_MIN_LOG_LEVEL: a fit must still print nothing."""
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    env.update(PYTHONPATH=str(ROOT), KERAS_BACKEND="tensorflow")
    code = ("import dfkit, keras, numpy as np\n"
            "m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])\n"
            "m.compile('adam', 'mse')\n"
            "m.fit(np.ones((8, 4)), np.ones(8), verbose=0)\n"
            "print('fitted')\n")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "fitted" in done.stdout
    shown = [notice for notice in NOTICES if notice in done.stderr]
    assert not shown, f"TensorFlow start-up notices reached stderr: {shown}\n{done.stderr[-2000:]}"


def test_the_filter_passes_on_every_other_native_line(capfd):
    """Only the known notices are dropped: a real native error still reaches the reader."""
    with _quiet_tf.native_stderr_filtered():
        os.write(2, b"WARNING: All log messages before absl::InitializeLog() is called are "
                    b"written to STDERR\n")
        os.write(2, b"I0000 cudart_stub.cc:31] Could not find cuda drivers on your machine\n")
        os.write(2, b"E0000 op_kernel.cc:1] OOM when allocating tensor\n")
    err = capfd.readouterr().err
    assert "OOM when allocating tensor" in err
    assert "InitializeLog" not in err and "cudart_stub" not in err




def test_notebooks_import_dfkit_before_keras():
    """The filter is installed by ``import dfkit``: a notebook importing Keras first shows the
    notices under its first cell (chapter 07 did, in a run with TF_CPP_MIN_LOG_LEVEL unset)."""
    late = []
    for path in sorted([*ROOT.glob("chapters/*.py"), *ROOT.glob("solutions/*.py")]):
        for line in path.read_text().splitlines():
            words = line.split()
            if line.startswith(("import ", "from ")) and len(words) > 1:
                package = words[1].split(".")[0]
                if package == "dfkit":
                    break
                if package in ("keras", "tensorflow", "keras_tuner"):
                    late.append(f"{path.relative_to(ROOT)}: {line}")
                    break
    assert not late, "import dfkit before Keras in:\n" + "\n".join(late)
