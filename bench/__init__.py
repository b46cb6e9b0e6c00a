"""`make bench`: how fast Unknot's pages are on a heavy instance, against a floor.

Not a test: `make test` never runs it. See README.md ("Benchmark") and the
latest results in docs/benchmark.md.
"""
