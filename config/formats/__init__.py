"""Dates and times as Unknot writes them, one module per language (FORMAT_MODULE_PATH).

Every page, the admin's lists and detail pages included, reads these names
(`DATE_FORMAT` and its siblings), so a language gets its own way of writing a
date by adding its module here. What a module leaves out falls back to Django's.
"""
