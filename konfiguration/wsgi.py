import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konfiguration.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402 (after the app registry is ready)

if settings.KONFIGURATIONSFEHLER:
    # A production server without its secret key or host names must not start.
    raise ImproperlyConfigured(" ".join(settings.KONFIGURATIONSFEHLER))
