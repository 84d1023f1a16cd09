from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OeffentlichConfig(AppConfig):
    name = "oeffentlich"
    verbose_name = _("Öffentliche Seiten")
