"""The diary tests use the suite's personas and builders, all in tests/conftest.py:
`make_spasm`, `make_medication`, `make_dose`, `make_session`, `make_check_in` for
entries at given moments, `Diary` for entries on given days, `bulk_diary` for a
large diary made in bulk, and `shipped_pages` for the guide."""
