"""swf-rules benchmarks: decide (beside plain Python, durable-rules and zen-engine), replay and validate.

Run from the repository root (docs/performance.md gives the figures and how to read them):

    python -m benchmarks --size full --out benchmarks/results.json

``benchmarks/spike_durable.py`` and ``benchmarks/events_stream.py`` are separate, standalone scripts.
"""
