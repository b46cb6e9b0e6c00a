from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from diary.entry_types import ENTRY_TYPES, EntryTypeConverter
from diary.views import accounts, dashboard, data, entries, history, insights, report
from diary.views import sharing as sharing_views
from website.views import health

app_name = "diary"

register_converter(EntryTypeConverter, "entry_type")

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("ping/", health.ping, name="ping"),
    path("sharing/", sharing_views.sharing_page, name="sharing"),
    path("sharing/<int:pk>/stop/", sharing_views.revoke_share, name="sharing_revoke"),
    path("spasms/quick/", dashboard.quick_spasm, name="quick_spasm"),
    path("doses/quick/", dashboard.quick_dose, name="quick_dose"),
    path("timer/start/", dashboard.timer_start, name="timer_start"),
    path("timer/stop/", dashboard.timer_stop, name="timer_stop"),
    path("timer/cancel/", dashboard.timer_cancel, name="timer_cancel"),
    path("history/", history.history, name="history"),
    path("check-in/", entries.check_in, name="check_in"),
    path("medications/", entries.medications, name="medications"),
    path("medications/<int:pk>/", entries.edit_medication, name="medication_edit"),
    path("medications/<int:pk>/delete/", entries.delete_medication, name="medication_delete"),
    path(
        "techniques/new/",
        entries.new_entry,
        {"entry_type": ENTRY_TYPES["techniques"]},
        name="technique_log",
    ),
    path("insights/", insights.insights_page, name="insights"),
    path("report/", report.report, name="report"),
    path("export/", data.export_page, name="export"),
    path("export/csv/", data.export_csv, name="export_csv"),
    path("export/json/", data.export_json, name="export_json"),
    path("export/fhir/", data.export_fhir, name="export_fhir"),
    path("import/", data.import_page, name="import"),
    path("reminders/", data.reminders, name="reminders"),
    path("account/delete/", data.delete_account, name="delete_account"),
    path("<entry_type:entry_type>/new/", entries.new_entry, name="entry_new"),
    path("<entry_type:entry_type>/<int:pk>/", entries.edit_entry, name="entry_edit"),
    path("<entry_type:entry_type>/<int:pk>/delete/", entries.delete_entry, name="entry_delete"),
]

account_patterns = [
    path("signup/", accounts.signup, name="signup"),
    path("profile/", accounts.profile, name="profile"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("", include("django.contrib.auth.urls")),
]
