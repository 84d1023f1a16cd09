from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KonfigurationConfig(AppConfig):
    """The top layer: settings, root URLs, WSGI entry and the demo loader (`manage.py demo`).

    It may import every app; no app imports it (see the import-linter contract in pyproject.toml).
    """

    name = "konfiguration"
    verbose_name = _("Konfiguration")
