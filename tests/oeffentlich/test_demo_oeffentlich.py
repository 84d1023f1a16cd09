"""The public pages over the demo data (issue 11): a crawl of every public page that searches
for every internal value of the demo, the 404 of every non-public object for every role, and
every role reads the public pages. One demo load for the class (setUpTestData)."""

from __future__ import annotations

import io
import re
from io import StringIO
from urllib.parse import urljoin, urlsplit

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import formats
from django.utils.html import escape
from openpyxl import load_workbook
from pypdf import PdfReader

from akteure.models import Ansprechperson
from aktionsplan.models import Leitbild, Plan, Thema
from aktionsplan.personen import anzeigename
from monitoring.models import Erkenntnis, Indikator
from oeffentlich.offene_daten import INHALTSTYPEN
from projekte.models import Finanzierung, Projektskizze, Sachstand
from tests.factories import UserFactory

LINK = re.compile(r'href="([^"]+)"')


def _betrag(wert) -> str:
    return f"{formats.number_format(wert, 2, force_grouping=True)} €"


def crawlen(client: Client) -> dict[str, str]:
    """Every public page reachable from ``/`` by links (anonymous visitors land on the start
    page), with its HTML. Only addresses under /oeffentlich/ are followed; each must answer 200."""
    start = client.get("/", follow=True)
    assert start.redirect_chain[-1][0] == reverse("oeffentlich:start")
    seiten: dict[str, str] = {}
    offen = [reverse("oeffentlich:start")]
    while offen:
        url = offen.pop()
        if url in seiten:
            continue
        antwort = client.get(url)
        assert antwort.status_code == 200, url
        if antwort.streaming:
            # A sign-language video (nothing to search) or its captions (searched as text).
            inhalt = b"".join(antwort.streaming_content)
            seiten[url] = inhalt.decode() if antwort["Content-Type"].startswith("text/") else ""
            continue
        if antwort["Content-Type"] == "application/pdf":
            # An adopted report's PDF: its text is searched like a page (issue 9: "the PDF's
            # text"); it links nowhere.
            leser = PdfReader(io.BytesIO(antwort.content))
            seiten[url] = "\n".join(s.extract_text() or "" for s in leser.pages)
            continue
        if antwort["Content-Type"] == INHALTSTYPEN["xlsx"]:
            # An open-data workbook: its cells are searched like a page; it links nowhere.
            mappe = load_workbook(io.BytesIO(antwort.content), read_only=True)
            seiten[url] = "\n".join(
                str(zelle)
                for blatt in mappe
                for reihe in blatt.iter_rows(values_only=True)
                for zelle in reihe
                if zelle is not None
            )
            continue
        html = antwort.content.decode("utf-8-sig")
        seiten[url] = html
        for ziel in LINK.findall(html):
            teile = urlsplit(urljoin(url, ziel.replace("&amp;", "&")))
            pfad = teile.path + (f"?{teile.query}" if teile.query else "")
            if teile.path.startswith("/oeffentlich/") and pfad not in seiten:
                offen.append(pfad)
    return seiten


