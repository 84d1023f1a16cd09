"""Feedback as BITV NRW asks (issue 11, point 4): the public form and its protection (consent,
honeypot, per-address limits), the e-mails (announcement, confirmation with the deadline, a
measure's note to its responsible person and the Redaktion), the Datenpflege's list and status
change (roles, stale edits, history, query budget)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aktionsplan.rollen import REDAKTION
from aktionsplan.sperre import speichern
from rueckmeldungen import services
from rueckmeldungen.models import Rueckmeldung
from tests.factories import ProjektskizzeFactory, UserFactory

pytestmark = pytest.mark.django_db

FORMULAR = "/rueckmeldung/"


def _daten(**anders) -> dict:
    daten = {
        "seite": "http://testserver/oeffentlich/",
        "problem": "Die Tabelle auf der Startseite lässt sich mit dem Screenreader nicht lesen.",
        "email": "hilde@example.org",
        "einwilligung": "on",
        "webseite": "",
    }
    daten.update(anders)
    return {k: v for k, v in daten.items() if v is not None}


@pytest.fixture(autouse=True)
def _adresse(settings):
    settings.RUECKMELDUNG_EMAIL = "inklusion@stadt.example"
    settings.RUECKMELDUNG_ANTWORTFRIST_TAGE = None
    settings.RUECKMELDUNG_GRENZEN = ["10/h", "30/d"]


# --- the public form ---------------------------------------------------------------------------


def test_formular_ohne_anmeldung_mit_vorbelegter_seite(anonym_client):
    antwort = anonym_client.get(FORMULAR, {"seite": "/oeffentlich/indikatoren/"})
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    assert 'value="http://testserver/oeffentlich/indikatoren/"' in inhalt
    assert 'name="einwilligung"' in inhalt
    assert 'href="/datenschutz/"' in inhalt
    # The honeypot is there for programs, hidden from people by the stylesheet.
    assert '<div class="honigtopf">' in inhalt


def test_rueckmeldung_wird_gespeichert_angekuendigt_und_bestaetigt(anonym_client):
    heute = timezone.localdate()
    antwort = anonym_client.post(FORMULAR, _daten())
    assert antwort.status_code == 302
    r = Rueckmeldung.objects.get()
    assert r.status == Rueckmeldung.Status.NEU
    assert r.einwilligung is True
    assert r.antwort_bis == services.antwortfrist(heute)
    assert r.antwort_bis > heute
    assert r.history.count() == 1

    eingang, bestaetigung = mail.outbox
    assert eingang.to == ["inklusion@stadt.example"]
    assert f"Nr. {r.pk}" in eingang.subject
    assert f"http://testserver/rueckmeldungen/{r.pk}/" in eingang.body
    # The announcement does not carry the sender's address or text through the mail.
    assert "hilde@example.org" not in eingang.body
    assert bestaetigung.to == ["hilde@example.org"]
    frist = f"{r.antwort_bis.day}. "
    assert frist in bestaetigung.body
    assert str(r.antwort_bis.year) in bestaetigung.body
    # Nothing the sender typed is sent back to the given address (no relay for spam).
    assert "Screenreader" not in bestaetigung.body

    danke = anonym_client.get(antwort.url)
    inhalt = danke.content.decode()
    assert f"unter der Nummer {r.pk}" in inhalt
    assert "Bestätigung per E-Mail" in inhalt
    assert frist in inhalt


def test_ohne_adresse_keine_bestaetigung(anonym_client):
    assert anonym_client.post(FORMULAR, _daten(email="")).status_code == 302
    assert [m.to for m in mail.outbox] == [["inklusion@stadt.example"]]


def test_ohne_einwilligung_wird_nichts_gespeichert(anonym_client):
    antwort = anonym_client.post(FORMULAR, _daten(einwilligung=None))
    assert antwort.status_code == 200
    assert "ohne Ihre Einwilligung" in antwort.content.decode()
    assert Rueckmeldung.objects.count() == 0
    assert mail.outbox == []


def test_falsche_adresse_wird_mit_klarer_meldung_abgelehnt(anonym_client):
    antwort = anonym_client.post(FORMULAR, _daten(email="hilde-at-example"))
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    assert "gültige E-Mail-Adresse" in inhalt
    # The input is kept.
    assert "Screenreader" in inhalt
    assert Rueckmeldung.objects.count() == 0


def test_ohne_text_abgelehnt(anonym_client):
    antwort = anonym_client.post(FORMULAR, _daten(problem="   "))
    assert antwort.status_code == 200
    assert "Bitte beschreiben Sie" in antwort.content.decode()
    assert Rueckmeldung.objects.count() == 0


def test_gefuellter_honigtopf_speichert_nichts_und_sieht_aus_wie_erfolg(anonym_client):
    antwort = anonym_client.post(FORMULAR, _daten(webseite="http://spam.example"))
    assert antwort.status_code == 302
    assert antwort.url.startswith(reverse("rueckmeldung_danke"))
    assert Rueckmeldung.objects.count() == 0
    assert mail.outbox == []


def _ohne_nummern(text: str) -> str:
    # The reference number, the signed value of the thanks address and the CSRF token differ
    # from message to message anyway.
    text = re.sub(r"Nummer \d+", "Nummer N", text)
    text = re.sub(r"z=[^\"&\s]+", "z=Z", text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


@pytest.mark.parametrize("email", ["hilde@example.org", ""])
def test_honigtopf_ist_von_echtem_erfolg_nicht_zu_unterscheiden(email):
    """Status, headers, the thanks page (with a reference number and the mail sentence) and
    the refusal of a wrong form are the same for a filled honeypot as for a real message."""
    ProjektskizzeFactory(veroeffentlicht=True)  # some data; numbers follow the newest message
    echt_client, topf_client = Client(), Client()
    echt = echt_client.post(FORMULAR, _daten(email=email))
    topf = topf_client.post(FORMULAR, _daten(email=email, webseite="http://spam.example"))
    assert Rueckmeldung.objects.count() == 1
    assert (echt.status_code, topf.status_code) == (302, 302)
    assert sorted(echt.headers) == sorted(topf.headers)
    for kopf in echt.headers:
        # The request's log id differs for every request.
        if kopf not in ("Location", "X-Request-ID"):
            assert echt.headers[kopf] == topf.headers[kopf], kopf
    echt_danke = echt_client.get(echt.url)
    topf_danke = topf_client.get(topf.url)
    assert echt_danke.status_code == topf_danke.status_code == 200
    assert sorted(echt_danke.headers) == sorted(topf_danke.headers)
    assert "unter der Nummer" in topf_danke.content.decode()
    nummer = Rueckmeldung.objects.get().pk
    assert re.search(r"Nummer (\d+)", topf_danke.content.decode()).group(1) != "0"
    assert f"Nummer {nummer} " in echt_danke.content.decode()
    assert _ohne_nummern(echt_danke.content.decode()) == _ohne_nummern(topf_danke.content.decode())
    # A wrong form is refused the same way whether the honeypot is filled or not.
    falsch_echt = Client().post(FORMULAR, _daten(einwilligung=None))
    falsch_topf = Client().post(FORMULAR, _daten(einwilligung=None, webseite="x"))
    assert falsch_echt.status_code == falsch_topf.status_code == 200
    # Only the honeypot's own value is shown back, as every field's input is.
    assert _ohne_nummern(falsch_echt.content.decode()) == _ohne_nummern(
        falsch_topf.content.decode()
    ).replace(' value="x"', "")


def test_honigtopf_antwortet_nicht_schneller_als_ein_echter_eingang(monkeypatch):
    """No insert and no mail would make the honeypot's answer measurably faster: it waits
    about as long as the recent real messages took (abwehr.wie_echt_warten)."""
    from rueckmeldungen import abwehr

    monkeypatch.setattr(abwehr, "_echte_dauer", None)
    Client().post(FORMULAR, _daten())
    echt = abwehr._echte_dauer
    assert echt is not None
    assert echt > 0
    gewartet = []
    monkeypatch.setattr(abwehr.time, "sleep", gewartet.append)
    Client().post(FORMULAR, _daten(webseite="x"))
    assert len(gewartet) == 1
    assert 0 < gewartet[0] <= 1.2 * echt


def test_honigtopf_nummern_wiederholen_sich_nicht_starr():
    """A program sending twice must not see the same number twice on every try."""
    nummern = set()
    for i in range(12):
        danke = Client(REMOTE_ADDR=f"198.51.100.{i}").post(FORMULAR, _daten(webseite="x"))
        nummern.add(Client().get(danke.url).content.decode().split("Nummer ")[1][:3])
    assert len(nummern) > 1


def test_grenze_je_adresse(settings):
    settings.RUECKMELDUNG_GRENZEN = ["2/h"]
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert client.post(FORMULAR, _daten()).status_code == 302
    assert client.post(FORMULAR, _daten()).status_code == 302
    antwort = client.post(FORMULAR, _daten())
    assert antwort.status_code == 429
    inhalt = antwort.content.decode()
    assert "nicht gespeichert" in inhalt
    assert "höchstens 2 je Stunde" in inhalt
    assert "Screenreader" in inhalt  # the input is kept
    assert Rueckmeldung.objects.count() == 2
    # Another address is not limited.
    assert Client(REMOTE_ADDR="203.0.113.8").post(FORMULAR, _daten()).status_code == 302
    assert Rueckmeldung.objects.count() == 3


def test_grenze_zaehlt_auch_den_honigtopf(settings):
    settings.RUECKMELDUNG_GRENZEN = ["1/h"]
    client = Client(REMOTE_ADDR="203.0.113.9")
    client.post(FORMULAR, _daten(webseite="x"))
    assert client.post(FORMULAR, _daten()).status_code == 429
    assert Rueckmeldung.objects.count() == 0


def test_abgelehnte_eingaben_zaehlen_nicht_zur_grenze(settings):
    """Only taken messages count: a person who corrects the form several times is not locked
    out (an invalid POST stores and sends nothing)."""
    settings.RUECKMELDUNG_GRENZEN = ["2/h"]
    client = Client(REMOTE_ADDR="203.0.113.10")
    for falsch in (_daten(einwilligung=None), _daten(problem=" "), _daten(email="kein-at")):
        assert client.post(FORMULAR, falsch).status_code == 200
    assert client.post(FORMULAR, _daten()).status_code == 302
    assert client.post(FORMULAR, _daten()).status_code == 302
    # The limit itself still holds, also against a wrong form, with the input kept.
    antwort = client.post(FORMULAR, _daten(einwilligung=None))
    assert antwort.status_code == 429
    assert "Screenreader" in antwort.content.decode()
    assert Rueckmeldung.objects.count() == 2


@pytest.mark.parametrize(
    "zeichen",
    ["\u202e", "\u202a", "\u2066", "\u2069", "\u200b", "\u2060", "\ufeff", "\u200e"],
)
def test_bidi_und_unsichtbare_zeichen_werden_abgelehnt(anonym_client, zeichen):
    """Bidi controls (Trojan-Source reordering in the Datenpflege's list and the mails) and
    zero-width characters are refused like every control character, with a clear message,
    nothing stored and the input kept (aktionsplan.eingaben, the project-wide text rule)."""
    antwort = anonym_client.post(FORMULAR, _daten(problem=f"Tabelle{zeichen} kaputt"))
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    assert f"U+{ord(zeichen):04X}" in inhalt
    assert "Steuerzeichen" in inhalt
    assert Rueckmeldung.objects.count() == 0
    # Also in the page field and as a sender's address never stored.
    antwort = anonym_client.post(FORMULAR, _daten(seite=f"Startseite{zeichen}"))
    assert antwort.status_code == 200
    assert Rueckmeldung.objects.count() == 0


def test_ipv6_zaehlt_je_netz(settings):
    settings.RUECKMELDUNG_GRENZEN = ["1/h"]
    assert Client(REMOTE_ADDR="2001:db8::1").post(FORMULAR, _daten()).status_code == 302
    assert Client(REMOTE_ADDR="2001:db8::2").post(FORMULAR, _daten()).status_code == 429


def test_danke_seite_ohne_gueltigen_wert(anonym_client):
    antwort = anonym_client.get(reverse("rueckmeldung_danke"), {"z": "gefaelscht"})
    assert antwort.status_code == 200
    assert "Ihre Rückmeldung ist bei uns eingegangen." in antwort.content.decode()


@pytest.mark.parametrize(
    ("eingang", "frist"),
    [
        (datetime.date(2026, 1, 31), datetime.date(2026, 2, 28)),
        (datetime.date(2028, 1, 31), datetime.date(2028, 2, 29)),
        (datetime.date(2026, 12, 15), datetime.date(2027, 1, 15)),
        (datetime.date(2026, 11, 30), datetime.date(2026, 12, 30)),
    ],
)
def test_antwortfrist_ein_kalendermonat(eingang, frist):
    assert services.antwortfrist(eingang) == frist


def test_antwortfrist_in_tagen(settings):
    settings.RUECKMELDUNG_ANTWORTFRIST_TAGE = 42
    assert services.antwortfrist(datetime.date(2026, 1, 1)) == datetime.date(2026, 2, 12)
    assert services.antwortfrist_text() == "42 Tagen"


def test_ankuendigung_an_die_adresse_der_erklaerung(settings, anonym_client):
    settings.RUECKMELDUNG_EMAIL = ""
    from rueckmeldungen.models import Erklaerung

    Erklaerung.objects.create(
        kontakt_email="barrierefrei@stadt.example", nicht_barrierefrei="PDF-Berichte"
    )
    anonym_client.post(FORMULAR, _daten(email=""))
    assert mail.outbox[0].to == ["barrierefrei@stadt.example"]


# --- notes on a measure --------------------------------------------------------------------


@pytest.fixture
def massnahme():
    verantwortlich = UserFactory(username="verantwortlich", email="verantwortlich@stadt.example")
    return ProjektskizzeFactory(veroeffentlicht=True, verantwortlich=verantwortlich)


def test_hinweis_erreicht_verantwortliche_person_und_redaktion(anonym_client, massnahme):
    UserFactory(username="red1", email="red1@stadt.example", rollen=[REDAKTION])
    UserFactory(username="red2", email="red2@stadt.example", rollen=[REDAKTION], is_active=False)
    url = f"{FORMULAR}?massnahme={massnahme.pk}"
    seite = anonym_client.get(url)
    assert seite.status_code == 200
    assert massnahme.titel in seite.content.decode()
    assert 'name="seite"' not in seite.content.decode()

    antwort = anonym_client.post(url, _daten(seite=None, problem="Der Spielplatz hat Stufen."))
    assert antwort.status_code == 302
    r = Rueckmeldung.objects.get()
    assert r.massnahme == massnahme
    assert r.ist_hinweis
    empfaenger = {tuple(m.to): m for m in mail.outbox}
    hinweis = empfaenger[("verantwortlich@stadt.example", "red1@stadt.example")]
    assert "Der Spielplatz hat Stufen." in hinweis.body
    assert f"/oeffentlich/massnahmen/{massnahme.pk}/" in hinweis.body
    assert ("inklusion@stadt.example",) in empfaenger
    assert ("hilde@example.org",) in empfaenger


@pytest.mark.parametrize("wert", ["999999", "abc", "-1", "١٢"])
def test_hinweis_nur_zu_oeffentlichen_massnahmen(anonym_client, wert):
    assert anonym_client.get(FORMULAR, {"massnahme": wert}).status_code == 404


def test_hinweis_zu_nicht_veroeffentlichter_massnahme_404(anonym_client, datenpflege_client):
    intern = ProjektskizzeFactory(veroeffentlicht=False)
    url = f"{FORMULAR}?massnahme={intern.pk}"
    for client in (anonym_client, datenpflege_client):
        assert client.get(url).status_code == 404
        assert client.post(url, _daten()).status_code == 404
    assert Rueckmeldung.objects.count() == 0


def test_oeffentliche_massnahme_verlinkt_den_hinweis(anonym_client, massnahme):
    inhalt = anonym_client.get(f"/oeffentlich/massnahmen/{massnahme.pk}/").content.decode()
    assert f'href="/rueckmeldung/?massnahme={massnahme.pk}"' in inhalt


# --- the footer link -----------------------------------------------------------------------


@pytest.mark.parametrize("client_name", ["anonym_client", "lesen_client"])
def test_fusszeile_verlinkt_das_formular_mit_der_seite(request, client_name):
    client = request.getfixturevalue(client_name)
    for pfad in ("/impressum/", "/datenschutz/", "/oeffentlich/"):
        inhalt = client.get(pfad).content.decode()
        assert f'href="/rueckmeldung/?seite={pfad}"' in inhalt, pfad


def test_fusszeile_der_internen_seiten_nennt_jede_seite(lesen_client):
    # The footer is rendered once per kind and kept (seitenrahmen): the page goes in per request.
    lesen_client.get("/impressum/")
    inhalt = lesen_client.get("/datenschutz/").content.decode()
    assert 'href="/rueckmeldung/?seite=/datenschutz/"' in inhalt
    assert "seite-marke" not in inhalt


# --- the Datenpflege's pages ---------------------------------------------------------------


def _rueckmeldung(**werte) -> Rueckmeldung:
    werte = {
        "problem": "Kontrast zu schwach.",
        "seite": "/oeffentlich/",
        "email": "x@example.org",
        "einwilligung": True,
        "antwort_bis": timezone.localdate() + datetime.timedelta(days=30),
        **werte,
    }
    return speichern(Rueckmeldung(**werte), benutzer=None)


ERWARTET = {"anonym": 302, "lesen": 403, "redaktion": 403, "datenpflege": 200}


def test_liste_nur_fuer_die_datenpflege(rollen_client):
    antwort = rollen_client.get(reverse("rueckmeldungen:liste"))
    assert antwort.status_code == ERWARTET[rollen_client.rolle]


def test_detail_nur_fuer_die_datenpflege(rollen_client):
    r = _rueckmeldung()
    antwort = rollen_client.get(r.get_absolute_url())
    assert antwort.status_code == ERWARTET[rollen_client.rolle]
    antwort = rollen_client.post(
        r.get_absolute_url(), {"status": "beantwortet", "geoeffnete_version": r.version}
    )
    assert antwort.status_code == {**ERWARTET, "datenpflege": 302}[rollen_client.rolle]


def test_erklaerung_bearbeiten_nur_fuer_die_datenpflege(rollen_client):
    antwort = rollen_client.get(reverse("rueckmeldungen:erklaerung_bearbeiten"))
    assert antwort.status_code == ERWARTET[rollen_client.rolle]


def test_liste_filtert_nach_status_und_art(datenpflege_client):
    _rueckmeldung(problem="neu und allgemein")
    _rueckmeldung(status="beantwortet")
    _rueckmeldung(massnahme=ProjektskizzeFactory(veroeffentlicht=True))
    url = reverse("rueckmeldungen:liste")
    assert datenpflege_client.get(url).context["page_obj"].paginator.count == 3
    nur_neu = datenpflege_client.get(url, {"status": "neu"}).context["page_obj"]
    assert nur_neu.paginator.count == 2
    hinweise = datenpflege_client.get(url, {"art": "hinweis"}).context["page_obj"]
    assert hinweise.paginator.count == 1


def test_ueberfaellige_werden_markiert(datenpflege_client):
    _rueckmeldung(antwort_bis=timezone.localdate() - datetime.timedelta(days=1))
    inhalt = datenpflege_client.get(reverse("rueckmeldungen:liste")).content.decode()
    assert "(überfällig)" in inhalt


@pytest.mark.parametrize("anzahl", [5, 50])
def test_liste_abfragen_bleiben_flach(datenpflege_client, django_assert_max_num_queries, anzahl):
    massnahme = ProjektskizzeFactory(veroeffentlicht=True)
    for i in range(anzahl):
        _rueckmeldung(massnahme=massnahme if i % 2 else None)
    datenpflege_client.get(reverse("rueckmeldungen:liste"))
    # Session and user come from their caches after the first request; then: count, page rows
    # (with measure and plan joined).
    with django_assert_max_num_queries(4):
        antwort = datenpflege_client.get(reverse("rueckmeldungen:liste"))
    assert antwort.status_code == 200


def test_status_aendern_mit_verlauf(datenpflege_client, datenpflege_user):
    r = _rueckmeldung()
    antwort = datenpflege_client.post(
        r.get_absolute_url(),
        {"status": "in_bearbeitung", "notiz": "Weitergeleitet an Amt 50.", "geoeffnete_version": 1},
    )
    assert antwort.status_code == 302
    r.refresh_from_db()
    assert r.status == "in_bearbeitung"
    assert r.notiz == "Weitergeleitet an Amt 50."
    zeile = r.history.order_by("-history_id").first()
    assert zeile.history_user == datenpflege_user
    inhalt = datenpflege_client.get(r.get_absolute_url()).content.decode()
    assert "in Bearbeitung" in inhalt
    assert "Wer hat wann was geändert" in inhalt


def test_veraltete_statusaenderung_wird_abgelehnt_mit_erhaltener_eingabe(datenpflege_client):
    r = _rueckmeldung()
    services.status_setzen(
        r, status="beantwortet", notiz="", benutzer=None, erwartete_version=r.version
    )
    antwort = datenpflege_client.post(
        r.get_absolute_url(),
        {"status": "in_bearbeitung", "notiz": "Meine Notiz", "geoeffnete_version": 1},
    )
    assert antwort.status_code == 409
    inhalt = antwort.content.decode()
    assert "inzwischen" in inhalt
    assert "Meine Notiz" in inhalt
    r.refresh_from_db()
    assert r.status == "beantwortet"


def test_unbekannter_status_wird_abgelehnt(datenpflege_client):
    r = _rueckmeldung()
    antwort = datenpflege_client.post(
        r.get_absolute_url(), {"status": "erledigt", "geoeffnete_version": 1}
    )
    assert antwort.status_code == 200
    r.refresh_from_db()
    assert r.status == "neu"


def test_einwilligung_haelt_auch_die_datenbank():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _rueckmeldung(einwilligung=False)


def test_problemtext_nicht_im_verlauf():
    r = _rueckmeldung()
    zeile = r.history.first()
    assert not hasattr(zeile, "problem")
    assert not hasattr(zeile, "email")


def test_seite_mit_steuerzeichen_abgelehnt(anonym_client):
    antwort = anonym_client.post(FORMULAR, _daten(seite="a\x07b"))
    assert antwort.status_code == 200
    assert Rueckmeldung.objects.count() == 0


def test_lange_nachricht_abgelehnt(anonym_client):
    antwort = anonym_client.post(FORMULAR, _daten(problem="x" * 5001))
    assert antwort.status_code == 200
    assert re.search(r"höchstens 5\.?000 Zeichen", antwort.content.decode())
    assert Rueckmeldung.objects.count() == 0
