"""The words and numbers printed on and under the charts, written in Python once.

What the `date` and `number` template filters print, cached with the
language: a year of days repeats the same few labels, and through the filters
the tables and tooltips of a 365-day page cost tens of milliseconds.
"""

from __future__ import annotations

import functools
from datetime import date

from django.utils import formats, translation

from diary import spoken


@functools.lru_cache(maxsize=8192)
def _date_label(day: date, format: str, language: str) -> str:
    return formats.date_format(day, format)


def date_label(
    day: date, format: str = "SHORT_WEEKDAY_MONTH_DAY_FORMAT", language: str | None = None
) -> str:
    """What `{{ day|date:format }}` prints in the current language ("Mon 3 Mar").

    A caller labelling many days passes the language, looked up once.
    """
    return _date_label(day, format, language or translation.get_language())


@functools.lru_cache(maxsize=4096)
def _one_decimal(value, language: str) -> str:
    return spoken.number(value, 1)


def one_decimal(value, language: str | None = None) -> str:
    """What `{{ value|number }}` prints (at most one decimal, half up, no needless ".0",
    the reader's decimal mark), or a dash."""
    if value is None:
        return "–"
    return _one_decimal(value, language or translation.get_language())


def point_label(day: date, value, language: str | None = None) -> str:
    """A dot's tooltip: `{{ day|date:"D j M" }}: {{ value|number }}`."""
    language = language or translation.get_language()
    return f"{_date_label(day, 'D j M', language)}: {_one_decimal(value, language)}"
