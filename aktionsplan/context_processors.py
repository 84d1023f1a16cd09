from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext

from aktionsplan.kommune import kommunenname


def kommune(request: HttpRequest) -> dict[str, object]:
    """The own Kommune's name (aktionsplan.kommune, no query while cached; "Kommune" while none
    is recorded yet) and whether the demo note shows."""
    return {"KOMMUNE_NAME": kommunenname() or gettext("Kommune"), "DEMODATEN": settings.DEMODATEN}
