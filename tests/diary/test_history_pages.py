"""Every page of the history holds exactly the entries that belong there, newest first,
whichever way the database gathers them (on PostgreSQL each kind brings only its newest
rows up to the page asked for)."""

import random

import pytest

from diary.daily.history import PAGE_SIZE, HistoryFilter, timeline_page
from diary.demo import build_diary
from diary.models import CheckIn, Dose, Spasm, TechniqueSession

pytestmark = pytest.mark.django_db

KINDS = {"spasms": Spasm, "doses": Dose, "techniques": TechniqueSession, "check-ins": CheckIn}


def all_keys_newest_first(user):
    keys = []
    for kind, model in KINDS.items():
        moment = model.moment_field
        for pk, at, day in model.objects.filter(owner=user).values_list("pk", moment, "local_date"):
            keys.append((day, at, pk, kind))
    keys.sort(reverse=True)
    return [(kind, pk) for _day, _at, pk, kind in keys]


def shown(days):
    return [(entry.kind, entry.entry.pk) for _day, entries in days for entry in entries]


@pytest.fixture
def diary(patient):
    build_diary(patient, 30, random.Random(5), density=2)
    return patient


@pytest.mark.parametrize("page_number", [1, 2, 4])
def test_a_page_shows_the_entries_of_its_place_in_the_whole_diary(diary, page_number):
    expected = all_keys_newest_first(diary)
    start = (page_number - 1) * PAGE_SIZE

    page, days = timeline_page(diary, HistoryFilter(), page_number)

    assert page.number == page_number
    assert shown(days) == expected[start : start + PAGE_SIZE]
    assert page.paginator.count == len(expected)


def test_a_page_past_the_end_shows_the_last_page(diary):
    expected = all_keys_newest_first(diary)
    last = (len(expected) - 1) // PAGE_SIZE + 1

    page, days = timeline_page(diary, HistoryFilter(), 999)

    assert page.number == last
    assert shown(days) == expected[(last - 1) * PAGE_SIZE :]


def test_a_page_that_is_not_a_number_is_the_first(diary):
    page, days = timeline_page(diary, HistoryFilter(), "soon")

    assert page.number == 1
    assert shown(days) == all_keys_newest_first(diary)[:PAGE_SIZE]
