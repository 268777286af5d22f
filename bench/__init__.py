"""ctp-sdk benchmarks: `nox -s bench` (or `python -m bench`) runs every workload and writes BENCHMARKS.md.

Each figure is measured next to its baseline in the same run (interleaved, repeated) and reported as
median, min and max plus the ratio to that baseline, so machine speed and noise mostly cancel out.
"""
