"""Evaluation and benchmark scripts (run as `python -m evals.<name>`)."""
