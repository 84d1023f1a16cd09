"""Test settings: the real settings with a fixed key, a fast password hasher and in-memory mail."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "nur-fuer-tests")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from konfiguration.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The browser tests talk to the live server over plain HTTP.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Tasks run without a worker here; tests/betrieb/test_healthz.py switches the check on.
HEALTHZ_WORKER = False
# The caches of the embedded default are directories; parallel test processes each get their
# own memory instead (a directory would be shared between them).
CACHES = {
    **CACHES,  # noqa: F405
    "herzschlag": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hs"},
}
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "aktionsplan",
    }
# Tasks run at once, in the request or command that enqueues them; the tests of the queue itself
# switch to the database backend and run the worker in-process (tests/aufgaben).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Files written by tasks go to a fresh folder per test run (per xdist worker).
MEDIA_ROOT = tempfile.mkdtemp(prefix="aktionsplan-media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
