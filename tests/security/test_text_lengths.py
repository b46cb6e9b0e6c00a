"""Every text a person can type has a maximum length, in the form that takes it, so a
megabyte of text is a clear field error and never reaches the database."""

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.urls import reverse

import diary
import education
from diary.models import Spasm

# Long texts only a host writes in the admin: guide pages in Markdown.
HOST_WRITTEN_TEXTS = {"education.Page.key_points", "education.Page.body"}


def our_form_classes():
    for package in (diary, education):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    found = {
        cls
        for cls in subclasses(forms.BaseForm)
        if cls.__module__.split(".")[0] in ("diary", "education")
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def test_every_text_field_of_our_forms_has_a_maximum_length():
    missing = []
    classes = our_form_classes()
    assert len(classes) >= 15
    for form_class in classes:
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.CharField) or isinstance(field, forms.UUIDField):
                continue
            if isinstance(field.widget, forms.PasswordInput):
                continue  # hashed, never stored or shown; bounded by the request size limit
            if field.max_length is None:
                missing.append(f"{form_class.__module__}.{form_class.__name__}.{name}")

    assert missing == [], "Give these form fields a max_length:\n" + "\n".join(missing)


def test_every_text_column_has_a_maximum_length():
    missing = []
    for model in apps.get_app_configs():
        if model.name not in ("diary", "education"):
            continue
        for model_class in model.get_models():
            for field in model_class._meta.get_fields():
                if isinstance(field, models.TextField) and field.max_length is None:
                    label = f"{model_class._meta.label}.{field.name}"
                    if label not in HOST_WRITTEN_TEXTS:
                        missing.append(label)

    assert missing == [], "Give these TextFields a max_length (forms enforce it):\n" + "\n".join(
        missing
    )


@pytest.mark.django_db
def test_a_megabyte_note_is_a_field_error_and_nothing_is_saved(patient_client):
    response = patient_client.post(
        reverse("diary:entry_new", args=["spasms"]), {"intensity": "5", "note": "ü" * 1_000_000}
    )

    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    assert not Spasm.objects.exists()
