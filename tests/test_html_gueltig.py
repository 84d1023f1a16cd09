"""Every page is valid HTML (issue 10, "Every page accessible"): the Nu HTML checker finds no
error on any page type, on the error states of the forms, or in the admin.

The pages come from the crawler of tests/test_eingaben_robust.py (``erkunden``) over its small
data set, as each role (Lesen, Redaktion, Datenpflege, who also sees the admin) and as a visitor
who is not logged in. Then every POST form the crawl found is sent twice, as the role that may
post it, in a savepoint that is rolled back: once with every field a person types into left
empty, once filled in with values of the wrong kind (an impossible date, a word in a number
field, an address without "@"). What comes back with the form again is kept too.

All pages are written to files and checked in ONE run of the checker (a Java program from the
npm package vnu-jar, installed by ``make install-test``; a JVM start per page would cost minutes).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client

from aktionsplan.rollen import DATENPFLEGE, LESEN, REDAKTION
from rueckmeldungen.abwehr import HONIGTOPF
from tests import factories as f
from tests.test_eingaben_robust import _datensatz, erkunden
from tests.test_formulare_robust import (
    TIPPBAR,
    _cookies_merken,
    felder_des_formulars,
    grunddaten,
)

VNU = Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"
# Downloads are no HTML; the PDF report alone would cost the crawl seconds.
DOWNLOADS = re.compile(r"(_pdf|_xlsx|export|vorlage)$")
# Forms whose POST ends the session or deletes: their answer is a redirect, never a form again.
NICHT_ABSENDEN = re.compile(r"(logout|_delete|loeschen)$")
# Values a field of the type refuses; the page shows the form again with them.
FALSCH = {"date": "2025-02-30", "number": "zwölf", "email": "kein-at-zeichen", "url": "a b"}


class Sammlung:
    """The HTML pages to check: one file each, with the role and address it came from."""

    def __init__(self, ordner: Path) -> None:
        self.ordner = ordner
        self.herkunft: dict[str, str] = {}

    def ablegen(self, wer: str, name: str, adresse: str, antwort: HttpResponse) -> None:
        if antwort.status_code >= 300 or "text/html" not in antwort.get("Content-Type", ""):
            return
        kurz = re.sub(r"\W+", "_", name)
        datei = self.ordner / f"{len(self.herkunft):04d}-{wer}-{kurz}.html"
        datei.write_bytes(antwort.content)
        self.herkunft[datei.resolve().as_uri()] = f"{wer} {name}: {adresse}"


def _fehlerhaft_absenden(
    sammlung: Sammlung, wer: str, client: Client, name: str, pfad: str, formular
) -> None:
    felder = felder_des_formulars(formular)
    leer = grunddaten(felder, ausfuellen=False)
    for feldname, feld in felder.items():
        if feld.art in TIPPBAR:
            leer[feldname] = [""]
    falsch = grunddaten(felder, ausfuellen=True)
    falsche_felder = [n for n, feld in felder.items() if feld.art in FALSCH]
    for feldname in falsche_felder:
        falsch[feldname] = [FALSCH[felder[feldname].art]]
    if HONIGTOPF in falsch:
        # The feedback form's hidden field stays empty as a person leaves it; filled, the post
        # counts as a program's and is answered with the thanks page (rueckmeldungen.abwehr).
        falsch[HONIGTOPF] = [""]
    varianten = [("leer", leer)] + ([("falsch", falsch)] if falsche_felder else [])
    for art, daten in varianten:
        zuruecksetzen = _cookies_merken(client)
        try:
            with transaction.atomic():
                antwort = client.post(pfad, daten)
                sammlung.ablegen(f"{wer}-post-{art}", name, pfad, antwort)
                transaction.set_rollback(True)
        finally:
            zuruecksetzen()


def _passwortseiten(sammlung: Sammlung) -> None:
    """The pages behind an e-mail link (no link leads there in the crawl): the form to set a
    password, the same sent with two different passwords, and a link that is not valid."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    person = f.UserFactory(username="html-eingeladen")
    link = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    gast = Client()
    formular = gast.get(link)["Location"]
    sammlung.ablegen("anonym", "password_reset_confirm", formular, gast.get(formular))
    antwort = gast.post(formular, {"new_password1": "Sonne-42-a!", "new_password2": "Mond-42-b!"})
    sammlung.ablegen("anonym-post-falsch", "password_reset_confirm", formular, antwort)
    ungueltig = reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "x-y"})
    sammlung.ablegen("anonym-ungueltig", "password_reset_confirm", ungueltig, gast.get(ungueltig))


