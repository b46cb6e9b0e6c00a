"""The progress page of a big diary file being imported by the worker."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from diary.access import own_or_404
from diary.data.data_forms import ConfirmOwnerForm
from diary.models import ImportJob


@never_cache
@login_required
def import_progress(request, pk):
    """Where the job is; the question about someone else's diary while it waits for one."""
    job = own_or_404(ImportJob, request.user, pk)
    form = None
    if job.status == ImportJob.Status.ASKING:
        form = ConfirmOwnerForm(request.POST or None, job=job)
        if request.method == "POST" and form.is_valid():
            form.save()
            return redirect(job)
    elif request.method == "POST":
        return redirect(job)  # answered already, or never asked: show where it is now
    status = 400 if form is not None and form.errors else 200
    return render(request, "diary/import_progress.html", {"job": job, "form": form}, status=status)
