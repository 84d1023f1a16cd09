"""Writes on actors that touch several rows: deleting personal data for good."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from akteure.models import Akteur, Ansprechperson

GELOESCHT = _("(gelöscht)")


def _personendaten_aus_historie_tilgen(ids: list[int]) -> None:
    # The history keeps that, when and by whom a contact person was changed or deleted, but not
    # who the person was (Art. 17 DSGVO: erasure also of copies).
    Ansprechperson.history.filter(id__in=ids).update(
        name=str(GELOESCHT), funktion="", email="", telefon=""
    )


def ansprechpersonen_loeschen(*, personen: Iterable[Ansprechperson]) -> int:
    """Delete contact persons and erase their personal data from the change history too."""
    ids = [person.pk for person in personen]
    with transaction.atomic():
        for person in Ansprechperson.objects.filter(pk__in=ids):
            person.delete()
        _personendaten_aus_historie_tilgen(ids)
    return len(ids)


def akteure_loeschen(*, akteure: Iterable[Akteur]) -> int:
    """Delete actors; their contact persons go with them, without a trace in the history."""
    akteur_ids = [akteur.pk for akteur in akteure]
    with transaction.atomic():
        personen = list(
            Ansprechperson.objects.filter(akteur_id__in=akteur_ids).values_list("pk", flat=True)
        )
        for akteur in Akteur.objects.filter(pk__in=akteur_ids):
            akteur.delete()
        _personendaten_aus_historie_tilgen(personen)
    return len(akteur_ids)


def geloeschte_ansprechpersonen_tilgen(*, ids: Iterable[int]) -> None:
    """For deletions made elsewhere (an inline form in the admin): erase the history's copy."""
    _personendaten_aus_historie_tilgen(list(ids))
