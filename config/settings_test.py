"""Test settings: the real settings, made fast and quiet."""

import tempfile
from pathlib import Path

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SIGNUP = "open"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
STAFF_2FA = False  # tests that need the second factor turn it on with the settings fixture

# Files of import jobs and held imports: outside the repository, so a test leaves none there.
IMPORT_JOBS_DIR = Path(tempfile.gettempdir()) / "unknot-test-import-jobs"
IMPORT_HOLD_DIR = Path(tempfile.gettempdir()) / "unknot-test-import-held"
