from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext

from aktionsplan.bereich import mehrere_kommunen
from aktionsplan.kommune import kommunenname_fuer
from aktionsplan.oeffentliche_kommune import PRAEFIX, kommune_der_anfrage, kommunennamen


def _name(request: HttpRequest) -> str:
    oeffentlich = kommune_der_anfrage(request)
    if oeffentlich is not None:
        return oeffentlich.name
    if request.path_info.startswith(PRAEFIX) and mehrere_kommunen():
        # The public pages of the region outside a Kommune's prefix: its Kommunen (those the
        # reader's roles hold for, as the list of Kommunen on the start page).
        return kommunennamen(getattr(request, "user", None))
    return kommunenname_fuer(getattr(request, "user", None))


def kommune(request: HttpRequest) -> dict[str, object]:
    """The own Kommune's name (aktionsplan.kommune, no query while cached; "Kommune" while none
    is recorded yet; a person responsible for one Kommune of several sees that one's) and
    whether the demo note shows. The public pages of one Kommune of several name that one, the
    region's public pages outside a Kommune's prefix all (aktionsplan.oeffentliche_kommune)."""
    return {
        "KOMMUNE_NAME": _name(request) or gettext("Kommune"),
        "DEMODATEN": settings.DEMODATEN,
    }
