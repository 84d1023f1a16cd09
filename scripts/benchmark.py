#!/usr/bin/env python
"""Load benchmark: the staff pages under realistic load on PostgreSQL behind gunicorn.

    .venv/bin/python scripts/benchmark.py [--massnahmen 600] [--sekunden 20] [--parallel 4]

Builds a fresh PostgreSQL database (default `aktionsplan_bench` on 127.0.0.1), loads the Stolberg
demo data, scales it up (many plans with measures, years of status reports, milestones, values per
Sozialraum), starts gunicorn on 127.0.0.1 with production settings, logs in as the Lesen demo user
and requests each page from several threads for a bounded time. Prints median, 95th percentile
and throughput per page. Traffic goes only to 127.0.0.1; every loop is bounded in count and time.
"""

import argparse
import datetime
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from decimal import Decimal
from pathlib import Path

BASIS = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"

SEITEN = [
    "/",
    "/massnahmen/",
    "/massnahmen/?status=in_umsetzung&sort=-fortschritt",
    "/massnahmen/?page=3",
    "/massnahmen/{projekt}/",
    "/massnahmen/export/?format=csv",
    "/themen/",
    "/themen/{thema}/",
    "/raeume/",
    "/raeume/{raum}/",
    "/akteure/",
    "/monitoring/indikatoren/",
    "/monitoring/indikatoren/{indikator}/",
    "/monitoring/raumvergleich/",
    "/monitoring/erkenntnisse/",
    "/monitoring/beteiligung/",
    "/monitoring/jahresbericht/2025/",
]


