"""An adopted report's PDFs being laid out: the link to the task's status page is shown only to
those who may open it (the person who started it and the Datenpflege); Lesen reads that the
files are being made, without a link that would answer 404 (QA 2026-11-30, L5)."""

import datetime

import pytest
from django.urls import reverse

from aufgaben.models import Aufgabe
from monitoring.models import Berichtsfassung
from tests.factories import AufgabeFactory, BerichtsfassungFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def aufgabe(redaktion_user):
    fassung = BerichtsfassungFactory(
        status=Berichtsfassung.Status.BESCHLOSSEN,
        gremium="Ausschuss",
        beschluss_datum=datetime.date(2026, 5, 20),
    )
    return AufgabeFactory(
        art=Aufgabe.Art.BERICHT_PDF,
        eingabe={"eingefroren": fassung.pk},
        status=Aufgabe.Status.WARTET,
        gestartet_von=redaktion_user,
    )


def _seiten(aufgabe) -> list[str]:
    pk = aufgabe.eingabe["eingefroren"]
    return [
        reverse("monitoring:fassung_detail", kwargs={"pk": pk}),
        reverse(
            "monitoring:fassung_datei",
            kwargs={"pk": pk, "variante": "intern", "format_": "pdf"},
        ),
    ]


@pytest.mark.parametrize(
    ("client_name", "mit_link"),
    [("lesen_client", False), ("redaktion_client", True), ("datenpflege_client", True)],
)
def test_link_zur_aufgabe_nur_wer_sie_sehen_darf(request, aufgabe, client_name, mit_link):
    client = request.getfixturevalue(client_name)
    for url in _seiten(aufgabe):
        antwort = client.get(url)
        assert antwort.status_code == 200, url
        inhalt = antwort.content.decode()
        assert "im Hintergrund" in inhalt, url
        assert (aufgabe.get_absolute_url() in inhalt) is mit_link, url
        if mit_link:
            assert client.get(aufgabe.get_absolute_url()).status_code == 200
