"""Dates and times as Unknot writes them, one module per language (FORMAT_MODULE_PATH).

Every page, the admin's lists and detail pages included, reads these names
(`DATE_FORMAT` and its siblings), so a language gets its own way of writing a
date by adding its module here. What a module leaves out falls back to Django's.
"""

# Unknot's own format names (beside Django's), which every language must define: a
# name no module defines would be printed as a format string, letter by letter.
UNKNOT_FORMATS = (
    "WEEKDAY_DATE_FORMAT",
    "WEEKDAY_MONTH_DAY_FORMAT",
    "WEEKDAY_DAY_FORMAT",
    "SHORT_WEEKDAY_DAY_FORMAT",
    "SHORT_WEEKDAY_MONTH_DAY_FORMAT",
    "SHORT_WEEKDAY_DATE_FORMAT",
    "SHORT_WEEKDAY_DATETIME_FORMAT",
    "SHORT_MONTH_DAY_FORMAT",
    "MONTH_DAY_TIME_FORMAT",
)
