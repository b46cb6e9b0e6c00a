"""Every diary catalogue item that names a guide page names one that ships."""

import pytest
from django.apps import apps

from education.content import read_shipped_pages

pytestmark = pytest.mark.django_db

CATALOGUES = ["BodyArea", "Trigger", "Technique", "MedicationClass"]


@pytest.mark.parametrize("model_name", CATALOGUES)
def test_every_catalogue_item_links_to_a_shipped_page(model_name):
    model = apps.get_model("diary", model_name)
    shipped = {fields["slug"] for fields in read_shipped_pages()}

    items = list(model.objects.all())
    broken = {item.slug: item.learn_slug for item in items if item.learn_slug not in shipped}

    assert items
    assert broken == {}
