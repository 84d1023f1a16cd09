"""Import and export in the admin changelists, through the one pipeline (aktionsplan.datenimport).

"Importieren": upload → preview of every row's outcome and errors → confirm (refused, with a
fresh preview, if a target row changed in between). A file of more than 500 rows is checked and
written by the task queue (aktionsplan.hintergrundimport); the admin then shows its status page.
"Exportieren": the changelist's current filtered and sorted rows as CSV or XLSX; more than
``SOFORT_BIS_ZEILEN`` rows are written by the task queue (aktionsplan.hintergrundexport). The
admin is the Datenpflege's (DatenpflegeAdminSite), so exports carry real values, also small case
counts.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.test import RequestFactory
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_tasks import task

from aktionsplan import dateien, einmal, hintergrundexport
from aktionsplan.datenimport import (
    GROSS_AB_ZEILEN,
    STATUS_TEXT,
    Datenart,
    Pruefung,
    ergebnis_text,
    exportieren,
    import_schritt,
)
from aktionsplan.forms import BestaetigenForm, DateiForm
from aktionsplan.hintergrundexport import (
    Exportdatei,
    als_querydict,
    export_ausfuehren,
    gross_beantworten,
    ist_gross,
    parameter_aus,
)
from aktionsplan.hintergrundimport import (
    datenart_der_aufgabe,
    import_ausfuehren,
    pruefung_starten,
    uebernahme_starten,
)
from aufgaben.models import Aufgabe
from aufgaben.services import AufgabeFehler, ausfuehren


def vorschauzeilen(pruefung: Pruefung) -> list[dict]:
    """Rows of the preview table: number, outcome, key as in the file, changes, errors."""
    schluessel = [s for s in pruefung.spalten if s.feld in pruefung.art.schluessel]
    zeilen = []
    for zeile in pruefung.zeilen:
        zeilen.append(
            {
                "nummer": zeile.nummer,
                "status": zeile.status,
                "status_text": STATUS_TEXT.get(zeile.status, ""),
                "schluessel": " · ".join(
                    dateien.zelle_als_text(zeile.zellen.get(s.feld)).lstrip("'") for s in schluessel
                ),
                "aenderungen": zeile.aenderungen,
                "fehler": zeile.fehler,
            }
        )
    return zeilen


def darstellung(pruefung: Pruefung) -> dict:
    """The admin's preview rows for a task's status page (aktionsplan.hintergrundimport)."""
    schluessel = [s.kopf for s in pruefung.spalten if s.feld in pruefung.art.schluessel]
    return {
        "kopf": [" · ".join(schluessel)],
        "zeilen": [
            {
                "nummer": z["nummer"],
                "status": z["status"],
                "status_text": str(z["status_text"]),
                "zellen": [z["schluessel"]],
                "fehler": [f"{f.spalte}: {f.text}" if f.spalte else f.text for f in z["fehler"]],
                "hinweise": [
                    f"{a.spalte}: {a.alt or '–'} → {a.neu or '–'}" for a in z["aenderungen"]
                ],
            }
            for z in vorschauzeilen(pruefung)
        ],
        "anzahl": {s: pruefung.anzahl(s) for s in STATUS_TEXT},
        "text": ergebnis_text(pruefung),
    }


def _admin_import_arbeit(aufgabe: Aufgabe) -> None:
    # The kind of data is the one of the admin class registered for the model.
    modell = apps.get_model(datenart_der_aufgabe(aufgabe))
    art = admin.site.get_model_admin(modell).datenart
    import_ausfuehren(aufgabe, art=art, darstellen=darstellung)


@task()
def admin_import(aufgabe_id: str) -> None:
    """Check or write a big file of an admin import (the task's kind says which)."""
    ausfuehren(aufgabe_id, _admin_import_arbeit)


class DateienAdminMixin:
    """Adds "Importieren" and "Exportieren" to a changelist; ``datenart`` names the kind."""

    datenart: Datenart
    change_list_template = "admin/dateien/change_list.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        eigene = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
        ]
        return eigene + super().get_urls()

    def _darf_importieren(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request: HttpRequest, extra_context=None):
        info = self.opts.app_label, self.opts.model_name
        kontext = dict(extra_context or {})
        if self._darf_importieren(request):
            kontext["dateien_import_url"] = reverse("admin:{}_{}_import".format(*info))
        export = reverse("admin:{}_{}_export".format(*info))
        parameter = [(k, v) for k, werte in request.GET.lists() for v in werte if k != "format"]
        kontext["dateien_export"] = {
            format_: f"{export}?{urlencode([*parameter, ('format', format_)])}"
            for format_ in dateien.FORMATE
        }
        return super().changelist_view(request, extra_context=kontext)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self._darf_importieren(request):
            raise PermissionDenied
        # Once per rendered form (aktionsplan.einmal): a double click on "Import bestätigen"
        # shows the first result, not "the preview is no longer valid".
        return einmal.einmal_ausfuehren(
            request, lambda: self._importseite(request), rueckfall=request.get_full_path()
        )

    def _importseite(self, request: HttpRequest) -> HttpResponse:
        info = self.opts.app_label, self.opts.model_name
        sitzung = f"admin_import:{self.datenart.kennung}"
        form = DateiForm(geojson=self.datenart.geojson)
        schritt = None
        if request.method == "POST" and request.POST.get("aufgabe"):
            return self._gross_bestaetigen(request)
        if request.method == "POST" and "pruefsumme" in request.POST:
            bestaetigen = BestaetigenForm(request.POST)
            summe = bestaetigen.cleaned_data["pruefsumme"] if bestaetigen.is_valid() else None
            schritt = import_schritt(
                request, self.datenart, sitzungsschluessel=sitzung, bestaetigt=summe
            )
            if schritt.fertig is not None:
                messages.success(request, ergebnis_text(schritt.fertig))
                return redirect("admin:{}_{}_changelist".format(*info))
            if schritt.datei_fehler:
                messages.error(request, schritt.datei_fehler)
            if schritt.pruefung is None:
                return redirect("admin:{}_{}_import".format(*info))
        elif request.method == "POST":
            form = DateiForm(request.POST, request.FILES, geojson=self.datenart.geojson)
            if form.is_valid():
                datei = form.cleaned_data["datei"]
                schritt = import_schritt(
                    request,
                    self.datenart,
                    sitzungsschluessel=sitzung,
                    datei=datei,
                    hintergrund=lambda inhalt, name, zeilen: pruefung_starten(
                        admin_import,
                        art=self.datenart,
                        inhalt=inhalt,
                        dateiname=name,
                        zeilen=zeilen,
                        benutzer=request.user,
                        herkunft_url=request.path,
                    ),
                )
                if schritt.aufgabe is not None:
                    return redirect(schritt.aufgabe)
                if schritt.datei_fehler:
                    form.add_error("datei", schritt.datei_fehler)
        pruefung = schritt.pruefung if schritt is not None else None
        kontext = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("%(name)s importieren") % {"name": self.opts.verbose_name_plural},
            "form": form,
            "spalten": self.datenart.kopf(),
            "schluessel": [
                s.kopf for s in self.datenart.spalten if s.feld in self.datenart.schluessel
            ],
            "schluesseltext": _("Werte in %(spalten)s")
            % {
                "spalten": ", ".join(
                    f"„{s.kopf}“"
                    for s in self.datenart.spalten
                    if s.feld in self.datenart.schluessel
                )
            },
            "pruefung": pruefung,
            "gross_ab": GROSS_AB_ZEILEN,
        }
        if pruefung is not None:
            kontext.update(
                {
                    "zeilen": vorschauzeilen(pruefung),
                    "anzahl": {s: pruefung.anzahl(s) for s in STATUS_TEXT},
                    "bestaetigen": BestaetigenForm(initial={"pruefsumme": schritt.pruefsumme}),
                }
            )
        return TemplateResponse(request, "admin/dateien/import.html", kontext)

    def _gross_bestaetigen(self, request: HttpRequest) -> HttpResponse:
        """The confirm of a big file, posted by its preview's status page: starts the write."""
        form = BestaetigenForm(request.POST)
        aufgabe = None
        if form.is_valid():
            aufgabe = uebernahme_starten(
                admin_import,
                art=self.datenart,
                aufgabe_id=str(form.cleaned_data["aufgabe"]),
                pruefsumme=form.cleaned_data["pruefsumme"],
                benutzer=request.user,
                herkunft_url=request.path,
            )
        if aufgabe is None:
            messages.error(
                request,
                _(
                    "Diese Vorschau kann nicht bestätigt werden. Bitte laden Sie die Datei "
                    "erneut hoch."
                ),
            )
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        return redirect(aufgabe)

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """The changelist's rows as a file: up to SOFORT_BIS_ZEILEN at once, more by the task
        queue (aktionsplan.hintergrundexport; GET offers it, POST starts it)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        format_ = dateien.exportformat(request.GET)
        parameter = parameter_aus(request.GET)
        try:
            queryset = _changelist_menge(self, request)
        except IncorrectLookupParameters:
            # Django's own answer to a wacky filter: the changelist with "?e=1".
            liste = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            return HttpResponseRedirect(f"{liste}?{ERROR_FLAG}=1")
        zeilen = queryset.count()
        if ist_gross(zeilen):
            titel = _("Export: %(name)s") % {"name": self.opts.verbose_name_plural}
            liste = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            ohne_format = urlencode(
                [(k, v) for k, w in parameter.items() for v in w if k != "format"]
            )
            liste_url = f"{liste}?{ohne_format}" if ohne_format else liste
            return gross_beantworten(
                request,
                task=admin_export,
                kennung=f"admin:{self.opts.label_lower}",
                titel=titel,
                parameter=parameter,
                zeilen=zeilen,
                herkunft_url=liste_url,
                eingabe={"modell": self.opts.label_lower},
                angebot=lambda: TemplateResponse(
                    request,
                    "admin/dateien/export_anbieten.html",
                    {
                        **self.admin_site.each_context(request),
                        "opts": self.opts,
                        "title": titel,
                        "zeilen": zeilen,
                        "grenze": hintergrundexport.SOFORT_BIS_ZEILEN,
                        "liste_url": liste_url,
                    },
                ),
            )
        if request.method == "POST":
            return HttpResponseRedirect(request.get_full_path())
        inhalt = exportieren(self.datenart, queryset, format_=format_)
        return dateien.dateiantwort(inhalt, format_=format_, dateiname=_exportname(self.opts))


def _exportname(opts) -> str:
    return f"{opts.model_name}-{timezone.localdate():%Y-%m-%d}"


def _changelist_menge(model_admin, request: HttpRequest):
    """The rows of the changelist that ``request``'s query string (without ``format``) shows:
    its filters, search and sort. Raises IncorrectLookupParameters for a wacky filter."""
    parameter = request.GET.copy()
    parameter.pop("format", None)
    request.GET = parameter
    return model_admin.get_changelist_instance(request).get_queryset(request)


def _admin_export_bauen(aufgabe: Aufgabe) -> Exportdatei:
    """The file of a changelist export, for the person who started it: the changelist is asked
    for its rows as on the page (a request with the same query string and person)."""
    modell = apps.get_model(aufgabe.eingabe["modell"])
    model_admin = admin.site.get_model_admin(modell)
    anfrage = RequestFactory().get("/", data=als_querydict(aufgabe.eingabe["parameter"]))
    anfrage.user = aufgabe.gestartet_von
    if not (admin.site.has_permission(anfrage) and model_admin.has_view_permission(anfrage)):
        raise AufgabeFehler(
            _("Sie dürfen diese Daten nicht mehr exportieren. Es wurde keine Datei erstellt.")
        )
    format_ = anfrage.GET.get("format")
    try:
        queryset = _changelist_menge(model_admin, anfrage)
    except IncorrectLookupParameters as fehler:
        raise AufgabeFehler(
            _("Die Filter passen nicht mehr zu den Daten. Es wurde keine Datei erstellt.")
        ) from fehler
    inhalt = exportieren(model_admin.datenart, queryset, format_=format_)
    return Exportdatei(inhalt, f"{_exportname(modell._meta)}.{format_}", queryset.count())


@task()
def admin_export(aufgabe_id: str) -> None:
    """Write a changelist export of more rows than a request may (aktionsplan.hintergrundexport)."""
    export_ausfuehren(aufgabe_id, _admin_export_bauen)
