"""Login throttling (django-axes): after ANMELDUNG_MAX_FEHLVERSUCHE failures for one user name
from one address, that pair is locked for ANMELDUNG_SPERRE_MINUTEN — and only that pair."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, override_settings

from tests.factories import UserFactory

PASSWORT = "geheim-passwort-123"
BUERO = "10.20.30.40"
ANGREIFER = "198.51.100.7"
PROXY = "127.0.0.1"


@pytest.fixture
def kim(db):
    return UserFactory(username="kim")


@pytest.fixture
def lea(db):
    return UserFactory(username="lea")


def _anmelden(client: Client, benutzername: str, passwort: str, **meta: str):
    return client.post("/konto/anmelden/", {"username": benutzername, "password": passwort}, **meta)


def _angemeldet(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _fehlversuche(benutzername: str, anzahl: int, **meta: str):
    """``anzahl`` failed logins; the ones below the limit get the form with its error, the one
    that reaches the limit already gets the lockout page. Returns the last answer."""
    client = Client()
    for nummer in range(1, anzahl + 1):
        antwort = _anmelden(client, benutzername, "falsch", **meta)
        assert antwort.status_code == (429 if nummer >= settings.AXES_FAILURE_LIMIT else 200)
    return antwort


def test_die_grenze_ist_fuenf_fehlversuche():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_nach_fuenf_fehlversuchen_gesperrt_auch_mit_richtigem_passwort(kim):
    fuenfter = _fehlversuche("kim", 5, REMOTE_ADDR=BUERO)
    assert "Anmeldung vorübergehend gesperrt" in fuenfter.content.decode()
    client = Client()
    antwort = _anmelden(client, "kim", PASSWORT, REMOTE_ADDR=BUERO)
    assert antwort.status_code == 429
    assert antwort["Retry-After"] == "900"
    inhalt = antwort.content.decode()
    assert '<h1 class="kern-heading-large">Anmeldung vorübergehend gesperrt</h1>' in inhalt
    assert "5 Mal hintereinander fehlgeschlagen" in inhalt
    assert "für 15 Minuten gesperrt" in inhalt
    assert "wenden Sie sich an die Datenpflege" in inhalt
    assert not _angemeldet(client)


def test_vier_fehlversuche_sperren_nicht_und_der_erfolg_setzt_zurueck(kim):
    _fehlversuche("kim", 4, REMOTE_ADDR=BUERO)
    client = Client()
    assert _anmelden(client, "kim", PASSWORT, REMOTE_ADDR=BUERO).status_code == 302
    assert _angemeldet(client)
    # The count starts again: four more failures still do not lock.
    _fehlversuche("kim", 4, REMOTE_ADDR=BUERO)
    assert _anmelden(Client(), "kim", PASSWORT, REMOTE_ADDR=BUERO).status_code == 302


def test_von_einer_anderen_adresse_geht_es_weiter(kim):
    _fehlversuche("kim", 5, REMOTE_ADDR=ANGREIFER)
    client = Client()
    assert _anmelden(client, "kim", PASSWORT, REMOTE_ADDR=BUERO).status_code == 302
    assert _angemeldet(client)


def test_eine_andere_person_von_derselben_adresse_kommt_hinein(kim, lea):
    _fehlversuche("kim", 5, REMOTE_ADDR=BUERO)
    client = Client()
    assert _anmelden(client, "lea", PASSWORT, REMOTE_ADDR=BUERO).status_code == 302
    assert _angemeldet(client)


def test_nach_der_sperrzeit_geht_es_wieder(kim):
    _fehlversuche("kim", 5, REMOTE_ADDR=BUERO)
    assert _anmelden(Client(), "kim", PASSWORT, REMOTE_ADDR=BUERO).status_code == 429
    # The failures lie longer than the cool-off time back (AXES_COOLOFF_TIME).
    vorbei = settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1)
    for versuch in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=versuch.pk).update(
            attempt_time=versuch.attempt_time - vorbei
        )
    client = Client()
    assert _anmelden(client, "kim", PASSWORT, REMOTE_ADDR=BUERO).status_code == 302
    assert _angemeldet(client)


def test_fehlversuche_landen_in_der_datenbank_die_alle_app_server_teilen(kim):
    _fehlversuche("kim", 2, REMOTE_ADDR=BUERO)
    versuch = AccessAttempt.objects.get()
    assert (versuch.username, versuch.ip_address, versuch.failures_since_start) == (
        "kim",
        BUERO,
        2,
    )


# Behind one proxy (PROXY_ANZAHL=1): the values the settings derive from it (checked in
# tests/betrieb/test_einstellungen_betrieb.py, test_hinter_dem_proxy_...).
HINTER_EINEM_PROXY = {
    "AXES_IPWARE_META_PRECEDENCE_ORDER": ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
    "AXES_IPWARE_PROXY_COUNT": 0,
    "IPWARE_STRICT": False,
}


@override_settings(**HINTER_EINEM_PROXY)
def test_hinter_dem_proxy_sperrt_die_adresse_des_angreifers_nicht_die_gefaelschte(kim):
    # The attacker writes the office's address into X-Forwarded-For; the proxy appends the
    # address it really saw. Only the right-most entry counts.
    gefaelscht = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{BUERO}, {ANGREIFER}"}
    _fehlversuche("kim", 5, **gefaelscht)
    assert AccessAttempt.objects.get().ip_address == ANGREIFER
    assert _anmelden(Client(), "kim", PASSWORT, **gefaelscht).status_code == 429
    # The inclusion officer in the office is not locked out.
    client = Client()
    buero = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": BUERO}
    assert _anmelden(client, "kim", PASSWORT, **buero).status_code == 302
    assert _angemeldet(client)


@pytest.mark.parametrize("pfad", ["/konto/anmelden/", "/admin/login/"])
@pytest.mark.parametrize("name", ["ä" * 150, "x" * 300, "ä" * 40_000, "a\x00b"])
def test_ueberlanger_oder_seltsamer_name_ist_ein_fehlversuch(db, pfad, name):
    """A name longer than axes' column (or with NUL) is a failed login with the form's message,
    never a server error (PostgreSQL refused the attempt's row)."""
    client = Client(raise_request_exception=False)
    antwort = client.post(pfad, {"username": name, "password": "falsch"}, REMOTE_ADDR=BUERO)
    assert antwort.status_code == 200
    assert not _angemeldet(client)
    for versuch in AccessAttempt.objects.all():
        assert len(versuch.username or "") <= 255
