from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext

from aktionsplan.kommune import kommunenname_fuer
from aktionsplan.oeffentliche_kommune import kommune_der_anfrage


def _name(request: HttpRequest) -> str:
    oeffentlich = kommune_der_anfrage(request)
    if oeffentlich is not None:
        return oeffentlich.name
    return kommunenname_fuer(getattr(request, "user", None))


def kommune(request: HttpRequest) -> dict[str, object]:
    """The own Kommune's name (aktionsplan.kommune, no query while cached; "Kommune" while none
    is recorded yet; a person responsible for one Kommune of several sees that one's) and
    whether the demo note shows. The public pages of one Kommune of several name that one
    (aktionsplan.oeffentliche_kommune)."""
    return {
        "KOMMUNE_NAME": _name(request) or gettext("Kommune"),
        "DEMODATEN": settings.DEMODATEN,
    }