def _regionsseiten(sammlung: Sammlung) -> None:
    """The regional views (issue 12, point 2): they exist only with several Kommunen, which the
    crawl's data set has not; a region is added here (rolled back with the rest), and every page
    is fetched with its empty, filled and wrong states, and the report's HTML document."""
    from django.urls import reverse

    from tests.region.test_regionsicht import JAHR, region_anlegen

    region = region_anlegen()
    client = Client()
    client.force_login(f.UserFactory(username="html-region", rollen=[LESEN]))
    for name, kwargs, daten in (
        ("region:uebersicht", {}, None),
        ("region:indikatoren", {}, None),
        ("region:indikatoren", {}, {"indikator": region["arbeitslose"].pk}),
        ("region:indikatoren", {}, {"indikator": "999999"}),
        ("region:bericht_auswahl", {}, None),
        ("region:bericht_auswahl", {}, {"jahr": "zwölf"}),
        ("region:bericht", {"jahr": JAHR}, None),
        ("region:bericht_html", {"jahr": JAHR}, None),
        ("region:bericht_pdf", {"jahr": JAHR}, None),
    ):
        adresse = reverse(name, kwargs=kwargs)
        sammlung.ablegen("region", name, adresse, client.get(adresse, daten))


def _oeffentliche_regionsseiten(sammlung: Sammlung) -> None:
    """The public pages of an installation with two Kommunen (issue 12): the choice of the
    Kommune in both variants, and a Kommune's pages under its prefix (the forms stay those of
    one Kommune: they are the same)."""
    from django.urls import reverse

    kommune = f.KommuneFactory(name="Würselen", slug="html-wuerselen")
    plan = f.PlanFactory(name="Aktionsplan Würselen", kommune=kommune, slug="html-ap-wue")
    gast = Client()
    for name, adresse in (
        ("oeffentlich:kommunen", reverse("oeffentlich:start")),
        ("oeffentlich:leicht_kommunen", reverse("oeffentlich:leicht_start")),
        ("oeffentlich:start", f"/oeffentlich/{kommune.slug}/"),
        ("oeffentlich:plan", f"/oeffentlich/{kommune.slug}/plaene/{plan.slug}/"),
        ("oeffentlich:leicht_plan", f"/oeffentlich/{kommune.slug}/leicht/plaene/{plan.slug}/"),
        ("oeffentlich:daten", f"/oeffentlich/{kommune.slug}/daten/"),
    ):
        antwort = gast.get(adresse)
        assert antwort.status_code == 200, adresse
        sammlung.ablegen("anonym-region", name, adresse, antwort)


