"""The ACR 2016 scores, from the diary itself: for clinicians, never a verdict.

Source: Wolfe F, et al. 2016 revisions to the 2010/2011 fibromyalgia diagnostic
criteria. Semin Arthritis Rheum 2016;46:319-329.

- **WPI** (Widespread Pain Index, 0-19): the WPI areas (diary.clinical.WPI_AREAS) with
  at least one spasm logged in the 7 of the patient's days ending on the day of the
  symptom check, cut to the diary's start. Hands and feet are not WPI areas; one WPI
  area counts once however many diary areas map to it (diary.clinical.WPI_AREA_OF).
- **SSS** (Symptom Severity Scale, 0-12): the patient's weekly symptom check
  (diary.models.SymptomCheck): tiredness, waking up still tired and trouble thinking,
  0-3 each, plus headaches, pain or cramps low in the belly and feeling low in the past
  6 months, 0 or 1 each.
- **Total** = WPI + SSS (0-31), followed over time.

Each set of scores belongs to one symptom check, and its WPI to the week the check
closes, so WPI and SSS always describe the same week. Nothing here (nor anywhere in
Unknot) says whether the 2016 criteria are met: the criteria are for a clinician, not
for self-diagnosis. The patient sees their own answers and how they changed
(`symptom_check_trend`), not these scores.

`acr_scores` and `acr_history` are for other modules (the clinician's summary, the
report, FHIR); `with_acr_scores` annotates a list of patients in SQL, so the
patients list costs the same number of queries for 3 patients or 300.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    Case,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from diary import charts
from diary.clinical import (
    ACR_TOTAL_MAX,
    SSS_MAX,
    SSS_PRESENT_FIELDS,
    SSS_SEVERITY_FIELDS,
    SSS_SEVERITY_MAX,
    WPI_AREA_OF,
    WPI_AREAS,
    WPI_DAYS,
    Period,
)
from diary.insights.start import diary_start
from diary.models import Spasm, SymptomCheck

SOURCE = (
    "Wolfe F, et al. 2016 revisions to the 2010/2011 fibromyalgia diagnostic criteria. "
    "Semin Arthritis Rheum 2016;46:319–329."
)


@dataclass(frozen=True)
class AcrScores:
    """The scores of one symptom check: its day, the WPI of the week it closes, the SSS."""

    checked_on: date
    wpi: int
    sss: int
    wpi_areas: tuple[str, ...] = ()  # the WPI areas' plain names, in the index's order
    total: int = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "total", self.wpi + self.sss)


# --- the two halves --------------------------------------------------------------------


def sss_of(check: SymptomCheck) -> int:
    """The Symptom Severity Scale of one check: 0-12."""
    severity = sum(getattr(check, name) for name in SSS_SEVERITY_FIELDS)
    return severity + sum(1 for name in SSS_PRESENT_FIELDS if getattr(check, name))


def sss_expression():
    """`sss_of` in SQL, on a SymptomCheck queryset."""
    total = sum((F(name) for name in SSS_SEVERITY_FIELDS[1:]), F(SSS_SEVERITY_FIELDS[0]))
    for name in SSS_PRESENT_FIELDS:
        total = total + Case(When(**{name: True}, then=Value(1)), default=Value(0))
    return ExpressionWrapper(total, output_field=IntegerField())


def wpi_week(day: date, diary_start: date | None) -> Period:
    """The week a check on `day` closes: `day` and the 6 days before, cut to the diary."""
    return Period.ending(day, WPI_DAYS, diary_start)


def _in_wpi_order(keys) -> tuple[str, ...]:
    return tuple(key for key in WPI_AREAS if key in keys)


def wpi_area_keys(user, period: Period) -> tuple[str, ...]:
    """The WPI areas (keys, in the index's order) with a spasm in the period: one query."""
    if period.is_empty:
        return ()
    slugs = (
        Spasm.objects.owned_by(user)
        .between(period.first, period.last)
        .filter(body_areas__slug__in=list(WPI_AREA_OF))
        .order_by()
        .values_list("body_areas__slug", flat=True)
        .distinct()
    )
    return _in_wpi_order({WPI_AREA_OF[slug] for slug in slugs})


def area_names(keys) -> tuple[str, ...]:
    return tuple(str(WPI_AREAS[key]) for key in keys)


# --- for one patient -------------------------------------------------------------------


def acr_scores(user, today: date) -> AcrScores | None:
    """The scores of the patient's latest symptom check on or before `today` (their
    own day), or None if they have made none. Three queries."""
    check = SymptomCheck.objects.owned_by(user).filter(local_date__lte=today).first()
    if check is None:
        return None
    keys = wpi_area_keys(user, wpi_week(check.local_date, diary_start(user, today)))
    return AcrScores(check.local_date, len(keys), sss_of(check), area_names(keys))


def _checks_in(user, period: Period) -> list[SymptomCheck]:
    mine = SymptomCheck.objects.owned_by(user)
    return list(mine.between(period.first, period.last).order_by("local_date"))


def acr_history(user, period: Period) -> list[AcrScores]:
    """The scores of each symptom check in the period, oldest first. Two or three
    queries however many checks: the checks, then every (day, area) of the spasms of
    the weeks they close, counted here."""
    if period.is_empty:
        return []
    checks = _checks_in(user, period)
    if not checks:
        return []
    start = period.diary_start or diary_start(user, period.last)
    first = max(period.first - timedelta(days=WPI_DAYS - 1), start)
    # The window's spasms looked up first (diary.models.lookups), then their areas.
    window = Spasm.objects.owned_by(user).between(first, period.last).values("id")
    pairs = (
        Spasm.body_areas.through.objects.filter(
            spasm__among=window, bodyarea__slug__in=list(WPI_AREA_OF)
        )
        .order_by()
        .values_list("spasm__local_date", "bodyarea__slug")
        .distinct()
    )
    by_day: dict[date, set[str]] = {}
    for day, slug in pairs:
        by_day.setdefault(day, set()).add(WPI_AREA_OF[slug])
    history = []
    for check in checks:
        week = wpi_week(check.local_date, start)
        keys = set().union(*(by_day.get(day, set()) for day in week.each_day()))
        ordered = _in_wpi_order(keys)
        scores = AcrScores(check.local_date, len(ordered), sss_of(check), area_names(ordered))
        history.append(scores)
    return history


@dataclass
class AcrFigures:
    """What the clinician's summary and the report show: the latest scores, those of
    each check in the period, and a chart of them (with its table: `history`)."""

    latest: AcrScores | None
    history: list[AcrScores]
    chart: charts.Chart | None
    source: str = SOURCE
    wpi_max: int = len(WPI_AREAS)
    sss_max: int = SSS_MAX
    total_max: int = ACR_TOTAL_MAX

    @property
    def has_trend(self) -> bool:
        return len(self.history) > 1


def acr_chart(history: list[AcrScores]) -> charts.Chart | None:
    """WPI, SSS and their total at each check (one slot a check), on a 0-40 scale."""
    if not history:
        return None
    days = [scores.checked_on for scores in history]
    return charts.line_chart(
        days,
        [
            charts.Series(_("Total"), "acr-total", [s.total for s in history]),
            charts.Series(_("WPI"), "acr-wpi", [s.wpi for s in history]),
            charts.Series(_("SSS"), "acr-sss", [s.sss for s in history]),
        ],
        frame=charts.STACKED,
        scale=charts.nice_scale(ACR_TOTAL_MAX),
    )


def acr_figures(user, period: Period, today: date) -> AcrFigures:
    """The latest scores and those of the period's checks: one query for a patient who
    has made no symptom check, three or four for one who has, however many."""
    latest_check = SymptomCheck.objects.owned_by(user).filter(local_date__lte=today).first()
    if latest_check is None:
        return AcrFigures(None, [], None)
    history = acr_history(user, period)
    if history and history[-1].checked_on == latest_check.local_date:
        latest = history[-1]
    else:
        start = period.diary_start or diary_start(user, today)
        keys = wpi_area_keys(user, wpi_week(latest_check.local_date, start))
        latest = AcrScores(
            latest_check.local_date, len(keys), sss_of(latest_check), area_names(keys)
        )
    return AcrFigures(latest, history, acr_chart(history))


# --- the patient's own view ------------------------------------------------------------


@dataclass
class SymptomCheckTrend:
    """The patient's own answers in a period, oldest first, with a chart of the three
    0-3 answers (one slot a check). No score: the patient sees what they answered."""

    checks: list[SymptomCheck]
    chart: charts.Chart | None

    @property
    def enough(self) -> bool:
        return bool(self.checks)


def symptom_check_trend(user, period: Period) -> SymptomCheckTrend:
    checks = _checks_in(user, period)
    if not checks:
        return SymptomCheckTrend([], None)
    labels = {
        "fatigue": _("Tiredness"),
        "waking_unrefreshed": _("Waking up still tired"),
        "thinking": _("Trouble thinking"),
    }
    chart = charts.line_chart(
        [check.local_date for check in checks],
        [
            charts.Series(labels[name], f"symptom-{name}", [getattr(c, name) for c in checks])
            for name in SSS_SEVERITY_FIELDS
        ],
        frame=charts.STACKED,
        scale=(SSS_SEVERITY_MAX, 1),
    )
    return SymptomCheckTrend(checks, chart)


# --- for a list of patients, in SQL ----------------------------------------------------


def _wpi_subquery():
    """The WPI of the outer SymptomCheck's week (its day and the 6 before), in SQL.

    The diary's start needs no cut here: it is the day of the patient's first entry of
    any kind, so no spasm lies before it."""
    through = Spasm.body_areas.through
    week_first = Cast(
        ExpressionWrapper(
            OuterRef("local_date") - timedelta(days=WPI_DAYS - 1), output_field=DateField()
        ),
        DateField(),
    )
    wpi_key = Case(
        *(When(bodyarea__slug=slug, then=Value(key)) for slug, key in WPI_AREA_OF.items()),
        default=None,
    )
    counted = (
        through.objects.filter(
            spasm__owner=OuterRef("owner"),
            spasm__local_date__lte=OuterRef("local_date"),
            spasm__local_date__gte=week_first,
            bodyarea__slug__in=list(WPI_AREA_OF),
        )
        .order_by()
        .values("spasm__owner")
        .annotate(wpi=Count(wpi_key, distinct=True))
        .values("wpi")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_acr_scores(patients, patient_ref="pk"):
    """Patients annotated with their latest symptom check's `acr_checked_on`,
    `acr_wpi`, `acr_sss` and `acr_total` (all NULL for a patient with none)."""
    # Each column annotates only what it needs: the WPI's subquery is costly to build.
    latest = SymptomCheck.objects.filter(owner=OuterRef(patient_ref)).order_by("-local_date")
    total = ExpressionWrapper(_wpi_subquery() + sss_expression(), output_field=IntegerField())
    return patients.annotate(
        acr_checked_on=Subquery(latest.values("local_date")[:1]),
        acr_wpi=Subquery(latest.annotate(wpi=_wpi_subquery()).values("wpi")[:1]),
        acr_sss=Subquery(latest.annotate(sss=sss_expression()).values("sss")[:1]),
        acr_total=Subquery(latest.annotate(total=total).values("total")[:1]),
    )
