"""The patient's data: export it, import it back, delete it all; and the reminder."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from diary import insights
from diary.data import csv_export, fhir, json_records
from diary.data.data_forms import DeleteAccountForm, ImportForm
from diary.models import ImportJob


@login_required
def export_page(request):
    return render(request, "diary/export.html")


def _download(request, chunks, content_type, extension):
    """Stream an export from its first piece, so no request waits on the whole file.

    No Content-Length: a download cut off part-way ends without HTTP's last chunk,
    so the browser reports it as failed instead of keeping a short file.
    """
    name = slugify(request.user.get_username()) or "diary"
    today = insights.patient_today(request.user).isoformat()
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="unknot-{name}-{today}.{extension}"'
    return response


@never_cache
@require_GET
@login_required
def export_csv(request):
    chunks = csv_export.export_csv_zip_chunks(request.user)
    return _download(request, chunks, "application/zip", "csv.zip")


@never_cache
@require_GET
@login_required
def export_json(request):
    chunks = json_records.export_json_chunks(request.user)
    return _download(request, chunks, "application/json", "json")


@never_cache
@require_GET
@login_required
def export_fhir(request):
    # The Questionnaires and the local code system are named under this site's address.
    chunks = fhir.export_fhir_chunks(request.user, request.build_absolute_uri("/"))
    return _download(request, chunks, "application/fhir+json", "fhir.json")


@login_required
def import_page(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = form.save(request.user)
        if isinstance(result, ImportJob):
            return redirect(result)  # a big file: its progress page
        if result is not None:
            for level, text in result.messages():
                messages.add_message(request, level, text)
            return redirect("diary:dashboard")
    status = 400 if form.errors else 200
    return render(request, "diary/import.html", {"form": form}, status=status)


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        logout(request)
        messages.success(request, _("Your account and your whole diary have been deleted."))
        return redirect("home")
    return render(request, "diary/delete_account.html", {"form": form})