@pytest.fixture(scope="module")
def seiten(django_db_setup, django_db_blocker, tmp_path_factory) -> Sammlung:
    """Crawl as every role and post the forms wrongly, once per module (rolled back at the
    end); returns the collected pages."""
    sammlung = Sammlung(tmp_path_factory.mktemp("html"))
    with django_db_blocker.unblock(), transaction.atomic():
        _datensatz()
        clients = {"anonym": Client()}
        for rolle in (LESEN, REDAKTION, DATENPFLEGE):
            client = Client()
            client.force_login(f.UserFactory(username=f"html-{rolle}".lower(), rollen=[rolle]))
            clients[rolle.lower()] = client
        formulare = {}
        for wer, client in clients.items():

            def ablegen(name, adresse, antwort, wer=wer):
                sammlung.ablegen(wer, name, adresse, antwort)

            erkundung = erkunden(client, ohne=DOWNLOADS, beim_besuch=ablegen)
            for name, (pfad, formular) in erkundung.formulare.items():
                formulare.setdefault(name, (wer, pfad, formular))
        _passwortseiten(sammlung)
        for name, (wer, pfad, formular) in sorted(formulare.items()):
            if NICHT_ABSENDEN.search(name):
                continue
            # The role that may post: Datenpflege in the admin and the setup pages, Redaktion on
            # the other staff pages.
            if wer != "anonym":
                nur_datenpflege = name.startswith(("admin:", "einrichtung:", "rueckmeldungen:"))
                wer = "datenpflege" if nur_datenpflege else "redaktion"
            _fehlerhaft_absenden(sammlung, wer, clients[wer], name, pfad, formular)
        # Last: a region of several Kommunen would change what the crawl above sees.
        _regionsseiten(sammlung)
        _oeffentliche_regionsseiten(sammlung)
        transaction.set_rollback(True)
    return sammlung


def _bericht(meldungen: list[dict], herkunft: dict[str, str]) -> str:
    """The errors grouped by message, each with the pages (role, URL name, address) and line."""
    gruppen: dict[str, list[str]] = defaultdict(list)
    for meldung in meldungen:
        auszug = meldung.get("extract", "").strip().replace("\n", " ")[:120]
        # Grouped by the message without its quoted values ("Bad value “…” for …").
        text = re.sub(r"“[^”]*”", "“…”", meldung.get("message", "?"), count=1)
        gruppen[text].append(
            f"    {herkunft.get(meldung.get('url', ''), meldung.get('url'))}, "
            f"Zeile {meldung.get('lastLine', '?')}: {auszug}"
        )
    zeilen = [f"{len(meldungen)} Fehler in {len({m.get('url') for m in meldungen})} Seiten:"]
    for text, orte in sorted(gruppen.items(), key=lambda g: -len(g[1])):
        zeilen.append(f"  {text} ({len(orte)}×)")
        zeilen += orte[:8] + ([f"    … und {len(orte) - 8} weitere"] if len(orte) > 8 else [])
    return "\n".join(zeilen)


