"""Admin for people's accounts and groups: Django's own pages, held to the project's promises.

* Nobody grants rights beyond their own (``aktionsplan.konten``): for anyone but a superuser
  ``is_superuser``, single rights and a group's rights are read-only, an account or group with
  rights the person lacks is read-only (its password page too), and only groups whose rights the
  person holds can be given or taken.
* The roles (``aktionsplan.rollen``) are read-only for everybody, with the reason on the page.
* A stale save (someone changed the account or group since the page was opened) is refused with
  HTTP 409, the German sentence every admin page shows, and the input kept: the form carries
  the state it was opened on (users and groups have no version column).
* Every write goes through ``konten.person_speichern`` / ``gruppe_speichern`` (one history row
  per change of an account, naming the groups given or taken).
* Permissions read in the active language ("Thema anlegen"), only those of the project's apps
  are offered.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aktionsplan import bereich, konten
from aktionsplan.admin_site import BereichAdminMixin
from aktionsplan.datenarten import BENUTZER_VERZEICHNIS
from aktionsplan.models import Zustaendigkeit
from aktionsplan.querysets import BasisQuerySet
from aktionsplan.sperre import fehler_zeigen

User = get_user_model()
STAND_FELD = "geoeffneter_stand"
VERALTET = "veraltet"


class _StandVerborgen(forms.HiddenInput):
    """The hidden state input, which no label points at (HTML allows a label's ``for`` only on a
    visible control; the admin renders a label for every field of its fieldsets)."""

    def id_for_label(self, id_: str) -> str:
        return ""


class RechteFeld(forms.ModelMultipleChoiceField):
    """Permissions by their name in the active language (``konten.recht_text``)."""

    def label_from_instance(self, obj: Permission) -> str:
        return konten.recht_text(obj)


class StandFormMixin(forms.ModelForm):
    """Carries the state of the row when the form was opened (signed, hidden) and refuses a save
    against a row that changed since, with the input kept and the state now carried on (so that
    saving again is a deliberate decision). ``handelnder``: set by the ModelAdmin per request."""

    geoeffneter_stand = forms.CharField(widget=_StandVerborgen, required=False)
    handelnder = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._stand_jetzt = None
        if self.instance.pk is not None:
            felder = konten.stand_felder(self._meta.model, self.fields)
            # The stored row: this runs before the form writes its input onto the instance.
            self._stand_jetzt = konten.stand(self.instance, felder)
            self.initial[STAND_FELD] = konten.stand_zeichen(self._stand_jetzt)

    @property
    def geoeffnet(self) -> dict | None:
        return konten.stand_lesen(self.cleaned_data.get(STAND_FELD))

    def clean(self):
        daten = super().clean()
        if self.instance.pk is None:
            return daten
        geoeffnet = konten.stand_lesen(daten.get(STAND_FELD))
        if geoeffnet is None:
            self.veraltet_zeigen(
                gettext(
                    "Das Formular kam ohne den Stand, auf dem es geöffnet wurde. Ihre Eingaben "
                    "sind unten erhalten; prüfen Sie sie und speichern Sie erneut."
                ),
                self._stand_jetzt,
            )
            return daten
        try:
            konten.stand_vergleichen(self._meta.model, self.instance.pk, geoeffnet)
        except konten.KontoVeraltetError as fehler:
            self.veraltet_zeigen(fehler.veraltet.meldung(), fehler.stand_jetzt)
        return daten

    def veraltet_zeigen(self, meldung: str, stand_jetzt: dict | None) -> None:
        self.add_error(None, ValidationError(meldung, code=VERALTET))
        if stand_jetzt is not None:
            daten = self.data.copy()
            daten[self.add_prefix(STAND_FELD)] = konten.stand_zeichen(stand_jetzt)
            self.data = daten


def _m2m(form: forms.ModelForm, name: str):
    return form.cleaned_data.get(name) if name in form.fields else None


class PersonAenderungsForm(StandFormMixin, auth_forms.UserChangeForm):
    def _post_clean(self) -> None:
        super()._post_clean()
        try:
            konten.person_pruefen(
                self.handelnder,
                self.instance,
                gruppen=_m2m(self, "groups"),
                rechte=_m2m(self, "user_permissions"),
            )
        except ValidationError as fehler:
            fehler_zeigen(self, fehler)


def _passwort_hinweis() -> str:
    return format_html(
        '{} <span id="id_unusable_warning" class="messagelist warning">{}</span>',
        gettext(auth_forms.SetUnusablePasswordMixin.usable_password_help_text),
        gettext("Wenn Sie das Passwort deaktivieren, geht das bisherige Passwort verloren."),
    )


class PasswortForm(auth_forms.AdminPasswordChangeForm):
    """The admin's password page of a person. Django builds the help text of "usable_password"
    from a plain English string at import time, so it is English in every language; here it is
    translated when shown (Django's msgid, German in locale/werkzeug/bibliothek_de.json). Django's
    own text holds a list (the warning that the old password is lost, shown and hidden by Django's
    script through its id, hidden by its style sheet through the class "messagelist"), which its
    template puts into a <p>: invalid HTML. Here the warning is a <span>."""

    usable_password_help_text = lazy(_passwort_hinweis, str)()


class GruppenForm(StandFormMixin, forms.ModelForm):
    class Meta:
        model = Group
        fields = ("name", "permissions")

    def _post_clean(self) -> None:
        super()._post_clean()
        try:
            konten.gruppe_pruefen(self.handelnder, self.instance, rechte=_m2m(self, "permissions"))
        except ValidationError as fehler:
            fehler_zeigen(self, fehler)


def _rechte_liste(rechte) -> str:
    texte = sorted(konten.recht_text(r) for r in rechte.select_related("content_type"))
    if not texte:
        return "–"
    return format_html(
        '<ul class="rechte">{}</ul>', format_html_join("", "<li>{}</li>", ((t,) for t in texte))
    )


class KontenAdminMixin:
    """What the account and group admins share: the state field, the per-request form, the
    refusals (stale: 409; a rule: the form's message), rights by name."""

    def darf_aendern(self, handelnder, obj) -> bool:
        raise NotImplementedError

    def _darf(self, request: HttpRequest, obj) -> bool:
        """``darf_aendern`` once per request and row: Django asks ``has_change_permission``
        and ``has_delete_permission`` many times while it renders a page."""
        speicher = request.__dict__.setdefault("_konten_darf", {})
        if obj.pk not in speicher:
            speicher[obj.pk] = self.darf_aendern(request.user, obj)
        return speicher[obj.pk]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (
            obj is None or self._darf(request, obj)
        )

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (
            obj is None or self._darf(request, obj)
        )

    def get_form(self, request: HttpRequest, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"handelnder": request.user})

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = [(n, dict(o)) for n, o in super().get_fieldsets(request, obj)]
        if obj is not None and self.has_change_permission(request, obj):
            optionen = fieldsets[-1][1]
            optionen["fields"] = [*optionen["fields"], STAND_FELD]
        return fieldsets

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if db_field.related_model is Permission:
            treffer = request.resolver_match
            objekt_id = treffer.kwargs.get("object_id") if treffer else None
            vorhanden = []
            if objekt_id and str(objekt_id).isdigit():
                vorhanden = db_field.model._base_manager.filter(pk=objekt_id).values_list(
                    f"{db_field.name}__pk", flat=True
                )
            kwargs["queryset"] = konten.rechte_auswahl([v for v in vorhanden if v is not None])
            kwargs["form_class"] = RechteFeld
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except konten.KontoVeraltetError:
            # Another save won the race between validation and writing (rolled back):
            # validating again now shows the refusal with the input kept.
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as fehler:
            self.message_user(request, " ".join(fehler.messages), level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def render_change_form(self, request, context, *args, **kwargs) -> HttpResponse:
        antwort = super().render_change_form(request, context, *args, **kwargs)
        form = context["adminform"].form
        if form.is_bound and any(f.code == VERALTET for f in form.non_field_errors().as_data()):
            antwort.status_code = 409
        return antwort


class ZustaendigkeitForm(forms.ModelForm):
    """One membership: a Kommune, or the whole region (a box to tick, since an empty choice is
    what an unused row sends)."""

    ganze_region = forms.BooleanField(label=_("ganze Region"), required=False)

    class Meta:
        model = Zustaendigkeit
        fields = ["kommune", "ganze_region"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and self.instance.kommune_id is None:
            self.initial["ganze_region"] = True
        feld = self.fields.get("kommune")
        if feld is not None and isinstance(feld.queryset, BasisQuerySet):
            # The options from the cached Kommunen (aktionsplan.bereich), no query per form;
            # a submitted choice is still checked against the field's (scoped) queryset.
            handelnder = getattr(self, "handelnder", None)
            feld.choices = [
                ("", feld.empty_label),
                *(
                    (pk, name)
                    for pk, name, _slug in sorted(bereich.kommunen(), key=lambda k: k[1])
                    if handelnder is None or bereich.darf_kommune(handelnder, pk)
                ),
            ]

    def clean(self) -> dict:
        daten = super().clean()
        kommune, region = daten.get("kommune"), daten.get("ganze_region")
        if kommune is not None and region:
            raise ValidationError(
                gettext("Bitte wählen Sie eine Kommune oder „ganze Region“, nicht beides."),
                code="beides",
            )
        if kommune is None and not region and self.has_changed():
            raise ValidationError(
                gettext("Bitte wählen Sie eine Kommune oder „ganze Region“."), code="keines"
            )
        return daten


class ZustaendigkeitFormSet(forms.BaseInlineFormSet):
    """Memberships are given and taken only within the Kommunen of the person giving them
    (aktionsplan.bereich): nobody gives more than they hold."""

    handelnder = None

    def clean(self) -> None:
        super().clean()
        if self.handelnder is None:
            return
        for form in self.forms:
            if not form.has_changed() and not self._should_delete_form(form):
                continue
            neu = getattr(form, "cleaned_data", {}).get("kommune")
            kommunen = {getattr(neu, "pk", None)}
            if form.instance.pk is not None:
                kommunen.add(form.initial.get("kommune"))  # as stored: the pk or None
            for kommune_id in kommunen:
                if not bereich.darf_kommune(self.handelnder, kommune_id):
                    raise ValidationError(
                        gettext(
                            "Sie können Zuständigkeiten nur für Kommunen vergeben oder "
                            "entziehen, für die Sie selbst zuständig sind."
                        ),
                        code="bereich",
                    )


class ZustaendigkeitInline(BereichAdminMixin, admin.TabularInline):
    """For which Kommunen the person's roles hold (none: only what the region shares, once the
    installation has several Kommunen; an empty Kommune: the whole region)."""

    model = Zustaendigkeit
    form = ZustaendigkeitForm
    formset = ZustaendigkeitFormSet
    fields = ["kommune", "ganze_region"]
    extra = 0
    verbose_name = _("Zuständigkeit")
    verbose_name_plural = _("Zuständigkeiten (für welche Kommunen die Rollen gelten)")

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(formset.form.__name__, (formset.form,), {"handelnder": request.user})
        return type(formset.__name__, (formset,), {"handelnder": request.user})

    def get_exclude(self, request: HttpRequest, obj=None):
        return self.exclude  # the Kommune is the point of this form, also with one Kommune

    def _person_aenderbar(self, request: HttpRequest, obj) -> bool:
        # Only where the person's account may change at all (aktionsplan.konten); once per
        # request and person, in the store of the person admin (``KontenAdminMixin._darf``).
        if obj is None:
            return True
        speicher = request.__dict__.setdefault("_konten_darf", {})
        if obj.pk not in speicher:
            speicher[obj.pk] = konten.darf_person_aendern(request.user, obj)
        return speicher[obj.pk]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_add_permission(request, obj) and self._person_aenderbar(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._person_aenderbar(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._person_aenderbar(request, obj)


class PersonAdmin(KontenAdminMixin, auth_admin.UserAdmin):
    namensverzeichnis = BENUTZER_VERZEICHNIS
    form = PersonAenderungsForm
    change_password_form = PasswortForm
    inlines = [ZustaendigkeitInline]

    def get_queryset(self, request: HttpRequest):
        """The accounts of the Kommunen of the person logged in, and those without any
        membership yet (``aktionsplan.bereich.personen_filtern``): the list, the change,
        password, delete and history pages (404 for any other) and the autocomplete."""
        return bereich.personen_filtern(super().get_queryset(request), request.user)

    def get_inline_instances(self, request: HttpRequest, obj=None):
        # As Django's own add form (user name and password first): the memberships are given
        # on the change page that follows it.
        return [] if obj is None else super().get_inline_instances(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        felder = [*super().get_readonly_fields(request, obj), "last_login", "date_joined"]
        if not request.user.is_superuser:
            felder += ["is_superuser", "einzelrechte"]
        return felder

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        # Single rights are a superuser's business: shown by name, read-only.
        return [
            (
                name,
                {
                    **optionen,
                    "fields": [
                        "einzelrechte" if feld == "user_permissions" else feld
                        for feld in optionen["fields"]
                    ],
                },
            )
            for name, optionen in fieldsets
        ]

    @admin.display(description=_("Einzelne Rechte"))
    def einzelrechte(self, obj) -> str:
        return _rechte_liste(obj.user_permissions.all())

    def darf_aendern(self, handelnder, obj) -> bool:
        return konten.darf_person_aendern(handelnder, obj)

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if change and not form.has_changed():
            return  # saving an unchanged form changes nothing: no history row
        konten.person_speichern(
            obj,
            handelnder=request.user,
            felder=[
                f for f in form.changed_data if f in {x.name for x in obj._meta.concrete_fields}
            ]
            if change
            else None,
            gruppen=_m2m(form, "groups"),
            rechte=_m2m(form, "user_permissions"),
            geoeffnet=form.geoeffnet if change else None,
        )

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        # The form's groups and rights were set by save_model, within its history row.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request: HttpRequest, obj) -> None:
        konten.person_loeschen(obj, handelnder=request.user)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        personen = list(queryset)
        if not all(konten.darf_person_aendern(request.user, p) for p in personen):
            raise PermissionDenied  # checked before any is deleted
        for person in personen:
            konten.person_loeschen(person, handelnder=request.user)


class GruppenAdmin(KontenAdminMixin, auth_admin.GroupAdmin):
    form = GruppenForm

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        felder = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            felder.append("rechte")
        return felder

    @admin.display(description=_("Rechte"))
    def rechte(self, obj) -> str:
        return _rechte_liste(obj.permissions.all()) if obj.pk else "–"

    def get_fieldsets(self, request: HttpRequest, obj=None):
        rolle = False
        if obj is not None and obj.pk is not None:
            rollen = request.__dict__.setdefault("_konten_rolle", {})
            if obj.pk not in rollen:
                rollen[obj.pk] = konten.ist_rolle(obj)
            rolle = rollen[obj.pk]
        rechte = "permissions"
        if rolle or not request.user.is_superuser:
            rechte = "rechte"
        optionen = {"fields": ["name", rechte]}
        if rolle:
            optionen["description"] = konten.rolle_erklaerung()
        elif not request.user.is_superuser:
            optionen["description"] = gettext(
                "Die Rechte einer Gruppe legt nur eine Administratorin oder ein Administrator fest."
            )
        fieldsets = [(None, optionen)]
        if obj is not None and self.has_change_permission(request, obj):
            optionen["fields"].append(STAND_FELD)
        return fieldsets

    def darf_aendern(self, handelnder, obj) -> bool:
        return konten.darf_gruppe_aendern(handelnder, obj)

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if change and not form.has_changed():
            return
        konten.gruppe_speichern(
            obj,
            handelnder=request.user,
            felder=[f for f in form.changed_data if f == "name"] if change else None,
            rechte=_m2m(form, "permissions"),
            geoeffnet=form.geoeffnet if change else None,
        )

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request: HttpRequest, obj) -> None:
        konten.gruppe_loeschen(obj, handelnder=request.user)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        gruppen = list(queryset)
        if not all(konten.darf_gruppe_aendern(request.user, g) for g in gruppen):
            raise PermissionDenied  # checked before any is deleted
        for gruppe in gruppen:
            konten.gruppe_loeschen(gruppe, handelnder=request.user)


def registrieren(site: admin.AdminSite) -> None:
    """Replace Django's User and Group admins on ``site`` with the ones above."""
    for modell, admin_klasse in ((User, PersonAdmin), (Group, GruppenAdmin)):
        if site.is_registered(modell):
            site.unregister(modell)
        site.register(modell, admin_klasse)
