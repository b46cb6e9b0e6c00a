import pytest
from django.urls import reverse

from diary.models import Trigger

pytestmark = pytest.mark.django_db


def test_the_host_renames_a_trigger_and_its_slug_stays(host_client):
    cold = Trigger.objects.get(slug="cold")
    url = reverse("admin:diary_trigger_change", args=[cold.pk])

    host_client.post(
        url,
        {
            "name": "Cold weather",
            "learn_slug": "tracking-your-triggers",
            "order": 5,
            "is_active": "on",
            "slug": "hacked",
        },
    )

    cold.refresh_from_db()
    assert (cold.name, cold.slug) == ("Cold weather", "cold")


def test_the_host_adds_a_trigger_for_the_group(host_client):
    host_client.post(
        reverse("admin:diary_trigger_add"),
        {
            "name": "Long drives",
            "slug": "long-drives",
            "learn_slug": "posture-and-exertion",
            "order": 90,
            "is_active": "on",
        },
    )

    assert Trigger.objects.get(slug="long-drives").name == "Long drives"


@pytest.mark.parametrize("model", ["bodyarea", "trigger", "technique", "medicationclass"])
def test_every_catalogue_is_editable_in_the_admin(host_client, model):
    assert host_client.get(reverse(f"admin:diary_{model}_changelist")).status_code == 200


def test_clinicians_cannot_edit_the_catalogues(client, clinician):
    from django.contrib.auth.models import Group

    from diary.care.sharing import CLINICIANS_GROUP

    clinician.groups.add(Group.objects.get(name=CLINICIANS_GROUP))
    client.force_login(clinician)

    response = client.get(reverse("admin:diary_trigger_changelist"))

    assert response.status_code == 403
