"""Self-test cases of the chapter exercise modules, one file per module (chNN.py defines CASES)."""
