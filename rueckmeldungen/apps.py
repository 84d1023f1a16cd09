from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RueckmeldungenConfig(AppConfig):
    name = "rueckmeldungen"
    verbose_name = _("Rückmeldungen und Barrierefreiheit")

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from rueckmeldungen.models import Erklaerung
        from rueckmeldungen.services import erklaerung_vergessen

        # Every write of the statement records history (whichever path: page, demo, shell):
        # the stored copy that the statement page reads is dropped then.
        post_create_historical_record.connect(
            lambda **_kw: erklaerung_vergessen(),
            sender=Erklaerung.history.model,
            dispatch_uid="rueckmeldungen_erklaerung",
            weak=False,
        )
