from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AufgabenConfig(AppConfig):
    """The bottom layer: records of long work handed to the task queue, and the worker.

    Each app defines its own tasks (``@task`` from django-tasks) in its ``hintergrund.py`` and
    runs them through :func:`aufgaben.services.ausfuehren`; this app knows no domain model (see
    the import-linter contract in pyproject.toml).
    """

    name = "aufgaben"
    verbose_name = _("Aufgaben im Hintergrund")
