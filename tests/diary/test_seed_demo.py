"""`manage.py seed_demo` and the generator behind it (diary/demo.py)."""

import random
from collections import Counter, defaultdict
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Avg, F
from django.utils import timezone

from diary.demo import build_diary
from diary.models import CheckIn, Dose, Medication, Spasm, TechniqueSession, User

pytestmark = pytest.mark.django_db

ENTRY_MODELS = (Spasm, Dose, TechniqueSession, CheckIn)


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def entry_counts(user):
    return {model.__name__: model.objects.filter(owner=user).count() for model in ENTRY_MODELS}


@pytest.fixture
def far_away_patient(make_user):
    # Twelve or thirteen hours ahead of UTC: a moment's UTC date is often not its local day.
    return make_user("kiri", time_zone="Pacific/Auckland")


def test_it_creates_the_user_and_entries_for_n_days():
    output = seed("--username", "demo", "--password", "demo-spasm-diary", "--days", "14")

    user = User.objects.get(username="demo")
    assert user.check_password("demo-spasm-diary")
    assert user.time_zone == settings.TIME_ZONE
    today = timezone.localdate(timezone.now(), user.zone)
    first_day = today - timedelta(days=13)
    for model in ENTRY_MODELS:
        days = set(model.objects.filter(owner=user).values_list("local_date", flat=True))
        assert days, f"no {model.__name__} made"
        assert min(days) >= first_day and max(days) <= today
    assert CheckIn.objects.filter(owner=user).count() >= 8
    spasm_days = Spasm.objects.filter(owner=user).values("local_date").distinct().count()
    assert spasm_days >= 10
    assert 2 <= Medication.objects.filter(owner=user).count() <= 3
    assert "Made a demo diary for demo" in output
    assert "Log in at /accounts/login/ as demo" in output


def test_no_entry_is_in_the_future_and_every_day_is_the_local_day_of_its_moment(
    far_away_patient,
):
    counts = build_diary(far_away_patient, 60, random.Random(7), density=3)

    now = timezone.now()
    zone = far_away_patient.zone
    checked = 0
    for model in (Spasm, Dose, TechniqueSession):
        rows = model.objects.filter(owner=far_away_patient).values_list(
            model.moment_field, "local_date", "client_token"
        )
        for moment, local_date, client_token in rows:
            assert moment <= now
            assert timezone.localtime(moment, zone).date() == local_date
            assert client_token is None
            checked += 1
    assert checked == counts["spasms"] + counts["doses"] + counts["technique_sessions"]
    assert not CheckIn.objects.filter(
        owner=far_away_patient, local_date__gt=timezone.localdate(now, zone)
    ).exists()


def test_poor_sleep_days_have_more_spasms_on_average_than_good_sleep_days(patient):
    build_diary(patient, 365, random.Random(11))

    spasms_a_day = Counter(Spasm.objects.filter(owner=patient).values_list("local_date", flat=True))
    by_sleep = defaultdict(list)
    for day, hours in CheckIn.objects.filter(owner=patient).values_list(
        "local_date", "sleep_hours"
    ):
        by_sleep["poor" if hours < 5 else "good" if hours >= 6 else "fair"].append(
            spasms_a_day[day]
        )

    assert len(by_sleep["poor"]) >= 20 and len(by_sleep["good"]) >= 100
    poor = sum(by_sleep["poor"]) / len(by_sleep["poor"])
    good = sum(by_sleep["good"]) / len(by_sleep["good"])
    assert poor > good + 1


def test_at_least_one_technique_helps_more_than_another_on_average(patient):
    build_diary(patient, 180, random.Random(3))

    drops = {
        row["technique__slug"]: row["drop"]
        for row in TechniqueSession.objects.filter(owner=patient)
        .values("technique__slug")
        .annotate(drop=Avg(F("intensity_before") - F("intensity_after")))
    }
    assert len(drops) >= 3
    assert max(drops.values()) - min(drops.values()) >= 1.5
    assert drops["stretching"] > drops["rest"]
    sessions = TechniqueSession.objects.filter(owner=patient)
    assert sessions.exists()
    for session in sessions:
        drop = session.intensity_drop
        expected = 0 if drop <= 0 else 1 if drop <= 2 else 2
        assert session.helped == expected