def umgebung(datenbank_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=datenbank_url,
        SECRET_KEY="benchmark-" + "x" * 40,
        ALLOWED_HOSTS=HOST,
        DEBUG="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="konfiguration.settings",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASIS, env=env, check=True)


def datenbank_neu(name: str) -> None:
    import psycopg2

    verbindung = psycopg2.connect(host=HOST, user="postgres", dbname="postgres")
    verbindung.autocommit = True
    with verbindung.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    verbindung.close()


def daten_skalieren(massnahmen: int) -> dict[str, str]:
    """Add synthetic plans, measures, reports, milestones and values; return sample URL parts."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from akteure.models import Akteur
    from aktionsplan.models import Plan, Raum, Thema
    from monitoring.models import Indikator, Messwert
    from projekte.models import (
        Ampel,
        Meilenstein,
        Projektbeteiligung,
        Projektskizze,
        Sachstand,
        Status,
    )

    themen = list(Thema.objects.all())
    raeume = list(Raum.objects.sozialraeume())
    akteure = list(Akteur.objects.all())
    autor = get_user_model().objects.get(username="redaktion")
    stati = list(Status.values)
    ampeln = list(Ampel.values)
    je_plan = 24
    projekte = []
    for p in range(max(1, massnahmen // je_plan)):
        plan = Plan.objects.create(
            name=f"Lastplan {p}",
            slug=f"lastplan-{p}",
            art=Plan.Art.SONSTIGES,
            beginn=datetime.date(2018, 1, 1),
        )
        projekte += Projektskizze.objects.bulk_create(
            Projektskizze(
                plan=plan,
                nummer=n + 1,
                titel=f"Lastmaßnahme {p}-{n}",
                kurzbeschreibung="Synthetische Maßnahme für den Lasttest.",
                hauptthema=themen[(p + n) % len(themen)],
                beginn=datetime.date(2019, 1, 1),
            )
            for n in range(je_plan)
        )
    durch = Projektskizze.raeume.through
    durch.objects.bulk_create(
        durch(projektskizze_id=projekt.pk, raum_id=raeume[i % len(raeume)].pk)
        for i, projekt in enumerate(projekte)
    )
    Projektbeteiligung.objects.bulk_create(
        Projektbeteiligung(
            projekt=projekt,
            akteur=akteure[i % len(akteure)],
            rolle=Projektbeteiligung.Rolle.FEDERFUEHREND,
        )
        for i, projekt in enumerate(projekte)
    )
    berichte, meilensteine = [], []
    for i, projekt in enumerate(projekte):
        for jahr in range(2019, 2027):
            for monat in (3, 9):
                berichte.append(
                    Sachstand(
                        projekt=projekt,
                        datum=datetime.date(jahr, monat, 1 + i % 27),
                        status=stati[(i + jahr) % len(stati)],
                        ampel=ampeln[(i + monat) % len(ampeln)],
                        fortschritt=(i * 7 + jahr) % 101,
                        text="Sachstand im Lasttest. " * 5,
                        verfasst_von=autor,
                    )
                )
        for m in range(4):
            meilensteine.append(
                Meilenstein(
                    projekt=projekt,
                    titel=f"Meilenstein {m}",
                    faellig_am=datetime.date(2024 + m, 6, 30),
                    erledigt_am=datetime.date(2024, 6, 1) if m == 0 else None,
                )
            )
    Sachstand.objects.bulk_create(berichte, batch_size=2000)
    Meilenstein.objects.bulk_create(meilensteine, batch_size=2000)
    werte = []
    kommune = Raum.objects.kommunen().first()
    for k in range(40):
        indikator = Indikator.objects.create(
            name=f"Lastindikator {k}", einheit="Personen", raeumliche_ebene="sozialraum"
        )
        for jahr in range(2010, 2026):
            werte.append(Messwert(indikator=indikator, jahr=jahr, raum=kommune, wert=500 + k))
            werte += [
                Messwert(
                    indikator=indikator, jahr=jahr, raum=raum, wert=Decimal((k + r + jahr) % 60)
                )
                for r, raum in enumerate(raeume)
            ]
    Messwert.objects.bulk_create(werte, batch_size=5000)
    return {
        "projekt": str(projekte[len(projekte) // 2].pk),
        "thema": themen[0].slug,
        "raum": raeume[0].slug,
        "indikator": str(Indikator.objects.order_by("pk").first().pk),
    }


def anmelden(basis: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    seite = opener.open(f"{basis}/konto/anmelden/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', seite).group(1)
    daten = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "lesen", "password": "Demo-Passwort-2026"}
    ).encode()
    anfrage = urllib.request.Request(
        f"{basis}/konto/anmelden/", data=daten, headers={"Referer": f"{basis}/konto/anmelden/"}
    )
    opener.open(anfrage, timeout=30).read()
    if not any(c.name == "sessionid" for c in jar):
        raise SystemExit("Anmeldung als 'lesen' fehlgeschlagen")
    return opener


def last(basis: str, urls: list[str], sekunden: float, parallel: int) -> dict[str, list[float]]:
    zeiten: dict[str, list[float]] = {url: [] for url in urls}
    fehler: list[str] = []
    ende = time.monotonic() + sekunden
    sperre = threading.Lock()

    def arbeiter(nummer: int) -> None:
        opener = anmelden(basis)
        i = nummer
        for _ in range(100_000):  # bounded, and bounded by time below
            if time.monotonic() >= ende:
                return
            url = urls[i % len(urls)]
            i += 1
            start = time.perf_counter()
            try:
                with opener.open(basis + url, timeout=30) as antwort:
                    antwort.read()
                    status = antwort.status
            except Exception as exc:
                with sperre:
                    fehler.append(f"{url}: {exc}")
                continue
            dauer = time.perf_counter() - start
            with sperre:
                if status == 200:
                    zeiten[url].append(dauer)
                else:
                    fehler.append(f"{url}: HTTP {status}")

    threads = [threading.Thread(target=arbeiter, args=(n,)) for n in range(parallel)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if fehler:
        print(f"{len(fehler)} Fehler, z. B.: {fehler[:3]}")
    return zeiten


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--massnahmen", type=int, default=600)
    parser.add_argument("--sekunden", type=float, default=20)
    parser.add_argument("--parallel", type=int, default=4)
    parser.add_argument("--worker", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--datenbank", default="aktionsplan_bench")
    args = parser.parse_args()

    datenbank_neu(args.datenbank)
    env = umgebung(f"postgres://postgres@{HOST}:5432/{args.datenbank}")
    os.environ.update(env)
    sys.path.insert(0, str(BASIS))
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "demo", "--erzwingen")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    teile = daten_skalieren(args.massnahmen)
    urls = [url.format(**teile) for url in SEITEN]

    basis = f"http://{HOST}:{args.port}"
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "konfiguration.wsgi",
            "--bind",
            f"{HOST}:{args.port}",
            "--workers",
            str(args.worker),
            "--log-level",
            "warning",
        ],
        cwd=BASIS,
        env=env,
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{basis}/barrierefreiheit/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        last(basis, urls, 3, 1)  # warm-up
        zeiten = last(basis, urls, args.sekunden, args.parallel)
    finally:
        server.terminate()
        server.wait(timeout=30)

    gesamt = sum(len(z) for z in zeiten.values())
    print(
        f"\n{args.massnahmen} synthetische Maßnahmen zusätzlich zur Demo, "
        f"{args.parallel} parallele Clients, {args.worker} gunicorn-Worker, {args.sekunden:.0f} s: "
        f"{gesamt} Anfragen, {gesamt / args.sekunden:.1f} Anfragen/s"
    )
    print(f"{'Seite':58} {'n':>5} {'Median ms':>10} {'p95 ms':>8}")
    for url, liste in zeiten.items():
        if not liste:
            print(f"{url:58} {0:>5} {'–':>10} {'–':>8}")
            continue
        liste.sort()
        p95 = liste[min(len(liste) - 1, int(len(liste) * 0.95))]
        print(
            f"{url:58} {len(liste):>5} {statistics.median(liste) * 1000:>10.0f} {p95 * 1000:>8.0f}"
        )


if __name__ == "__main__":
    main()
