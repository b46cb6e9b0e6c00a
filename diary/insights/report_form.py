"""The report's period: its first and last day, cut to the days the diary existed."""

from datetime import timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout
from django import forms
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from diary.clinical import Period
from diary.validators import not_before_1900

# A report longer than this is no longer "one page or two before an appointment".
MAX_REPORT_DAYS = 5 * 366


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ReportPeriodForm(forms.Form):
    """The report's first and last day; both optional, the last 30 days by default."""

    start = forms.DateField(
        label=_("From"), required=False, widget=DateInput(), validators=[not_before_1900]
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=DateInput(), validators=[not_before_1900]
    )
    # A clinician's report keeps naming its patient when the period changes.
    patient = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, today, diary_start=None, **kwargs):
        self.today = today
        self.diary_start = diary_start
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "report-period"
        # A button without a name: the period's address carries only its days.
        button = format_html(
            '<div class="mb-3"><button type="submit" class="btn btn-primary">{}</button></div>',
            _("Show this period"),
        )
        self.helper.layout = Layout("start", "end", "patient", HTML(button))

    def clean(self):
        data = super().clean()
        # Days that have not come yet are not days without spasms: the period ends today.
        end = min(data.get("end") or self.today, self.today)
        start = data.get("start") or end - timedelta(days=29)
        if start > end:
            self.add_error("start", _("The first day must be before the last day."))
        elif (end - start).days + 1 > MAX_REPORT_DAYS:
            self.add_error("start", _("Choose a period of 5 years or less."))
        elif self.diary_start is not None and end < self.diary_start:
            self.add_error(
                "end",
                _("The diary begins on %(day)s. Choose days from then on.")
                % {"day": formats.date_format(self.diary_start, "DATE_FORMAT")},
            )
        data["period"] = Period.between(start, end, self.diary_start) if start <= end else None
        return data

    def period(self) -> Period:
        """The chosen period, or the last 30 days when the choice is missing or invalid."""
        if self.is_valid() and self.cleaned_data.get("period"):
            return self.cleaned_data["period"]
        return Period.ending(self.today, 30, self.diary_start)
