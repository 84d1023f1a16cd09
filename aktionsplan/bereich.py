"""Which Kommunen a person sees: the one rule behind ``BasisQuerySet.fuer`` (issue 12, point 1).

An installation can serve several Kommunen of a region (e.g. the StädteRegion Aachen). Every
owned row reaches its Kommune (a ``Raum`` of the level Kommune) through the path its queryset
declares (``kommune_pfad``); rows without a Kommune (UN-BRK articles, target groups, actor types,
indicator definitions, regional actors and their data sources, the region's values) are shared.

The rule (``sichtbare_kommunen``):

* an installation with at most one Kommune: everything, exactly as before the region (no query:
  the pks of the Kommunen are cached with the own Kommune's name, ``aktionsplan.kommune``);
* anonymous visitors: everything the public pages show, of all Kommunen; the public pages of an
  installation with several Kommunen read as an ``OeffentlicherLeser`` instead: one Kommune's
  rows under its prefix ``/oeffentlich/<slug>/``, only the shared rows outside it
  (``aktionsplan.oeffentliche_kommune``);
* superusers and people with a membership for the whole region (``Zustaendigkeit`` without a
  Kommune): everything;
* everyone else: the rows of the Kommunen of their memberships, plus the shared rows; without a
  membership only the shared rows.

The roles (groups Lesen, Redaktion, Datenpflege) say what a person may do; the memberships say
where. A person's memberships are read once (kept on the user object) and travel with the user
cached by ``aktionsplan.benutzerspeicher``, which any write of a membership invalidates: a page
of a region costs no query for them, and a membership taken away holds from the next request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.db.models import Case, When
from django.utils.translation import gettext as _

from aktionsplan.rollen import darf_lesen

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# None: all rows; else the pks of the Kommunen whose rows (plus the shared ones) are seen.
Bereich = frozenset[int] | None

_ZWISCHENSPEICHER = "_bereich_kommunen"
# The own Kommune's name (aktionsplan.kommune) and pk, name and slug of all Kommunen, the own one
# first:
# stored together from one query whenever a Kommune is written (aktionsplan.apps).
KOMMUNENNAME = "aktionsplan:kommunenname"
# v2: (pk, name, slug); the key changed with the shape, so no entry of the old shape is read.
KOMMUNEN = "aktionsplan:kommunen:v2"
KOMMUNEN_VORLAEUFIG = "aktionsplan:kommunen:vorlaeufig"
# The name of the region all Kommunen lie in ("" when they are not all under one area of the level
# "Region"), stored with them: the frame of the pages of an installation with several Kommunen.
REGIONSNAME = "aktionsplan:regionsname"
# Seconds; as aktionsplan.zwischenspeicher.DAUER (a write of a Kommune refreshes it anyway).
DAUER = 60 * 60


def _in_offener_transaktion() -> bool:
    """Whether the code runs inside a transaction of its own that may still be rolled back (the
    atomic blocks of Django's test cases do not count: they never commit)."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def kommunen_auffrischen() -> list[tuple[int, str, str]]:
    """Read the Kommunen, the own one first (the rule of ``RaumQuerySet.eigene_kommune``), in
    one query; store them (pk, name and slug: the prefix of their public pages) and the own
    one's name ("" while there is none) in the cache. Read inside an open transaction, the
    entry is marked provisional: should that transaction be rolled back (a Kommune created by
    a failed import), the next reader outside it reads the Kommunen again instead of trusting
    a Kommune that does not exist."""
    return _auffrischen()[0]


def _auffrischen() -> tuple[list[tuple[int, str, str]], str]:
    """The Kommunen (as ``kommunen_auffrischen``) and the name of their region (as
    ``regionsname``), read in one query and stored."""
    raum = apps.get_model("aktionsplan", "Raum")
    gelesen = list(
        raum.objects.filter(ebene="kommune")
        # The rule of RaumQuerySet.kommunen_eigene_zuerst: those with an official key first,
        # each in the order they were created (ordering by the key put Aachen, 05334002, before
        # Stolberg, the region demo's own Kommune).
        .order_by(Case(When(amtlicher_schluessel__isnull=True, then=1), default=0), "pk")
        .values_list(
            "pk", "name", "slug", "uebergeordnet_id", "uebergeordnet__ebene", "uebergeordnet__name"
        )
    )
    zeilen = [(pk, name, slug) for pk, name, slug, *_oben in gelesen]
    oben = {(oben_id, ebene, name) for *_k, oben_id, ebene, name in gelesen}
    region = ""
    if len(zeilen) > 1 and len(oben) == 1:
        oben_id, ebene, name = next(iter(oben))
        region = name if oben_id is not None and ebene == "region" else ""
    cache.set_many(
        {
            KOMMUNENNAME: zeilen[0][1] if zeilen else "",
            KOMMUNEN: tuple(zeilen),
            REGIONSNAME: region,
            KOMMUNEN_VORLAEUFIG: _in_offener_transaktion(),
        },
        timeout=DAUER,
    )
    return zeilen, region


def kommunen() -> tuple[tuple[int, str, str], ...]:
    """(pk, name, slug) of all Kommunen, the own one first. No query while the cache holds them (one
    cache round trip); else, or when they were stored by a transaction not known to have
    committed, one (which stores the own Kommune's name too)."""
    werte = cache.get_many([KOMMUNEN, KOMMUNEN_VORLAEUFIG])
    zeilen = werte.get(KOMMUNEN)
    if zeilen is None or (werte.get(KOMMUNEN_VORLAEUFIG) and not _in_offener_transaktion()):
        zeilen = kommunen_auffrischen()
    return tuple(zeilen)


def kommunen_ids() -> tuple[int, ...]:
    """The pks of all Kommunen, the own one first (no query while cached)."""
    return tuple(zeile[0] for zeile in kommunen())


def eigene_kommune_name(nutzer) -> str | None:
    """The name of the one Kommune ``nutzer``'s roles hold for, when there is exactly one in an
    installation with several (the page frame names it instead of the installation's own
    Kommune); else None. No query beyond the memoised memberships."""
    bereich = sichtbare_kommunen(nutzer)
    if bereich is None or len(bereich) != 1:
        return None
    (pk,) = bereich
    return {zeile[0]: zeile[1] for zeile in kommunen()}.get(pk)


def einzige_kommune() -> int | None:
    """The pk of the installation's Kommune when it has exactly one, else None (no query while
    the cache holds the Kommunen)."""
    ids = kommunen_ids()
    return ids[0] if len(ids) == 1 else None


def regionsname() -> str:
    """The name of the area of the level "Region" all Kommunen of an installation with several
    lie in (e.g. "StädteRegion Aachen"), else "". No query while the cache holds it (stored with
    the Kommunen whenever a Kommune is written); else one."""
    name = cache.get(REGIONSNAME)
    if name is None:
        name = _auffrischen()[1]
    return name


def mehrere_kommunen() -> bool:
    """Whether the installation serves more than one Kommune (no query while cached)."""
    return len(kommunen_ids()) > 1


@dataclass(frozen=True)
class OeffentlicherLeser:
    """The reader of the public pages of an installation with several Kommunen: sees the rows of
    ``kommunen`` (one Kommune under its public prefix, none outside it) and the shared rows, and
    only what the public pages show of them (they filter what is public themselves). Passed
    wherever the public views pass a reader to ``fuer``; never logged in, holds no role."""

    kommunen: frozenset[int]
    is_authenticated = False
    is_superuser = False
    is_staff = False
    is_active = False
    pk = None

    def has_perm(self, perm: str, obj: object = None) -> bool:
        """No permission: the public reader holds no role."""
        return False


def sichtbare_kommunen(
    nutzer: AbstractBaseUser | AnonymousUser | OeffentlicherLeser | None,
) -> Bereich:
    """The Kommunen whose rows ``nutzer`` sees (shared rows always), None for all (module
    docstring). At most one query per user object: the memberships, and only in an
    installation with several Kommunen (none for the cached user of a request, which carries
    them: ``aktionsplan.benutzerspeicher``)."""
    if isinstance(nutzer, OeffentlicherLeser):
        return nutzer.kommunen
    if nutzer is None or not nutzer.is_authenticated:
        return None  # public pages: all Kommunen (they show only what is public)
    if nutzer.is_superuser:
        return None
    if hasattr(nutzer, _ZWISCHENSPEICHER):
        return getattr(nutzer, _ZWISCHENSPEICHER)
    if not mehrere_kommunen():
        return None  # not memoised: a second Kommune may appear during the request (tests)
    zustaendigkeit = apps.get_model("aktionsplan", "Zustaendigkeit")
    ids = list(
        zustaendigkeit.objects.filter(nutzer_id=nutzer.pk).values_list("kommune_id", flat=True)
    )
    bereich = None if None in ids else frozenset(ids)
    setattr(nutzer, _ZWISCHENSPEICHER, bereich)
    return bereich


def bereichsschluessel(nutzer: AbstractBaseUser | AnonymousUser | None) -> str:
    """What ``fuer(nutzer)`` lets through, as a short key for cached aggregates: "alle" when all
    rows, else "k" and the sorted pks of the Kommunen ("k" alone: only shared rows)."""
    bereich = sichtbare_kommunen(nutzer)
    if bereich is None:
        return "alle"
    return "k" + ",".join(str(pk) for pk in sorted(bereich))


def bereich_filtern(qs: models.QuerySet, nutzer) -> models.QuerySet:
    """``qs`` limited to the rows ``nutzer`` sees by the path its class declares
    (``kommune_pfad``; None: rows shared by the region, never limited)."""
    pfad = getattr(qs, "kommune_pfad", None)
    if pfad is None:
        return qs.all()
    bereich = sichtbare_kommunen(nutzer)
    if bereich is None:
        return qs.all()
    return qs.filter(
        models.Q(**{f"{pfad}__in": sorted(bereich)}) | models.Q(**{f"{pfad}__isnull": True})
    )


def auf_kommune_begrenzen(qs: models.QuerySet, kommune_id: int | None) -> models.QuerySet:
    """``qs`` limited to the rows of one Kommune plus the shared rows (the yearly report of a
    Kommune in a region: ``monitoring.jahresbericht``). No-op (and no query) for ``kommune_id``
    None, for a queryset of shared rows and in an installation with one Kommune."""
    pfad = getattr(qs, "kommune_pfad", None)
    if kommune_id is None or pfad is None or not mehrere_kommunen():
        return qs
    return qs.filter(models.Q(**{pfad: kommune_id}) | models.Q(**{f"{pfad}__isnull": True}))


def personen_filtern(qs: models.QuerySet, nutzer) -> models.QuerySet:
    """The accounts (a queryset of the user model) ``nutzer`` sees and manages in the admin:
    all for people who see all rows (``sichtbare_kommunen`` None: one Kommune, the whole
    region, superusers); else the accounts with a membership in one of ``nutzer``'s Kommunen,
    and the accounts without any membership yet (an account just created has none until it is
    given one on its change page; until then it sees only the shared rows). Accounts of other
    Kommunen and of the whole region stay hidden. No query of its own."""
    bereich = sichtbare_kommunen(nutzer)
    if bereich is None:
        return qs.all()
    zustaendigkeiten = apps.get_model("aktionsplan", "Zustaendigkeit").objects.filter(
        nutzer=models.OuterRef("pk")
    )
    return qs.filter(
        models.Exists(zustaendigkeiten.filter(kommune__in=sorted(bereich)))
        | ~models.Exists(zustaendigkeiten)
    )


def darf_person_sehen(nutzer, person_id: int | None) -> bool:
    """Whether the account ``person_id`` is one ``nutzer`` manages (``personen_filtern``; a new
    account always). No query for people who see all; else one."""
    if person_id is None or sichtbare_kommunen(nutzer) is None:
        return True
    benutzer = apps.get_model(settings.AUTH_USER_MODEL)
    return personen_filtern(benutzer._base_manager.filter(pk=person_id), nutzer).exists()


def im_bereich(kommune_id: int | None, nutzer) -> bool:
    """Whether a row owned by the Kommune ``kommune_id`` (None: shared) is one ``nutzer`` sees,
    for rows read whole on purpose and limited in Python: the protection of small numbers needs
    the complete groups of all Kommunen (``monitoring.schutz``), the reader sees only theirs.
    No query beyond the memoised memberships."""
    bereich = sichtbare_kommunen(nutzer)
    return bereich is None or kommune_id is None or kommune_id in bereich


def kommune_von(objekt: models.Model) -> int | None:
    """The pk of the Kommune owning ``objekt`` along its queryset's ``kommune_pfad`` (None:
    shared, or a model without a path). Follows loaded relations; one query per relation that
    is not loaded."""
    pfad = getattr(type(objekt)._default_manager.get_queryset(), "kommune_pfad", None)
    if pfad is None:
        return None
    *wege, letzter = pfad.split("__")
    ziel = objekt
    for weg in wege:
        if getattr(ziel, f"{weg}_id", None) is None:
            return None
        ziel = getattr(ziel, weg)
    if letzter == "kommune" and ziel is objekt and type(objekt).__name__ == "Raum":
        return objekt.kommune_bestimmen()
    return getattr(ziel, f"{letzter}_id", None)


def darf_kommune(nutzer, kommune_id: int | None) -> bool:
    """Whether ``nutzer`` may write a row owned by the Kommune ``kommune_id`` (None: a row shared
    by the region, which only people for the whole region may write once there are several
    Kommunen)."""
    bereich = sichtbare_kommunen(nutzer)
    if bereich is None:
        return True
    return kommune_id is not None and kommune_id in bereich


def _verweigern() -> PermissionDenied:
    return PermissionDenied(
        _(
            "Sie dürfen diesen Eintrag nicht speichern oder löschen: er gehört nicht zu einer "
            "Kommune, für die Sie zuständig sind."
        )
    )


def _hat_pfad(objekt: models.Model) -> bool:
    return getattr(type(objekt)._default_manager.get_queryset(), "kommune_pfad", None) is not None


def ist_geteilt(modell: type[models.Model]) -> bool:
    """Whether ``modell``'s rows are shared by the whole region (its queryset says
    ``geteilt = True``: UN-BRK articles, target groups, actor types, indicators, assessment
    scales, the accessibility statement)."""
    return bool(getattr(modell._default_manager.get_queryset(), "geteilt", False))


def darf_geteilte_schreiben(nutzer) -> bool:
    """Whether ``nutzer`` may write rows shared by the region and create Kommunen: in an
    installation with several Kommunen only people who see them all (a membership for the
    whole region, or superusers); with one Kommune everyone whose role allows it. No query
    beyond the memoised memberships."""
    return nutzer is None or sichtbare_kommunen(nutzer) is None


def _geteilte_verweigern() -> PermissionDenied:
    return PermissionDenied(
        _(
            "Diesen Eintrag teilen alle Kommunen der Region: ihn ändern, anlegen oder löschen "
            "nur Personen, die für die ganze Region zuständig sind."
        )
    )


def vor_dem_schreiben(objekt: models.Model, nutzer) -> None:
    """The write path's check before a save or delete of ``objekt`` by ``nutzer`` (defence in
    depth: forms offer only the rows ``nutzer`` sees, other rows answer 404). A new row without a
    Kommune gets the person's Kommune when they have exactly one; a stored row must belong to
    one of the person's Kommunen as it is stored now (one query).

    Raises ``PermissionDenied`` with a German message. Nothing to do (and no query) in an
    installation with one Kommune, for people who see all, and without ``nutzer`` (commands).
    """
    bereich = None if nutzer is None else sichtbare_kommunen(nutzer)
    if bereich is None:
        return
    if ist_geteilt(type(objekt)):
        # A row every Kommune uses (its measures hang off it): not for one Kommune's staff.
        raise _geteilte_verweigern()
    if not _hat_pfad(objekt):
        return
    if (
        type(objekt).__name__ == "Raum"
        and getattr(objekt, "ebene", None) in ("kommune", "region")
        and (objekt._state.adding or objekt.pk is None)
    ):
        # A new Kommune (or region) would belong to none of the person's Kommunen: it would
        # vanish from their view the moment it is saved (QA 2026-11-30, L1).
        raise _geteilte_verweigern()
    if objekt._state.adding or objekt.pk is None:
        if (geteilt := getattr(objekt, "ohne_kommune_geteilt", None)) is not None and geteilt():
            # Shared by its nature (a regional actor): not made one Kommune's below
            # (QA 2026-11-30, F8: a Stolberg "StädteRegion" actor).
            raise _geteilte_verweigern()
        if (
            hasattr(objekt, "kommune_id")
            and objekt.kommune_id is None
            and len(bereich) == 1
            and type(objekt).__name__ != "Raum"
        ):
            objekt.kommune_id = next(iter(bereich))
        return
    gespeichert = type(objekt)._base_manager.filter(pk=objekt.pk).first()
    if gespeichert is not None and not darf_kommune(nutzer, kommune_von(gespeichert)):
        raise _verweigern()


def personen_zur_auswahl(qs: models.QuerySet, nutzer) -> models.QuerySet:
    """The people (``User`` rows) ``nutzer`` is offered in choices and filters (a measure's
    responsible person, the change log's person): in a region, those with a membership for one
    of ``nutzer``'s Kommunen, and ``nutzer``; everyone for people who see all Kommunen and in
    an installation with one Kommune. No query of its own (an EXISTS in the choices' query)."""
    bereich = sichtbare_kommunen(nutzer)
    if bereich is None:
        return qs
    zustaendigkeit = apps.get_model("aktionsplan", "Zustaendigkeit")
    return qs.filter(
        models.Q(pk=nutzer.pk)
        | models.Exists(
            zustaendigkeit.objects.filter(
                nutzer_id=models.OuterRef("pk"), kommune_id__in=sorted(bereich)
            )
        )
    )


def aufgaben_filtern(qs: models.QuerySet, nutzer) -> models.QuerySet:
    """The background tasks (``aufgaben.Aufgabe``) a person with the right to see every task
    sees in a region: all when they see every Kommune; else their own and those of people whose
    memberships all lie within their Kommunen (an import or report of another Kommune names its
    rows and files). Registered as ``aufgaben.models.BEREICH`` (aktionsplan.apps): the task app
    sits below the domain and knows no Kommunen. No query of its own."""
    bereich = sichtbare_kommunen(nutzer)
    if bereich is None:
        return qs
    zustaendigkeit = apps.get_model("aktionsplan", "Zustaendigkeit")
    eigene = zustaendigkeit.objects.filter(
        nutzer_id=models.OuterRef("gestartet_von_id"), kommune_id__in=sorted(bereich)
    )
    fremde = zustaendigkeit.objects.filter(nutzer_id=models.OuterRef("gestartet_von_id")).filter(
        models.Q(kommune__isnull=True) | ~models.Q(kommune_id__in=sorted(bereich))
    )
    return qs.filter(
        models.Q(gestartet_von_id=nutzer.pk) | (models.Exists(eigene) & ~models.Exists(fremde))
    )


def nach_dem_schreiben(objekt: models.Model, nutzer) -> None:
    """The write path's check after ``objekt`` was saved (in the same transaction, which the
    refusal rolls back): its Kommune, as derived on save, is one of ``nutzer``'s.

    Raises ``PermissionDenied`` with a German message; nothing to do as ``vor_dem_schreiben``.
    """
    bereich = None if nutzer is None else sichtbare_kommunen(nutzer)
    if bereich is None or not _hat_pfad(objekt):
        return
    if not darf_kommune(nutzer, kommune_von(objekt)):
        raise _verweigern()


def regionsrolle(nutzer: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Whether ``nutzer`` holds the region role (issue 12, point 2): an installation with several
    Kommunen, a role (Lesen, Redaktion or Datenpflege), and memberships for the whole region or
    for more than one Kommune (superusers too). No query beyond the memoised memberships and the
    cached Kommunen; False (and no query) in an installation with one Kommune."""
    if nutzer is None or not nutzer.is_authenticated or not mehrere_kommunen():
        return False
    if not darf_lesen(nutzer):
        return False
    bereich = sichtbare_kommunen(nutzer)
    return bereich is None or len(bereich) > 1


def sichtbare_kommunenliste(nutzer) -> list[tuple[int, str]]:
    """(pk, name) of the Kommunen whose rows ``nutzer`` sees, the own one first, then in the
    order of ``kommunen()``; no query beyond the memoised memberships and the cached Kommunen."""
    bereich = sichtbare_kommunen(nutzer)
    return [(pk, name) for pk, name, _slug in kommunen() if bereich is None or pk in bereich]