def test_the_same_seed_makes_the_same_diary(make_user):
    now = timezone.now()
    first, second = make_user("first"), make_user("second")
    build_diary(first, 30, random.Random(5), now=now)
    build_diary(second, 30, random.Random(5), now=now)

    def diary(user):
        return list(
            Spasm.objects.filter(owner=user)
            .order_by("started_at", "intensity")
            .values_list("started_at", "intensity", "duration_seconds", "kind", "note")
        )

    assert diary(first) == diary(second)


def test_density_multiplies_the_spasms(make_user):
    now = timezone.now()
    usual, dense = make_user("usual"), make_user("dense")
    usual_counts = build_diary(usual, 90, random.Random(2), now=now)
    dense_counts = build_diary(dense, 90, random.Random(2), density=4, now=now)

    assert dense_counts["spasms"] > 3 * usual_counts["spasms"]
    assert dense_counts["doses"] > usual_counts["doses"]
    assert dense_counts["technique_sessions"] > usual_counts["technique_sessions"]


def test_rerunning_without_replace_does_not_duplicate_the_diary():
    args = ("--username", "demo", "--password", "demo-spasm-diary", "--days", "20")
    seed(*args)
    user = User.objects.get(username="demo")
    before = entry_counts(user)

    output = seed(*args)

    assert "demo diary already exists; use --replace to rebuild" in output
    assert entry_counts(user) == before
    assert Medication.objects.filter(owner=user).count() <= 3


def test_replace_rebuilds_the_diary_from_scratch():
    seed("--username", "demo", "--password", "demo-spasm-diary", "--days", "30")
    user = User.objects.get(username="demo")

    output = seed("--username", "demo", "--days", "5", "--seed", "9", "--replace")

    today = timezone.localdate(timezone.now(), user.zone)
    assert "Rebuilt a demo diary for demo" in output
    for model in ENTRY_MODELS:
        oldest = model.objects.filter(owner=user).order_by("local_date").first()
        assert oldest is not None, f"no {model.__name__} made"
        assert oldest.local_date >= today - timedelta(days=4)
    assert CheckIn.objects.filter(owner=user).count() <= 5
    assert Medication.objects.filter(owner=user).count() <= 3
    user.refresh_from_db()
    assert user.check_password("demo-spasm-diary")


def test_it_leaves_other_patients_diaries_alone(patient, stranger):
    build_diary(stranger, 10, random.Random(1))
    before = entry_counts(stranger)

    seed("--username", patient.username, "--days", "10", "--replace")

    assert entry_counts(stranger) == before
    assert entry_counts(patient)["Spasm"] > 0


def test_it_refuses_to_create_a_user_without_a_password():
    with pytest.raises(CommandError, match="give a password"):
        seed("--username", "nobody", "--days", "3")
    assert not User.objects.filter(username="nobody").exists()


def test_it_refuses_a_number_of_days_out_of_range():
    with pytest.raises(CommandError, match="--days"):
        seed("--username", "demo", "--password", "demo-spasm-diary", "--days", "0")
    assert not User.objects.filter(username="demo").exists()


@pytest.mark.parametrize("days", [10, 200])
def test_building_a_diary_takes_a_bounded_number_of_queries(
    patient, django_assert_max_num_queries, days
):
    # Inserts go in batches of up to 1000 rows (about 90 a statement on SQLite),
    # so 200 days stay within the same bound as 10; one query a row would be ~1500.
    with django_assert_max_num_queries(40):
        counts = build_diary(patient, days, random.Random(4))
    assert counts["spasms"] >= days
