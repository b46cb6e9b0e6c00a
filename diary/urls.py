from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from diary.care import share_views
from diary.daily import catalogue_views, dashboard_views, entry_views, flare_views, history_views
from diary.daily.entry_types import ENTRY_TYPES, EntryTypeConverter
from diary.daily.offline import answers_kept_entries
from diary.daily.symptom_check_views import delete_symptom_check, symptom_check
from diary.data import data_views, job_views
from diary.insights import insight_views
from diary.members import member_forms, member_views, push_views
from website.views import health

app_name = "diary"

register_converter(EntryTypeConverter, "entry_type")

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("ping/", health.ping, name="ping"),
    path("sharing/", share_views.sharing_page, name="sharing"),
    path("sharing/<int:pk>/stop/", share_views.revoke_share, name="sharing_revoke"),
    path("notes/<int:pk>/reply/", share_views.reply_to_note, name="note_reply"),
    # The four forms a device may keep while offline and send later: diary/daily/offline.py.
    path("spasms/quick/", answers_kept_entries(dashboard_views.quick_spasm), name="quick_spasm"),
    path("flare/", answers_kept_entries(flare_views.flare), name="flare"),
    path("doses/quick/", answers_kept_entries(dashboard_views.quick_dose), name="quick_dose"),
    path("timer/start/", dashboard_views.timer_start, name="timer_start"),
    path("timer/stop/", dashboard_views.timer_stop, name="timer_stop"),
    path("timer/cancel/", dashboard_views.timer_cancel, name="timer_cancel"),
    path("history/", history_views.history, name="history"),
    path("check-in/", answers_kept_entries(entry_views.check_in), name="check_in"),
    path("medications/", entry_views.medications, name="medications"),
    path("symptom-check/", symptom_check, name="symptom_check"),
    path(
        "symptom-check/<int:pk>/delete/",
        delete_symptom_check,
        name="symptom_check_delete",
    ),
    path("my-triggers-and-techniques/", catalogue_views.own_catalogue, name="own_catalogue"),
    path("medications/<int:pk>/", entry_views.edit_medication, name="medication_edit"),
    path("medications/<int:pk>/delete/", entry_views.delete_medication, name="medication_delete"),
    path(
        "techniques/new/",
        entry_views.new_entry,
        {"entry_type": ENTRY_TYPES["techniques"]},
        name="technique_log",
    ),
    path("insights/", insight_views.insights_page, name="insights"),
    path("report/", insight_views.report, name="report"),
    path("export/", data_views.export_page, name="export"),
    path("export/csv/", data_views.export_csv, name="export_csv"),
    path("export/json/", data_views.export_json, name="export_json"),
    path("export/fhir/", data_views.export_fhir, name="export_fhir"),
    path("import/", data_views.import_page, name="import"),
    path("import/<int:pk>/", job_views.import_progress, name="import_progress"),
    path("reminders/", member_views.reminders, name="reminders"),
    path("reminders/devices/", push_views.push_subscribe, name="push_subscribe"),
    path("reminders/devices/<int:pk>/", push_views.push_rename, name="push_rename"),
    path("reminders/devices/<int:pk>/remove/", push_views.push_remove, name="push_remove"),
    path("account/delete/", data_views.delete_account, name="delete_account"),
    path("<entry_type:entry_type>/new/", entry_views.new_entry, name="entry_new"),
    path("<entry_type:entry_type>/<int:pk>/", entry_views.edit_entry, name="entry_edit"),
    path("<entry_type:entry_type>/<int:pk>/delete/", entry_views.delete_entry, name="entry_delete"),
]

account_patterns = [
    path("signup/", member_views.signup, name="signup"),
    path("profile/", member_views.profile, name="profile"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=member_forms.LogInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("password_reset/", member_views.password_reset, name="password_reset"),
    path("", include("django.contrib.auth.urls")),
]
