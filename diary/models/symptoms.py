"""The weekly symptom check: the patient's own answers behind the Symptom Severity
Scale of the ACR 2016 fibromyalgia criteria (Wolfe F, et al. 2016 revisions to the
2010/2011 fibromyalgia diagnostic criteria. Semin Arthritis Rheum 2016;46:319-329).

The questions are our own plain words (diary.daily.symptom_check_forms); the scores
are worked out by diary.insights.acr, for clinicians. A patient sees their answers and
how they changed, never a score that reads as a diagnosis.

One check per patient per day of their own calendar: answering again on the same day
changes that day's answers. Once a week is what the page asks for; the scores read the
latest check, so a patient who answers more often is not counted twice.
"""

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from diary.models.entries import Entry, _token_constraint


class SymptomCheck(Entry):
    class Severity(models.IntegerChoices):
        NONE = 0, _("None")
        MILD = 1, _("Mild")
        MODERATE = 2, _("Moderate")
        SEVERE = 3, _("Severe")

    # Over the past week, each 0-3.
    fatigue = models.PositiveSmallIntegerField(_("tiredness, past week"), choices=Severity.choices)
    waking_unrefreshed = models.PositiveSmallIntegerField(
        _("waking up still tired, past week"), choices=Severity.choices
    )
    thinking = models.PositiveSmallIntegerField(
        _("trouble thinking or remembering, past week"), choices=Severity.choices
    )
    # In the past 6 months, yes or no.
    headaches = models.BooleanField(_("headaches, past 6 months"))
    lower_belly_pain = models.BooleanField(_("pain or cramps low in the belly, past 6 months"))
    low_mood = models.BooleanField(_("feeling low or down, past 6 months"))

    class Meta:
        verbose_name = _("symptom check")
        verbose_name_plural = _("symptom checks")
        ordering = ["-local_date"]
        indexes = [models.Index(fields=["owner", "created_at"], name="symptomcheck_owner_created")]
        constraints = [
            models.UniqueConstraint(fields=["owner", "local_date"], name="one_symptom_check_a_day"),
            _token_constraint("symptomcheck_unique_client_token"),
        ]

    def __str__(self):
        return _("Symptom check for %(day)s") % {"day": formats.date_format(self.local_date)}
