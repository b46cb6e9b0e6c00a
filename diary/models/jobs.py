"""Work that takes longer than a request may: a big diary file being imported.

A job row says how far the work is, for the patient's progress page; the file itself
waits in a private folder (diary.data.import_jobs.jobs_dir) and is deleted as soon as
the job is done or has failed. The row holds no diary entries, only counts and a
message; it is read only through `owned_by`, like every diary row, and is not in
the admin.
"""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

ERROR_LENGTH = 2000  # the import's messages are a sentence or two


class ImportJobQuerySet(models.QuerySet):
    def owned_by(self, user):
        """The only way jobs are read for a person: their own, nobody else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        CHECKING = "checking", _("Checking the file")
        ASKING = "asking", _("Waiting for your answer")
        SAVING = "saving", _("Saving")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    RUNNING = (Status.CHECKING, Status.SAVING)
    FINISHED = (Status.DONE, Status.FAILED)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # A bare file name inside the jobs folder, never a path: nothing here can point elsewhere.
    file_name = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    # Whose diary the file says it holds, when that is not the importer: asked about first.
    file_owner = models.CharField(max_length=150, blank=True)
    owner_confirmed = models.BooleanField(default=False)
    # The importer's language, for the messages the worker writes.
    language = models.CharField(max_length=20, blank=True)
    checked = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    added = models.JSONField(default=dict, blank=True)
    already_there = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, max_length=ERROR_LENGTH)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Which worker runs the job, and when it last said it still does: a worker that
    # died leaves a stale heartbeat, and another one takes the job over.
    claimed_by = models.CharField(max_length=100, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = _("diary import")
        verbose_name_plural = _("diary imports")

    def __str__(self):
        return f"import {self.pk} ({self.status})"

    def get_absolute_url(self):
        return reverse("diary:import_progress", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in self.FINISHED

    @property
    def result(self):
        from diary.data.restore import ImportResult

        return ImportResult(added=dict(self.added), already_there=self.already_there)


@receiver(post_delete, sender=ImportJob)
def _delete_the_jobs_file(sender, instance, **kwargs):
    """An account deleted with a job still waiting takes the job's file with it."""
    from diary.data.import_jobs import forget_job_file

    forget_job_file(instance)