@pytest.mark.django_db
def test_die_sammlung_umfasst_rollen_admin_und_fehlerzustaende(seiten):
    herkunft = " ".join(seiten.herkunft.values())
    for erwartet in (
        "anonym login:",
        "lesen projekte:projekt_liste:",
        "redaktion projekte:projekt_bearbeiten:",
        "datenpflege admin:projekte_projektskizze_change:",
        "datenpflege admin:auth_user_change:",
        "redaktion-post-leer projekte:projekt_bearbeiten:",
        "redaktion-post-falsch projekte:sachstand_neu:",
        "datenpflege-post-falsch admin:akteure_akteurstyp_add:",
        # The plan pages and the Redaktion's forms of issue 10, point 4.
        "lesen aktionsplan:plan_liste:",
        "lesen aktionsplan:plan_detail:",
        "redaktion-post-falsch aktionsplan:fortschreibung_neu:",
        "redaktion-post-leer aktionsplan:fortschreibung_bearbeiten:",
        "redaktion-post-falsch projekte:finanzierung_neu:",
        "redaktion-post-leer projekte:finanzierung_bearbeiten:",
        # The public pages of issue 11, as a visitor and as staff.
        "anonym oeffentlich:start:",
        "anonym oeffentlich:plan:",
        "anonym oeffentlich:thema:",
        "anonym oeffentlich:massnahme:",
        "anonym oeffentlich:indikator_liste:",
        "anonym oeffentlich:indikator:",
        "lesen oeffentlich:massnahme:",
        "anonym oeffentlich:gebaerdensprache:",
        "datenpflege admin:oeffentlich_gebaerdenvideo_change:",
        "datenpflege-post-leer admin:oeffentlich_gebaerdenvideo_add:",
        "anonym oeffentlich:daten:",
        # The adopted report as a public page (QA of issue 11, M1).
        "anonym oeffentlich:bericht_datei:",
        # Their twins in Leichte Sprache and its explanation page (issue 11, point 2).
        "anonym oeffentlich:leicht_start:",
        "anonym oeffentlich:leicht_plan:",
        "anonym oeffentlich:leicht_thema:",
        "anonym oeffentlich:leicht_massnahme:",
        "anonym oeffentlich:leicht_erklaerung:",
        "anonym oeffentlich:leicht_indikator_liste:",
        "anonym oeffentlich:leicht_indikator:",
        "anonym oeffentlich:leicht_berichte:",
        # The public pages of a region with several Kommunen (issue 12).
        "anonym-region oeffentlich:kommunen:",
        "anonym-region oeffentlich:leicht_kommunen:",
        "anonym-region oeffentlich:plan:",
        # The guided first run (issue 10, point 3).
        "datenpflege einrichtung:checkliste:",
        "datenpflege einrichtung:einladen:",
        "datenpflege-post-leer einrichtung:einladen:",
        "datenpflege-post-falsch einrichtung:einladen:",
        "anonym password_reset:",
        "anonym-post-leer password_reset:",
        "anonym password_reset_confirm:",
        "anonym-post-falsch password_reset_confirm:",
        # Feedback (issue 11, point 4): the statement, the public form with its error states,
        # the Datenpflege's list, message and statement form with theirs.
        "anonym barrierefreiheit:",
        "anonym rueckmeldung:",
        "anonym-post-leer rueckmeldung:",
        "anonym-post-falsch rueckmeldung:",
        "datenpflege rueckmeldungen:liste:",
        "datenpflege rueckmeldungen:detail:",
        "datenpflege rueckmeldungen:erklaerung_bearbeiten:",
        "datenpflege-post-leer rueckmeldungen:erklaerung_bearbeiten:",
        "datenpflege-post-falsch rueckmeldungen:erklaerung_bearbeiten:",
        "anonym-ungueltig password_reset_confirm:",
        # The regional views (issue 12, point 2).
        "region region:uebersicht:",
        "region region:indikatoren:",
        "region region:bericht_auswahl:",
        "region region:bericht:",
        "region region:bericht_html:",
        "region region:bericht_pdf:",
    ):
        assert erwartet in herkunft, erwartet
    assert len(seiten.herkunft) > 150


@pytest.mark.django_db
def test_nu_html_checker_findet_keinen_fehler(seiten):
    java = shutil.which("java")
    assert java, "Java fehlt (Debian: openjdk-17-jre-headless; make install-test)"
    assert VNU.exists(), f"{VNU} fehlt: make install-test (npm ci)"
    dateien = sorted(seiten.ordner.glob("*.html"))
    lauf = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, dateien)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    meldungen = [m for m in json.loads(lauf.stderr)["messages"] if m.get("type") == "error"]
    assert meldungen == [], _bericht(meldungen, seiten.herkunft)
    assert lauf.returncode == 0, lauf.stderr[-2000:]


def test_bericht_nennt_seite_zeile_und_text():
    uri = "file:///tmp/0001-lesen-x.html"
    meldung = {"url": uri, "lastLine": 7, "message": "Bad value", "extract": "<input>"}
    bericht = _bericht([meldung], {uri: "lesen projekte:x: /x/"})
    assert bericht.splitlines() == [
        "1 Fehler in 1 Seiten:",
        "  Bad value (1×)",
        "    lesen projekte:x: /x/, Zeile 7: <input>",
    ]
