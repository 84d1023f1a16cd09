"""One demo login per role. The names are fictitious."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group, Permission

from aktionsplan.models import Raum, Zustaendigkeit
from aktionsplan.rollen import DATENPFLEGE, LESEN, REDAKTION, rollen_einrichten

DEMO_PASSWORT = "Demo-Passwort-2026"

# (username, Vorname, Nachname, Rolle)
BENUTZER = [
    ("lesen", "Paul", "Beispielmann", LESEN),
    ("redaktion", "Maria", "Musterfrau", REDAKTION),
    ("datenpflege", "Tobias", "Testmann", DATENPFLEGE),
]


# The logins of the region demo (`manage.py demo --region`), with the Kommune their role holds
# for (slug; None: the whole region).
ESCHWEILER_REDAKTION = "eschweiler-redaktion"
REGION_LESEN = "region-lesen"
REGION_BENUTZER = [
    (ESCHWEILER_REDAKTION, "Jana", "Probefrau", REDAKTION),
    (REGION_LESEN, "Erik", "Einfallslos", LESEN),
]
REGION_ZUSTAENDIGKEIT = {ESCHWEILER_REDAKTION: "eschweiler", REGION_LESEN: None}


def benutzer_laden(
    liste: list[tuple[str, str, str, str]] | None = None,
) -> dict[str, AbstractUser]:
    """Create the demo users (``liste``: as ``BENUTZER``, the default); the password is set only
    on creation, so a re-run keeps its hash."""
    liste = BENUTZER if liste is None else liste
    rollen_einrichten(Group=Group, Permission=Permission)
    user_model = get_user_model()
    gruppen = {g.name: g for g in Group.objects.filter(name__in=[b[3] for b in liste])}
    benutzer = {}
    for username, vorname, nachname, rolle in liste:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(
                username=username,
                first_name=vorname,
                last_name=nachname,
                email=f"{username}@example.org",
                is_staff=rolle == DATENPFLEGE,
            )
            user.set_password(DEMO_PASSWORT)
            user.full_clean()
            user.save()
        user.groups.set([gruppen[rolle]])
        benutzer[username] = user
    return benutzer


def zustaendigkeiten_laden(benutzer: dict[str, AbstractUser], *, kommune: Raum) -> None:
    """The demo users' roles hold for ``kommune`` (Stolberg), as they would after a second
    Kommune joins the installation (aktionsplan.bereich). Stolberg is named, not taken as the
    installation's own Kommune: in the region demo that rule picks Aachen (lowest key)."""
    for user in benutzer.values():
        Zustaendigkeit.objects.get_or_create(nutzer=user, kommune=kommune)


def region_benutzer_laden() -> dict[str, AbstractUser]:
    """The logins of the region demo: an editor for Eschweiler only and a reader for the whole
    region (a membership without a Kommune). Only these memberships: a second run changes
    nothing, and one given by hand in the admin is left."""
    benutzer = benutzer_laden(REGION_BENUTZER)
    for username, slug in REGION_ZUSTAENDIGKEIT.items():
        kommune = None if slug is None else Raum.objects.get(slug=slug, ebene=Raum.Ebene.KOMMUNE)
        Zustaendigkeit.objects.get_or_create(nutzer=benutzer[username], kommune=kommune)
    return benutzer
