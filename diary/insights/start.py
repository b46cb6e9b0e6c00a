"""The diary's start: the first day a patient's diary holds anything.

Figures count days from here on, never before: a period that begins before the
diary did is cut to the days it existed (``diary.clinical.Period``). The same SQL
expression answers for one patient (``diary_start``) and for a list of patients
(``first_entry_day``, used by the clinician's patients list and flags).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import DateField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Least, NullIf

from diary.clinical import patient_today
from diary.models import ENTRY_MODELS

# Stands in for "no entry" inside LEAST(), which SQLite turns NULL if any part is NULL.
NEVER = dt.date(9999, 12, 31)


def across_entry_kinds(combine, field, order, never, output_field, patient_ref="pk"):
    """The outer patient's earliest or latest `field` over every kind of entry, or NULL.

    `order` is `field` or `-field`; `combine` is Least or Greatest; `never` stands in
    for a kind with no rows, which SQLite's LEAST() and GREATEST() would turn NULL.
    """
    each_kind = [
        Coalesce(
            Subquery(
                model.objects.filter(owner=OuterRef(patient_ref)).order_by(order).values(field)[:1]
            ),
            Value(never),
            output_field=output_field,
        )
        for model in ENTRY_MODELS
    ]
    return NullIf(combine(*each_kind), Value(never), output_field=output_field)


def first_entry_day(patient_ref="pk"):
    """The earliest ``local_date`` of any kind of entry of the outer patient, or NULL."""
    return across_entry_kinds(Least, "local_date", "local_date", NEVER, DateField(), patient_ref)


def diary_start(user, today: dt.date | None = None) -> dt.date:
    """The day of the patient's first entry of any kind; for a diary with none yet, today
    (the patient's, or the ``today`` a caller counts up to)."""
    first = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(first=first_entry_day())
        .values_list("first", flat=True)
        .first()
    )
    return first or today or patient_today(user)
