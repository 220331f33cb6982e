"""Test settings: the same as production but fast hashing and plain static storage."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
LANGUAGE_CODE = "fr"
# Jobs run at once, in the test's thread, when their transaction commits (the tests that
# prove the queue itself switch to the database backend: tremplin/common/tests/test_jobs.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# One process, and no sharing between parallel test runs.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests write figures directly (no refresh to forget the kept dashboards): not kept, except
# in observatory/tests/test_cache.py.
OBSERVATORY_CACHE_SECONDS = 0
# Static files come from the apps' folders (no collectstatic before the tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The file-based URSSAF of the immediate advance (homecare/urssaf/files.py): a folder of
# the test process's own, never the machine's var/ (the homecare tests take one per test).
URSSAF_FILES_DIR = tempfile.mkdtemp(prefix="tremplin-urssaf-")
# Attestations printed in the test's process (the pool has its own test,
# homecare/tests/test_attestations_printing.py).
ATTESTATION_PDF_PROCESSES = 1
