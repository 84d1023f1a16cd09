from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RueckmeldungenConfig(AppConfig):
    name = "rueckmeldungen"
    verbose_name = _("Rückmeldungen und Barrierefreiheit")
