"""How people are named on pages, in histories, exports and e-mails."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Concat

# The fields a search for a person looks at: the full name as anzeigename shows it ("Petra Plan"
# finds Petra Plan, so do "petra" and "plan") and the user name. "vollname" is the alias that
# durchsuchbar() adds.
PERSONEN_SUCHFELDER = ("vollname", "username")


def anzeigename(nutzer: AbstractBaseUser | None) -> str:
    """Full name, else the user name; "" for no user (callers choose their own placeholder)."""
    if nutzer is None:
        return ""
    return nutzer.get_full_name() or nutzer.get_username()


def durchsuchbar(personen: QuerySet) -> QuerySet:
    """``personen`` (users) with the alias ``vollname``, "first last", for PERSONEN_SUCHFELDER."""
    return personen.alias(
        vollname=Concat("first_name", Value(" "), "last_name", output_field=CharField())
    )
