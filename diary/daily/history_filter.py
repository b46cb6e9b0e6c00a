from django import forms
from django.utils.translation import gettext_lazy as _

from diary.daily.entry_form_base import DayField, SlugChoiceField
from diary.daily.entry_types import ENTRY_TYPES
from diary.daily.history import HistoryFilter
from diary.daily.usage import triggers_for
from diary.models import BodyArea, Trigger


class HistoryFilterForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Show"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(slug, entry_type.name) for slug, entry_type in ENTRY_TYPES.items()],
    )
    start = DayField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date, like 2025-03-14.")},
    )
    end = DayField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date, like 2025-03-14.")},
    )
    area = SlugChoiceField(
        label=_("Body area"),
        required=False,
        queryset=BodyArea.objects.all(),
        to_field_name="slug",
        empty_label=_("Any"),
    )
    trigger = SlugChoiceField(
        label=_("Trigger"),
        required=False,
        queryset=Trigger.objects.none(),  # the patient's: see __init__
        to_field_name="slug",
        empty_label=_("Any"),
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        # The triggers the patient can choose from: the shipped ones and their own.
        self.fields["trigger"].queryset = triggers_for(owner)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date is before the start date."))
        return cleaned

    def to_filter(self):
        if not self.is_valid():
            return HistoryFilter()
        data = self.cleaned_data
        return HistoryFilter(
            kinds=tuple(data["kinds"] or ENTRY_TYPES),
            start=data["start"],
            end=data["end"],
            area=data["area"].slug if data["area"] else "",
            trigger=data["trigger"].slug if data["trigger"] else "",
        )
