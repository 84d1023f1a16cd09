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


def benutzer_laden() -> dict[str, AbstractUser]:
    """Create the demo users; the password is set only on creation, so a re-run keeps its hash."""
    rollen_einrichten(Group=Group, Permission=Permission)
    user_model = get_user_model()
    gruppen = {g.name: g for g in Group.objects.filter(name__in=[b[3] for b in BENUTZER])}
    benutzer = {}
    for username, vorname, nachname, rolle in BENUTZER:
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
