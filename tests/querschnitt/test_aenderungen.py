"""The audit page "Letzte Änderungen": who created, changed, deleted what and when, across every
model with a history; only for the Datenpflege; a fixed number of queries per page."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from akteure import services as akteure_services
from aktionsplan.historie import historienmodell, historisierte_modelle
from aktionsplan.models import Thema, UNBRKArtikel
from aktionsplan.personen import anzeigename
from aktionsplan.querysets import BasisQuerySet
from aktionsplan.rollen import LESEN
from projekte import services
from projekte.models import Meilenstein, Projektskizze
from querschnitt.aenderungen import PRO_SEITE, Marke, quellen
from tests.factories import (
    AkteurFactory,
    AnsprechpersonFactory,
    BeteiligungsformatFactory,
    ErkenntnisFactory,
    FinanzierungFactory,
    FortschreibungFactory,
    MeilensteinFactory,
    MesswertFactory,
    ProjektbeteiligungFactory,
    ProjektskizzeFactory,
    SachstandFactory,
    ThemaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
LISTE = reverse("querschnitt:aenderung_liste")


def _zeilen(response) -> list[list[str]]:
    """The table's rows as texts per cell (what a reader sees)."""
    inhalt = response.content.decode()
    tabelle = inhalt[inhalt.index("<tbody") : inhalt.index("</tbody>")]
    zeilen = []
    for zeile in re.findall(r"<tr.*?</tr>", tabelle, re.S):
        zellen = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", zeile, re.S)
        zeilen.append([re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", z)).strip() for z in zellen])
    return zeilen


def _alle_historien_loeschen() -> None:
    """Start from an empty history (the role fixtures and factories write rows too)."""
    for modell in historisierte_modelle():
        historienmodell(modell).objects.all().delete()


# --- who may see it ---


@pytest.mark.parametrize(
    ("rolle", "status"),
    [("anonym", 302), ("lesen", 403), ("redaktion", 403), ("datenpflege", 200)],
)
def test_nur_die_datenpflege_sieht_die_aenderungen(request, rolle, status):
    client = request.getfixturevalue(f"{rolle}_client")
    projekt = ProjektskizzeFactory()
    eintrag = historienmodell(Projektskizze).objects.filter(id=projekt.pk).latest()
    detail = reverse(
        "querschnitt:aenderung_detail", args=["projekte-projektskizze", eintrag.history_id]
    )
    for url in (LISTE, detail):
        antwort = client.get(url)
        assert antwort.status_code == status, url
        if status == 302:
            assert antwort.url.startswith(reverse("login"))


def test_navigation_nur_fuer_die_datenpflege(lesen_client, redaktion_client, datenpflege_client):
    uebersicht = reverse("projekte:uebersicht")
    assert LISTE in datenpflege_client.get(uebersicht).content.decode()
    for client in (lesen_client, redaktion_client):
        assert LISTE not in client.get(uebersicht).content.decode()
    seite = datenpflege_client.get(LISTE).content.decode()
    assert f'href="{LISTE}" aria-current="page"' in seite


# --- what it lists ---


def test_anlegen_aendern_loeschen_ueber_die_modelle(datenpflege_client, redaktion_user):
    redaktion_user.first_name, redaktion_user.last_name = "Rita", "Redakteurin"
    redaktion_user.save()
    _alle_historien_loeschen()
    thema = ThemaFactory(name="Bildung")
    projekt = ProjektskizzeFactory(titel="Barrierefreie Schule", hauptthema=thema)
    projekt.refresh_from_db()
    services.projekt_aendern(
        projekt=projekt,
        benutzer=redaktion_user,
        erwartete_version=projekt.version,
        daten={"titel": "Barrierefreie Gesamtschule"},
        m2m={},
    )
    meilenstein = MeilensteinFactory(projekt=projekt, titel="Rampe bestellt")
    meilenstein._history_user = redaktion_user
    meilenstein.delete()
    redaktion_user.groups.add(Group.objects.get(name=LESEN))

    zeilen = _zeilen(datenpflege_client.get(LISTE))
    # Wann | Wer | Art der Daten | Objekt | Vorgang | Einzelheiten — newest first.
    inhalt = [z[1:5] for z in zeilen]
    assert inhalt[0] == ["unbekannt", "Benutzer", "redaktion", "geändert"]
    assert inhalt[1] == [
        "Rita Redakteurin",
        "Meilenstein",
        "Barrierefreie Gesamtschule · Rampe bestellt (gelöscht)",
        "gelöscht",
    ]
    assert [
        "Rita Redakteurin",
        "Maßnahme",
        f"{projekt.nummer}. Barrierefreie Gesamtschule",
        "geändert",
    ] in inhalt
    assert [
        "unbekannt",
        "Maßnahme",
        f"{projekt.nummer}. Barrierefreie Schule",
        "angelegt",
    ] in (inhalt)
    assert ["unbekannt", "Thema", "Bildung", "angelegt"] in inhalt
    seite = datenpflege_client.get(LISTE).content.decode()
    # Objects that still exist are linked, deleted ones are not.
    assert f'href="{projekt.get_absolute_url()}"' in seite
    assert f'href="{thema.get_absolute_url()}"' in seite
    assert reverse("admin:auth_user_change", args=[redaktion_user.pk]) in seite


def test_geloeschte_ansprechperson_bleibt_getilgt(datenpflege_client, datenpflege_user):
    """Art. 17 DSGVO: the page shows that a contact person was changed and deleted, never who."""
    person = AnsprechpersonFactory(
        name="Erika Geheim", funktion="Leitung", email="erika@example.org", telefon="0241 1"
    )
    person.name = "Erika Geheim-Neu"
    person._history_user = datenpflege_user
    person.save()
    akteure_services.ansprechpersonen_loeschen(personen=[person])

    liste = datenpflege_client.get(LISTE, {"modell": "akteure-ansprechperson"})
    zeilen = _zeilen(liste)
    assert [z[4] for z in zeilen] == ["gelöscht", "geändert", "angelegt"]
    assert {z[3] for z in zeilen} == {"(gelöscht) (gelöscht)"}
    seiten = [liste]
    for link in re.findall(
        r'href="(/aenderungen/akteure-ansprechperson/\d+/)"', liste.content.decode()
    ):
        seiten.append(datenpflege_client.get(link))
    assert len(seiten) == 4
    for seite in seiten:
        assert seite.status_code == 200
        text = seite.content.decode()
        for geheim in ("Erika", "Geheim", "erika@example.org", "0241 1", "Leitung"):
            assert geheim not in text


def test_einzelheiten_einer_aenderung(datenpflege_client, redaktion_user):
    projekt = ProjektskizzeFactory(titel="Alter Titel")
    projekt.refresh_from_db()
    services.projekt_aendern(
        projekt=projekt,
        benutzer=redaktion_user,
        erwartete_version=projekt.version,
        daten={"titel": "Neuer Titel"},
        m2m={"weitere_themen": [ThemaFactory(name="Mobilität")]},
    )
    zeile = historienmodell(Projektskizze).objects.filter(id=projekt.pk).latest()
    antwort = datenpflege_client.get(
        reverse("querschnitt:aenderung_detail", args=["projekte-projektskizze", zeile.history_id])
    )
    felder = {(f.name, f.alt, f.neu) for f in antwort.context["e"].felder}
    assert ("Titel", "Alter Titel", "Neuer Titel") in felder
    assert ("weitere Themen", "–", "Mobilität") in felder
    assert not any(name in {"Version", "geändert am"} for name, _, _ in felder)
    assert antwort.context["e"].eintrag.wer == anzeigename(redaktion_user)


def test_einzelheiten_eines_kontos_ohne_passwort(datenpflege_client, datenpflege_user):
    konto = UserFactory(username="neu", first_name="Nora")
    konto.set_password("ein-anderes-passwort-1")
    konto._history_user = datenpflege_user
    konto.save()
    modell = historienmodell(type(konto))
    aenderung, anlage = modell.objects.filter(id=konto.pk).order_by("-history_id")[:2]
    for zeile in (aenderung, anlage):
        antwort = datenpflege_client.get(
            reverse("querschnitt:aenderung_detail", args=["auth-user", zeile.history_id])
        )
        text = antwort.content.decode()
        assert "pbkdf2" not in text
        assert "md5$" not in text
        assert konto.password not in text
    felder = {(f.name, f.alt, f.neu) for f in antwort.context["e"].felder}
    assert ("Benutzername", "", "neu") in felder
    # The hash is not even stored: a copy in the history would outlive every password change.
    spalten = {feld.name for feld in modell._meta.get_fields()}
    assert "password" not in spalten
    assert "last_login" not in spalten


def test_anmeldung_schreibt_keine_aenderung(client, redaktion_user):
    """A login saves only ``last_login``: no history row, and the cached figures stay valid."""
    from aktionsplan import zwischenspeicher

    redaktion_user.set_password("ein-gutes-passwort-42")
    redaktion_user.save()
    modell = historienmodell(type(redaktion_user))
    vorher = modell.objects.filter(id=redaktion_user.pk).count()
    stand = zwischenspeicher.datenstand()
    antwort = client.post(
        reverse("login"),
        {"username": redaktion_user.username, "password": "ein-gutes-passwort-42"},
    )
    assert antwort.status_code == 302
    redaktion_user.refresh_from_db()
    assert redaktion_user.last_login is not None
    assert modell.objects.filter(id=redaktion_user.pk).count() == vorher
    assert zwischenspeicher.datenstand() == stand


def test_bereich_der_kommune(datenpflege_client, monkeypatch):
    """Entries of an existing object the scope hook hides are not listed and have no page;
    entries of deleted objects are (the history cannot tell their Kommune)."""
    ThemaFactory(name="Sichtbares Thema")
    verborgen = ThemaFactory(name="Verborgenes Thema")
    geloescht = ThemaFactory(name="Gelöschtes Thema")
    geloescht.delete()
    original = BasisQuerySet.fuer

    def fuer(self, nutzer):
        qs = original(self, nutzer)
        return qs.exclude(pk=verborgen.pk) if self.model is Thema else qs

    monkeypatch.setattr(BasisQuerySet, "fuer", fuer)
    antwort = datenpflege_client.get(LISTE, {"modell": "aktionsplan-thema"})
    namen = [z[3] for z in _zeilen(antwort)]
    assert "Sichtbares Thema" in namen
    assert "Gelöschtes Thema (gelöscht)" in namen
    assert "Verborgenes Thema" not in antwort.content.decode()
    zeile = historienmodell(Thema).objects.get(id=verborgen.pk)
    detail = reverse("querschnitt:aenderung_detail", args=["aktionsplan-thema", zeile.history_id])
    assert datenpflege_client.get(detail).status_code == 404


def test_unbekannter_eintrag_404(datenpflege_client):
    for args in (["projekte-projektskizze", 999_999], ["gibt-es-nicht", 1]):
        url = reverse("querschnitt:aenderung_detail", args=args)
        assert datenpflege_client.get(url).status_code == 404


# --- filters ---


def test_filter_person_art_und_zeitraum(datenpflege_client, redaktion_user, lesen_user):
    _alle_historien_loeschen()
    for titel, wer, tag in (
        ("Erster", redaktion_user, datetime.date(2025, 3, 1)),
        ("Zweiter", lesen_user, datetime.date(2025, 3, 2)),
        ("Dritter", redaktion_user, datetime.date(2025, 3, 3)),
    ):
        objekt = Meilenstein(projekt=ProjektskizzeFactory(), titel=titel, faellig_am=tag)
        objekt._history_user = wer
        objekt._history_date = timezone.make_aware(
            datetime.datetime.combine(tag, datetime.time(23, 30))
        )
        objekt.save()

    def titel(**filter_) -> list[str]:
        antwort = datenpflege_client.get(LISTE, {"modell": "projekte-meilenstein", **filter_})
        return [z[3].split(" · ")[-1] for z in _zeilen(antwort)]

    assert titel() == ["Dritter", "Zweiter", "Erster"]
    assert titel(person=redaktion_user.pk) == ["Dritter", "Erster"]
    # Whole days in the site's time zone (23:30 in Berlin is still that day, not the next).
    assert titel(von="2025-03-02") == ["Dritter", "Zweiter"]
    assert titel(bis="2025-03-02") == ["Zweiter", "Erster"]
    assert titel(von="2025-03-02", bis="2025-03-02") == ["Zweiter"]
    sachstaende = datenpflege_client.get(LISTE, {"modell": "projekte-sachstand"})
    assert "Keine Änderung passt zu diesen Filtern." in sachstaende.content.decode()


@pytest.mark.parametrize(
    "parameter",
    [
        {"von": "2025-03-05", "bis": "2025-03-01"},
        {"von": "0001-01-01"},
        {"bis": "9999-12-31"},
        {"von": "31.02.2025"},
        {"modell": "auth-permission"},
        {"person": "x" * 10_000},
    ],
)
def test_falsche_filter_sind_eine_meldung(datenpflege_client, parameter):
    antwort = datenpflege_client.get(LISTE, parameter)
    assert antwort.status_code == 200
    assert antwort.context["seite"] is None
    assert "Bitte korrigieren Sie die Filter." in antwort.content.decode()


@pytest.mark.parametrize(
    "marke", ["", "x", "~~", "2025-01-01~1~1", "2025-01-01T00:00:00+00:00~a~1", "9" * 5000]
)
def test_kaputte_seitenmarke_zeigt_die_neuesten(datenpflege_client, marke):
    ProjektskizzeFactory()
    for parameter in ("vor", "nach"):
        antwort = datenpflege_client.get(LISTE, {parameter: marke})
        assert antwort.status_code == 200
        assert antwort.context["seite"].neuere is None


# --- pages and cost ---


def _aenderungen_anlegen(anzahl: int, wer) -> None:
    """Exactly ``anzahl`` history rows over three tables, every fourth at the same instant."""
    objekte = [ThemaFactory(), AkteurFactory(), MeilensteinFactory()]
    _alle_historien_loeschen()
    gleich = timezone.now()
    for i in range(anzahl):
        objekt = objekte[i % 3]
        objekt._history_user = wer
        objekt._history_date = gleich if i % 4 == 0 else gleich - datetime.timedelta(seconds=i)
        objekt.save()


def _alle_seiten(client, **filter_) -> list[str]:
    """Follow "Ältere Änderungen" to the end; the detail links of all entries, in order."""
    gesehen, parameter = [], dict(filter_)
    for _ in range(50):
        antwort = client.get(LISTE, parameter)
        gesehen += [e.detail_url for e in antwort.context["seite"].eintraege]
        aeltere = antwort.context["seite"].aeltere
        if aeltere is None:
            return gesehen
        parameter = {**filter_, "vor": str(aeltere)}
    raise AssertionError("kein Ende")


def test_seiten_vor_und_zurueck_ohne_luecke(datenpflege_client, redaktion_user):
    _alle_historien_loeschen()
    _aenderungen_anlegen(60, redaktion_user)
    gesehen = _alle_seiten(datenpflege_client, person=redaktion_user.pk)
    assert len(gesehen) == len(set(gesehen)) == 60

    erste = datenpflege_client.get(LISTE, {"person": redaktion_user.pk})
    assert erste.context["seite"].neuere is None
    zweite = datenpflege_client.get(
        LISTE, {"person": redaktion_user.pk, "vor": str(erste.context["seite"].aeltere)}
    )
    assert [e.detail_url for e in zweite.context["seite"].eintraege] == gesehen[
        PRO_SEITE : 2 * PRO_SEITE
    ]
    # Back: the page before the second is the first, and it knows there is nothing newer.
    zurueck = datenpflege_client.get(
        LISTE, {"person": redaktion_user.pk, "nach": str(zweite.context["seite"].neuere)}
    )
    assert [e.detail_url for e in zurueck.context["seite"].eintraege] == gesehen[:PRO_SEITE]
    assert zurueck.context["seite"].neuere is None
    # Links back and forth that keep the filter.
    inhalt = zweite.content.decode()
    for text in ("Neueste Änderungen", "Neuere Änderungen", "Ältere Änderungen"):
        href = re.search(rf'href="([^"]*)">{text}<', inhalt).group(1)
        assert f"person={redaktion_user.pk}" in href, text


@pytest.mark.parametrize("anzahl", [5, 50])
def test_abfragen_fest(datenpflege_client, django_assert_num_queries, redaktion_user, anzahl):
    _aenderungen_anlegen(anzahl, redaktion_user)
    # 1 session, 2 user, 3 groups (role check); 4 the page: one UNION ALL over every history
    # table, each reading its newest rows through an index, with the object's name at the time
    # and whether it still exists; 5 the people named on the page. The person filter is a search
    # field: no query for all people (tests/aktionsplan/test_suchauswahl.py).
    with django_assert_num_queries(5):
        antwort = datenpflege_client.get(LISTE)
    assert len(antwort.context["seite"].eintraege) == min(anzahl, PRO_SEITE)
    # From here on the user and the groups come from the cache (aktionsplan.benutzerspeicher).
    with django_assert_num_queries(3):
        datenpflege_client.get(LISTE, {"vor": str(antwort.context["seite"].eintraege[0].marke)})
    # A chosen person costs one more query: the filter form looks that person up.
    with django_assert_num_queries(4):
        antwort = datenpflege_client.get(
            LISTE, {"person": redaktion_user.pk, "von": "2000-01-01", "modell": "akteure-akteur"}
        )
    # The actor is every third object _aenderungen_anlegen saves, from the second on.
    assert len(antwort.context["seite"].eintraege) == min(len(range(1, anzahl, 3)), PRO_SEITE)


def test_jedes_modell_mit_namen_zur_zeit_der_aenderung(datenpflege_client):
    """Every kind of data shows its object by a readable name, read from the history row."""
    artikel = UNBRKArtikel.objects.get(nummer=9)
    artikel.save()
    sachstand = SachstandFactory(datum=datetime.date(2025, 2, 1))
    messwert = MesswertFactory(jahr=2024)
    fortschreibung = FortschreibungFactory(nummer=2)
    format_ = BeteiligungsformatFactory(datum=datetime.date(2025, 5, 17))
    beteiligung = ProjektbeteiligungFactory()
    meilenstein = MeilensteinFactory()
    finanzierung = FinanzierungFactory()
    erwartet = {
        "aktionsplan-unbrkartikel": f"Art. 9 {artikel.kurztitel or artikel.titel}",
        "projekte-sachstand": f"{sachstand.projekt.titel} · 01.02.2025",
        "monitoring-messwert": f"{messwert.indikator.name} · {messwert.raum.name} · 2024",
        "aktionsplan-fortschreibung": f"{fortschreibung.plan.name} · 2",
        "aktionsplan-beteiligungsformat": f"{format_.titel} · 17.05.2025",
        "projekte-projektbeteiligung": f"{beteiligung.projekt.titel} · {beteiligung.akteur.name}",
        "projekte-meilenstein": f"{meilenstein.projekt.titel} · {meilenstein.titel}",
        "projekte-finanzierung": f"{finanzierung.projekt.titel} · {finanzierung.programm}",
        "projekte-projektskizze": f"{sachstand.projekt.nummer}. {sachstand.projekt.titel}",
        "aktionsplan-plan": fortschreibung.plan.kurzname,
        "aktionsplan-raum": messwert.raum.name,
        "monitoring-indikator": messwert.indikator.name,
        "akteure-akteur": beteiligung.akteur.name,
        "monitoring-erkenntnis": ErkenntnisFactory(titel="Wege fehlen").titel,
        "akteure-ansprechperson": AnsprechpersonFactory(name="Nina Neu").name,
        "auth-user": UserFactory(username="nina").username,
    }
    for modell, name in erwartet.items():
        zeilen = _zeilen(datenpflege_client.get(LISTE, {"modell": modell}))
        assert name in {z[3] for z in zeilen}, (modell, zeilen)
    # Every other kind shows at least a non-empty name.
    for quelle in quellen():
        antwort = datenpflege_client.get(LISTE, {"modell": quelle.schluessel})
        assert all(e.bezeichnung.strip() for e in antwort.context["seite"].eintraege), quelle


def test_jede_historie_ist_eine_quelle():
    """Every model with a history (the user model included) is on the page and in its filter."""
    namen = {q.modell._meta.label_lower for q in quellen()}
    assert {"auth.user", "projekte.projektskizze", "akteure.ansprechperson"} <= namen
    assert len(namen) == len(historisierte_modelle())


def test_marke_liest_nur_was_sie_schreibt():
    marke = Marke(timezone.now(), 3, 17)
    assert Marke.lesen(str(marke)) == marke
    assert Marke.lesen("2025-01-01T00:00:00~1~1") is None  # naive


def test_wert_eines_geloeschten_indikators_nennt_den_indikator(datenpflege_client):
    """QA F-15: values deleted with their indicator named it "(gelöscht)"; the name comes from the
    indicator's history."""
    from tests.factories import IndikatorFactory, KommuneFactory, MesswertFactory

    indikator = IndikatorFactory(name="Kinder mit Förderbedarf")
    MesswertFactory(indikator=indikator, raum=KommuneFactory(name="Stolberg"), jahr=2024)
    indikator.delete()
    zeilen = _zeilen(datenpflege_client.get(LISTE, {"modell": "monitoring-messwert"}))
    assert [z[3] for z in zeilen] == ["Kinder mit Förderbedarf · Stolberg · 2024 (gelöscht)"] * 2
