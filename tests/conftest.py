"""Role fixtures: anonymous, Lesen, Redaktion, Datenpflege — each a logged-in test client.

Hypothesis profiles: "ci" (the default: few examples per target, no deadline, so the suite stays
fast) and "gruendlich" (many examples, for a long run by hand):
`HYPOTHESIS_PROFILE=gruendlich .venv/bin/python -m pytest tests/test_eingaben_robust.py`.
"""

import os

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from aktionsplan.rollen import DATENPFLEGE, LESEN, REDAKTION
from tests.factories import UserFactory

_HYPOTHESIS_GEMEINSAM = {
    "deadline": None,
    # Requests against a database are slow next to pure functions, and long strings are meant.
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
hypothesis_settings.register_profile("ci", max_examples=4, **_HYPOTHESIS_GEMEINSAM)
hypothesis_settings.register_profile("gruendlich", max_examples=300, **_HYPOTHESIS_GEMEINSAM)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _deutsch():
    """Every test starts in German: a request with another Accept-Language leaves its language
    active in the thread (LocaleMiddleware does not reset it), which would leak into later tests."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _leerer_zwischenspeicher():
    """Every test starts with an empty cache (cached aggregates, the data version), which knows
    that the empty test database holds no own Kommune yet (aktionsplan.kommune: the name is
    stored when a Kommune is written, so pages read it without a query)."""
    from django.core.cache import cache

    from aktionsplan.kommune import KOMMUNEN, KOMMUNENNAME, REGIONSNAME

    cache.clear()
    cache.set(KOMMUNENNAME, "")
    cache.set(KOMMUNEN, ())
    cache.set(REGIONSNAME, "")
    yield
    # Also after it: a test case class that loads its data once (setUpTestData) runs before the
    # next test's start, and must not take the Kommunen of a rolled-back test for real ones.
    cache.clear()
    cache.set(KOMMUNENNAME, "")
    cache.set(KOMMUNEN, ())
    cache.set(REGIONSNAME, "")


@pytest.fixture(autouse=True)
def _schreiben_gilt_als_bestaetigt(request, monkeypatch):
    """Tests never commit: a write's ``on_commit`` refresh of the cached Kommunen never runs, so
    every Kommune written by a test's data would stay "provisional" (aktionsplan.bereich) and
    cost the first request a query that production pays once per Kommune write at most. The
    entry is stored as a committed write leaves it. A test that rolls a transaction back itself
    (``@pytest.mark.zurueckrollen``) keeps the real check."""
    if request.node.get_closest_marker("zurueckrollen") is None:
        from aktionsplan import bereich

        monkeypatch.setattr(bereich, "_in_offener_transaktion", lambda: False)


@pytest.fixture
def lesen_user(db):
    return UserFactory(username="lesen", rollen=[LESEN])


@pytest.fixture
def redaktion_user(db):
    return UserFactory(username="redaktion", rollen=[REDAKTION])


@pytest.fixture
def datenpflege_user(db):
    return UserFactory(username="datenpflege", rollen=[DATENPFLEGE])


def _client_fuer(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def anonym_client() -> Client:
    return Client()


@pytest.fixture
def lesen_client(lesen_user) -> Client:
    return _client_fuer(lesen_user)


@pytest.fixture
def redaktion_client(redaktion_user) -> Client:
    return _client_fuer(redaktion_user)


@pytest.fixture
def datenpflege_client(datenpflege_user) -> Client:
    return _client_fuer(datenpflege_user)


ROLLEN_CLIENTS = ("anonym_client", "lesen_client", "redaktion_client", "datenpflege_client")


@pytest.fixture(params=ROLLEN_CLIENTS)
def rollen_client(request):
    """Parametrised over all four roles; `rollen_client.rolle` names the role."""
    client = request.getfixturevalue(request.param)
    client.rolle = request.param.removesuffix("_client")
    return client
