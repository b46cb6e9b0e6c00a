"""What the patient tried, and whether it seemed to help."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, F, Q, Sum

from diary.charts import share_bar
from diary.clinical import HELPED, MEANINGFUL_CHANGE, MIN_SESSIONS, MOSTLY_HELPED, Period
from diary.models import TechniqueSession
from diary.shipped_names import shown_name_of


@dataclass
class TechniqueEffect:
    slug: str
    name: str
    learn_slug: str
    sessions: int
    rated_sessions: int  # sessions with an intensity before and after
    mean_drop: float | None  # mean of (before - after), points on the 0-10 scale
    helped_sessions: int
    minutes: int | None = None  # all the sessions' minutes, where they were noted

    @property
    def shown_name(self) -> str:
        """The name in the reader's language for a shipped technique, else as typed."""
        return shown_name_of("technique", self.slug, self.name)

    @property
    def enough(self) -> bool:
        return self.sessions >= MIN_SESSIONS

    @property
    def meaningful_drop(self) -> bool:
        """Enough sessions, and a mean drop of 2 points or more."""
        return self.enough and self.mean_drop is not None and self.mean_drop >= MEANINGFUL_CHANGE

    @property
    def helped_share(self) -> float:
        return round(self.helped_sessions / self.sessions, 3) if self.sessions else 0.0

    @property
    def helped_percent(self) -> int:
        return round(self.helped_share * 100)

    @property
    def helped_bar(self) -> str:
        return share_bar(self.helped_share)

    @property
    def mostly_helped(self) -> bool:
        return self.enough and self.helped_share >= MOSTLY_HELPED


@dataclass
class TechniqueEffects:
    rows: list[TechniqueEffect]

    @property
    def enough(self) -> bool:
        return any(row.enough for row in self.rows)

    @property
    def what_helped(self) -> list[TechniqueEffect]:
        return [row for row in self.rows if row.mostly_helped]


def technique_effects(user, period: Period) -> TechniqueEffects:
    """Each technique tried in the period: sessions, mean intensity drop, how often it helped.

    Techniques with enough sessions come first, best helpers first; the others
    follow, and their rows say there are too few sessions to tell.
    """
    rows = (
        TechniqueSession.objects.owned_by(user)
        .between(period.first, period.last)
        .order_by()
        .values("technique__slug", "technique__name", "technique__learn_slug")
        .annotate(
            sessions=Count("id"),
            rated=Count(
                "id", filter=Q(intensity_before__isnull=False, intensity_after__isnull=False)
            ),
            mean_drop=Avg(F("intensity_before") - F("intensity_after")),
            helped_sessions=Count("id", filter=HELPED),
            minutes=Sum("minutes"),
        )
    )
    effects = [
        TechniqueEffect(
            slug=row["technique__slug"],
            name=row["technique__name"],
            learn_slug=row["technique__learn_slug"],
            sessions=row["sessions"],
            rated_sessions=row["rated"],
            mean_drop=None if row["mean_drop"] is None else round(float(row["mean_drop"]), 1),
            helped_sessions=row["helped_sessions"],
            minutes=row["minutes"],
        )
        for row in rows
    ]
    effects.sort(key=lambda e: (not e.enough, -e.helped_share, -e.sessions, e.name))
    return TechniqueEffects(effects)
