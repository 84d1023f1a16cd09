"""No NUL character in an HTML page (QA 2026-11-29, finding 5 of the second fresh-user test).

A form refused for a NUL character ("Nullzeichen sind nicht erlaubt") shows the input again as it
was typed, and a NUL inside a page is invalid HTML (the Nu HTML checker's "Saw U+0000"; browsers
show U+FFFD instead). Rather than every widget of every form, staff page and admin alike, this
middleware puts U+FFFD REPLACEMENT CHARACTER where a NUL would reach an HTML response, as the
HTML standard's parser does. The input is refused anyway, so nothing is lost.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

ERSATZ = "\ufffd".encode()


class NullzeichenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        antwort = self.get_response(request)
        if (
            not getattr(antwort, "streaming", False)
            and antwort.get("Content-Type", "").startswith("text/html")
            and b"\x00" in antwort.content
        ):
            antwort.content = antwort.content.replace(b"\x00", ERSATZ)
        return antwort
