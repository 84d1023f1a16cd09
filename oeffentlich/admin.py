"""The sign-language videos in the Datenpflege's admin (aktionsplan.admin_site).

Writes go through ``aktionsplan.sperre.speichern`` (VersioniertAdmin): the file checks, the
one-per-measure constraint, the stale-edit lock and the history. A stored file is linked to the
app's own delivery (oeffentlich.views), not to MEDIA_URL: the media directory is never served
directly.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse

from aktionsplan.admin_basis import VersioniertAdmin
from aktionsplan.admin_site import BereichAdminMixin
from oeffentlich.models import Gebaerdenvideo


class _Verweis:
    """What the file input shows as the current file: its name, linked to our delivery."""

    def __init__(self, name: str, url: str) -> None:
        self.name = name
        self.url = url

    def __str__(self) -> str:
        return self.name


class GespeicherteDateiInput(forms.ClearableFileInput):
    """A file input whose current file links to ``verweis`` (set per object by the admin)."""

    verweis: str | None = None

    def format_value(self, value):
        wert = super().format_value(value)
        if wert and self.verweis:
            return _Verweis(str(wert).rsplit("/", 1)[-1], self.verweis)
        return wert


_ANNAHME = {"video": ".mp4,.webm,video/mp4,video/webm", "untertitel": ".vtt,text/vtt"}


@admin.register(Gebaerdenvideo)
class GebaerdenvideoAdmin(BereichAdminMixin, VersioniertAdmin):
    list_display = ("titel", "projekt", "ist_beispiel")
    list_filter = ("ist_beispiel", ("projekt", admin.EmptyFieldListFilter))
    list_select_related = ("projekt",)
    search_fields = ("titel", "projekt__titel")
    autocomplete_fields = ("projekt",)
    fields = ("titel", "projekt", "video", "untertitel", "textfassung", "ist_beispiel")

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name in _ANNAHME:
            kwargs["widget"] = GespeicherteDateiInput(attrs={"accept": _ANNAHME[db_field.name]})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and obj.pk:
            form.base_fields["video"].widget.verweis = reverse(
                "oeffentlich:gebaerdenvideo", args=[obj.pk]
            )
            form.base_fields["untertitel"].widget.verweis = reverse(
                "oeffentlich:gebaerdenvideo_untertitel", args=[obj.pk]
            )
        return form