class TestOeffentlichMitDemo(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("demo", erzwingen=True, stdout=StringIO())
        cls.superuser = UserFactory(username="chefin", is_superuser=True, is_staff=True)

    def _rollen(self) -> dict[str, Client]:
        clients = {"anonym": Client()}
        for name in ("lesen", "redaktion", "datenpflege"):
            client = Client()
            client.force_login(get_user_model().objects.get(username=name))
            clients[name] = client
        superuser = Client()
        superuser.force_login(self.superuser)
        clients["superuser"] = superuser
        return clients

    def _interne_werte(self) -> set[str]:
        """Every internal value of the demo that a public page must never show, less those that
        also stand in public content (a report text used for a public and an internal report)."""
        oeffentliche_projekte = Projektskizze.objects.oeffentlich()
        intern: set[str] = set()
        for person in Ansprechperson.objects.all():
            intern |= {person.name, person.email, person.telefon}
        for nutzer in get_user_model().objects.all():
            intern |= {anzeigename(nutzer), nutzer.email}
        # Costs and funding unless marked public.
        verdeckt = Projektskizze.objects.exclude(veroeffentlicht=True, kosten_oeffentlich=True)
        for projekt in verdeckt.exclude(kosten=None):
            intern.add(_betrag(projekt.kosten))
        for f in Finanzierung.objects.filter(projekt__in=verdeckt):
            intern |= {f.programm, _betrag(f.betrag)}
        # Non-public reports, non-public measures and indicators, qualitative findings.
        intern |= set(
            Sachstand.objects.exclude(pk__in=Sachstand.objects.oeffentlich()).values_list(
                "text", flat=True
            )
        )
        intern |= set(
            Projektskizze.objects.exclude(veroeffentlicht=True).values_list("titel", flat=True)
        )
        intern |= set(
            Projektskizze.objects.exclude(veroeffentlicht=True).values_list(
                "kurzbeschreibung", flat=True
            )
        )
        intern |= set(
            Projektskizze.objects.exclude(veroeffentlicht=True).values_list(
                "text_leichte_sprache", flat=True
            )
        )
        intern |= set(Indikator.objects.exclude(oeffentlich=True).values_list("name", flat=True))
        intern |= set(Erkenntnis.objects.values_list("text", flat=True))
        oeffentlich = set(Sachstand.objects.oeffentlich().values_list("text", flat=True))
        oeffentlich |= set(oeffentliche_projekte.values_list("titel", flat=True))
        oeffentlich |= set(oeffentliche_projekte.values_list("kurzbeschreibung", flat=True))
        for ind in Indikator.objects.oeffentlich():
            oeffentlich |= {ind.name, ind.beschreibung, ind.einheit}
        for projekt in oeffentliche_projekte:
            oeffentlich |= {projekt.ziele, projekt.beteiligung, projekt.text_leichte_sprache}
        for objekt in [*Plan.objects.all(), *Thema.objects.all(), *Leitbild.objects.all()]:
            oeffentlich |= {objekt.name, objekt.beschreibung, objekt.text_leichte_sprache}
        for f in Finanzierung.objects.filter(
            projekt__in=oeffentliche_projekte.filter(kosten_oeffentlich=True)
        ):
            oeffentlich |= {f.programm, _betrag(f.betrag)}
        for projekt in oeffentliche_projekte.filter(kosten_oeffentlich=True).exclude(kosten=None):
            oeffentlich.add(_betrag(projekt.kosten))
        return {
            wert
            for wert in intern
            if wert and len(wert) > 3 and not any(wert in o for o in oeffentlich)
        }

    def test_kein_interner_wert_auf_einer_oeffentlichen_seite(self):
        seiten = crawlen(Client())
        # Every kind of page was reached: start, plans, themes, measures, indicators.
        assert len(seiten) > 30
        for projekt in Projektskizze.objects.oeffentlich():
            assert reverse("oeffentlich:massnahme", args=[projekt.pk]) in seiten
        for indikator in Indikator.objects.oeffentlich():
            assert reverse("oeffentlich:indikator", args=[indikator.pk]) in seiten
        for thema in Thema.objects.all():
            assert reverse("oeffentlich:thema", args=[thema.slug]) in seiten
        for plan in Plan.objects.all():
            assert reverse("oeffentlich:plan", args=[plan.slug]) in seiten
        # Their twins in Leichte Sprache and its explanation page (issue 11, point 2).
        for projekt in Projektskizze.objects.oeffentlich():
            assert reverse("oeffentlich:leicht_massnahme", args=[projekt.pk]) in seiten
        for thema in Thema.objects.all():
            assert reverse("oeffentlich:leicht_thema", args=[thema.slug]) in seiten
        for plan in Plan.objects.all():
            assert reverse("oeffentlich:leicht_plan", args=[plan.slug]) in seiten
        assert reverse("oeffentlich:leicht_erklaerung") in seiten
        intern = self._interne_werte()
        # The demo has internal values of every kind to look for.
        assert len(intern) > 100
        for url, html in seiten.items():
            text = re.sub(r"\s+", " ", html)
            for wert in intern:
                kurz = re.sub(r"\s+", " ", wert)
                assert kurz not in text, (url, wert)
                assert escape(kurz) not in text, (url, wert)

    def test_leichte_sprache_der_demo(self):
        """The demo shows the feature: the Stolberg plan, its Leitbild and six themes in Leichte
        Sprache, several (not all) public measures; a gap is said plainly."""
        client = Client()
        plan = Plan.objects.get(slug="aktionsplan-inklusion")
        html = client.get(reverse("oeffentlich:leicht_plan", args=[plan.slug])).content.decode()
        assert plan.text_leichte_sprache.splitlines()[0] in html
        assert Leitbild.objects.get().text_leichte_sprache.splitlines()[0] in html
        themen = Thema.objects.all()
        assert themen.count() == 6
        assert not themen.filter(text_leichte_sprache="").exists()
        oeffentlich = Projektskizze.objects.oeffentlich()
        mit = oeffentlich.exclude(text_leichte_sprache="")
        ohne = oeffentlich.filter(text_leichte_sprache="")
        assert mit.count() >= 5
        assert ohne.exists()
        seite = client.get(reverse("oeffentlich:leicht_massnahme", args=[mit.first().pk]))
        assert mit.first().text_leichte_sprache.splitlines()[0] in seite.content.decode()
        seite = client.get(reverse("oeffentlich:leicht_massnahme", args=[ohne.first().pk]))
        assert "noch keinen Text in Leichter Sprache" in seite.content.decode()

    def test_oeffentliche_seiten_zeigen_was_freigegeben_ist(self):
        client = Client()
        projekt = Projektskizze.objects.oeffentlich().filter(kosten_oeffentlich=True).first()
        html = client.get(reverse("oeffentlich:massnahme", args=[projekt.pk])).content.decode()
        for sachstand in Sachstand.objects.oeffentlich().filter(projekt=projekt):
            assert sachstand.text in html
        for f in Finanzierung.objects.filter(projekt=projekt):
            assert _betrag(f.betrag) in html
        assert projekt.beteiligung in html

    def test_nicht_oeffentliche_adresse_ist_404_fuer_jede_rolle(self):
        adressen = [
            reverse(f"oeffentlich:{name}", args=[pk])
            for pk in Projektskizze.objects.exclude(veroeffentlicht=True).values_list(
                "pk", flat=True
            )
            for name in ("massnahme", "leicht_massnahme")
        ] + [
            reverse("oeffentlich:indikator", args=[pk])
            for pk in Indikator.objects.exclude(oeffentlich=True).values_list("pk", flat=True)
        ]
        assert len(adressen) > 10
        # Addresses of nothing at all answer the same.
        adressen += [
            reverse("oeffentlich:massnahme", args=[999_999]),
            reverse("oeffentlich:indikator", args=[999_999]),
            reverse("oeffentlich:thema", args=["gibt-es-nicht"]),
            reverse("oeffentlich:plan", args=["gibt-es-nicht"]),
            reverse("oeffentlich:leicht_massnahme", args=[999_999]),
            reverse("oeffentlich:leicht_thema", args=["gibt-es-nicht"]),
            reverse("oeffentlich:leicht_plan", args=["gibt-es-nicht"]),
        ]
        for rolle, client in self._rollen().items():
            for url in adressen:
                assert client.get(url).status_code == 404, (rolle, url)

    def test_jede_rolle_liest_die_oeffentlichen_seiten(self):
        projekt = Projektskizze.objects.oeffentlich().first()
        indikator = Indikator.objects.oeffentlich().first()
        urls = [
            reverse("oeffentlich:start"),
            reverse("oeffentlich:plan", args=[projekt.plan.slug]),
            reverse("oeffentlich:thema", args=[projekt.hauptthema.slug]),
            reverse("oeffentlich:massnahme", args=[projekt.pk]),
            reverse("oeffentlich:indikator_liste"),
            reverse("oeffentlich:indikator", args=[indikator.pk]),
            reverse("oeffentlich:leicht_start"),
            reverse("oeffentlich:leicht_massnahme", args=[projekt.pk]),
            reverse("oeffentlich:leicht_erklaerung"),
        ]
        inhalte = {}
        for rolle, client in self._rollen().items():
            for url in urls:
                antwort = client.get(url)
                assert antwort.status_code == 200, (rolle, url)
                inhalt = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", antwort.content)
                # The same page for everyone: no role sees more on a public page.
                assert inhalte.setdefault(url, inhalt) == inhalt, (rolle, url)
