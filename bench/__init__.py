"""Benchmarks of what a user waits for; run with ``python -m bench``."""
