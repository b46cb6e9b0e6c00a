"""English: "30 November 2026", "Monday 30 November", "30 November 2026, 19:06", a 24-hour
clock. Beside Django's own format names, Unknot's templates use the WEEKDAY_* and other
names below (`{{ day|date:"WEEKDAY_MONTH_DAY_FORMAT" }}`): every language in
settings.LANGUAGES defines all of them (config/formats/__init__.py checks it)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"

# Unknot's own names.
WEEKDAY_DATE_FORMAT = "l j F Y"  # Monday 30 November 2026
WEEKDAY_MONTH_DAY_FORMAT = "l j F"  # Monday 30 November
WEEKDAY_DAY_FORMAT = "l j"  # Monday 30
SHORT_WEEKDAY_DAY_FORMAT = "D j"  # Mon 30
SHORT_WEEKDAY_MONTH_DAY_FORMAT = "D j M"  # Mon 30 Nov
SHORT_WEEKDAY_DATE_FORMAT = "D j M Y"  # Mon 30 Nov 2026
SHORT_WEEKDAY_DATETIME_FORMAT = "D j M, H:i"  # Mon 30 Nov, 19:06
SHORT_MONTH_DAY_FORMAT = "j M"  # 30 Nov
MONTH_DAY_TIME_FORMAT = "j F H:i"  # 30 November 19:06
