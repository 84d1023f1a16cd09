from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class KonfigurationConfig(AppConfig):
    """The top layer: settings, root URLs, WSGI entry and the demo loader (`manage.py demo`).

    It may import every app; no app imports it (see the import-linter contract in pyproject.toml).
    """

    name = "konfiguration"
    verbose_name = _("Konfiguration")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from konfiguration import sitzung

        checks.register(_gemeinsamer_cache, checks.Tags.caches, deploy=True)
        user_logged_in.connect(sitzung.angemeldet, dispatch_uid="aktionsplan_sitzung_angemeldet")


def _gemeinsamer_cache(app_configs, **kwargs) -> list[checks.Warning]:
    from django.conf import settings

    if settings.REDIS_URL:
        return []
    return [
        checks.Warning(
            "REDIS_URL ist nicht gesetzt: jeder Prozess hat seinen eigenen Cache.",
            hint=(
                "Mit mehreren gunicorn-Workern oder App-Servern REDIS_URL setzen, damit "
                "zwischengespeicherte Seiten nach einer Änderung überall neu berechnet werden "
                "und /healthz den Herzschlag des Aufgaben-Workers sieht."
            ),
            id="konfiguration.W001",
        )
    ]
