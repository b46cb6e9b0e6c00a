"""The pages the benchmark measures, who opens them, and the targets they must meet."""

from dataclasses import dataclass
from datetime import date, timedelta

PATIENT = "bench-patient"
CLINICIAN = "bench-clinician"
# The demo patients seed_demo makes for the clinician are named after them.
SMALL_PATIENT = f"{CLINICIAN}-patient-001"

EDUCATION_SLUG = "stretching"

# A one-year and a ten-year diary at the heavy patient's density: each GROWTH_PAGES
# page is timed for both, and the report gives the ten-year time over the one-year one.
GROWTH_PATIENTS = ("bench-one-year", "bench-ten-years")
GROWTH_PAGES = ("dashboard", "history", "insights_90", "insights_365", "report")


@dataclass(frozen=True)
class Page:
    key: str
    name: str
    role: str  # "patient" or "clinician": whose session opens it
    target: float | None  # the most its median may be, as a multiple of the floor's
    path: str  # may hold {today}, {year_ago}, {patient_id}

    def url(self, **values):
        return self.path.format(**values)


FLOOR = Page("floor", "floor (/diary/ping/)", "patient", None, "/diary/ping/")

PAGES = (
    FLOOR,
    Page("dashboard", "dashboard", "patient", 8, "/diary/"),
    Page("history", "history", "patient", 8, "/diary/history/"),
    Page(
        "history_filtered",
        "history, filtered",
        "patient",
        8,
        "/diary/history/?kinds=spasms&trigger=poor-sleep&start={year_ago}&end={today}",
    ),
    Page("insights_90", "insights, 90 days", "patient", 15, "/diary/insights/?days=90"),
    Page("insights_365", "insights, 365 days", "patient", 15, "/diary/insights/?days=365"),
    Page("report", "appointment report", "patient", 15, "/diary/report/"),
    Page("education", "education page", "patient", 8, f"/learn/{EDUCATION_SLUG}/"),
    Page(
        "clinician_list",
        "clinician: patients list",
        "clinician",
        15,
        "/admin/diary/sharedpatient/",
    ),
    Page(
        "clinician_summary",
        "clinician: patient summary, 90 days",
        "clinician",
        15,
        "/admin/diary/sharedpatient/{patient_id}/summary/?days=90",
    ),
)


def url_values(patient_id, today=None):
    today = today or date.today()
    return {
        "patient_id": patient_id,
        "today": today.isoformat(),
        "year_ago": (today - timedelta(days=364)).isoformat(),
    }
