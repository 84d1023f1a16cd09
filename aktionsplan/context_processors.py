from django.conf import settings
from django.http import HttpRequest


def kommune(request: HttpRequest) -> dict[str, object]:
    return {"KOMMUNE_NAME": settings.KOMMUNE_NAME, "DEMODATEN": settings.DEMODATEN}
