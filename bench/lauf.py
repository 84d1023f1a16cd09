"""Load benchmark: the staff pages at 1×, 10× and 100× the Stolberg demo, on PostgreSQL behind
gunicorn with production settings, under wrk on 127.0.0.1.

    .venv/bin/python -m bench [--stufen 1,10,100] [--peer-massnahmen 4000] [--sekunden 10]
    .venv/bin/python -m bench --region      # the region: 10 Kommunen, ~2,500 measures

``--region`` measures only the region instead (database ``aktionsplan_bench_region``):
``manage.py demo --region`` plus ``bench.daten region``, the same pages as a reader of the whole
region and as an editor of Eschweiler (``REGION_BENUTZER``), report ``bench/ergebnis-region.md``.

Builds one database per scale (``aktionsplan_bench_<N>`` on 127.0.0.1, dropped at the end), serves
each with gunicorn (3 workers, DEBUG off), logs in as ``lesen`` (a session made directly, sent by
wrk as a cookie) and loads each page with ``wrk -t2 -c8 -d10s``. Then: the 4,000-measure set for
the peer comparison, a crawl of every kind of page at 100× with the server's slow-request log,
and two servers on one database compared. Prints a Markdown report and writes it to
``bench/ergebnis.md``. Traffic goes only to 127.0.0.1; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import konsistenz, tabelle
from bench.kriechen import Kriechergebnis, kriechen
from bench.last import Lastparameter, Messung, wrk
from bench.netz import anfrage
from bench.seiten import (
    BODEN,
    HEALTHZ,
    LANGSAM_MS,
    PEER_MASSNAHMEN,
    PEER_SEITEN,
    REGION_BENUTZER,
    REGION_MASSNAHMEN_JE_KOMMUNE,
    REGION_SACHSTAENDE_JE_MASSNAHME,
    REGION_SEITEN,
    SEITEN,
    Seite,
)
from bench.server import (
    BASIS,
    Server,
    daten,
    datenbank_neu,
    datenbank_weg,
    manage,
    statistik,
    umgebung,
)


@dataclass
class Seitenergebnis:
    seite: Seite
    pfad: str
    status: int
    messungen: list[Messung] = field(default_factory=list)
    hinweis: str = ""

    @property
    def gemessen(self) -> bool:
        return bool(self.messungen)

    @property
    def req_s(self) -> float:
        anfragen = sum(m.anfragen for m in self.messungen)
        sekunden = sum(m.sekunden for m in self.messungen)
        return anfragen / sekunden if sekunden else 0.0

    def _mittel(self, attribut: str) -> float:
        return sum(getattr(m, attribut) for m in self.messungen) / len(self.messungen)

    @property
    def p50(self) -> float:
        return self._mittel("p50_ms")

    @property
    def p95(self) -> float:
        return self._mittel("p95_ms")

    @property
    def p99(self) -> float:
        return self._mittel("p99_ms")

    @property
    def kb(self) -> float:
        return self._mittel("kb_je_antwort")

    @property
    def fehler(self) -> int:
        vorab = 0 if self.status == 200 or self.hinweis.startswith("übersprungen") else 1
        return vorab + sum(m.fehler for m in self.messungen)


@dataclass
class Stufe:
    name: str
    faktor: int
    zaehlung: dict
    seiten: dict[str, Seitenergebnis] = field(default_factory=dict)
    rss_max_mb: float = 0.0
    rss_summe_mb: float = 0.0
    worker: int = 0
    benutzer: str = "lesen"

    def boden(self) -> Seitenergebnis | None:
        ergebnis = self.seiten.get(BODEN.schluessel)
        return ergebnis if ergebnis and ergebnis.gemessen else None


@dataclass
class Lauf:
    parameter: Lastparameter
    worker: int
    maschine: dict
    stufen: list[Stufe] = field(default_factory=list)
    peer: Stufe | None = None
    kriechen: Kriechergebnis | None = None
    kriech_stufe: str = ""
    langsam: list[dict] = field(default_factory=list)
    konsistenz: konsistenz.Konsistenz | None = None
    konsistenz_stufe: str = ""
    konsistenz_fehler: str = ""
    dauer_s: float = 0.0
    abbruch: str = ""
    #: The region stage (``--region``): its stages are per user, not per scale.
    region: bool = False


def maschine() -> dict:
    def befehl(*args: str) -> str:
        try:
            return subprocess.run(
                args, capture_output=True, text=True, check=False, cwd=BASIS, timeout=30
            ).stdout.strip()
        except OSError:
            return ""

    cpu = next(
        (
            z.split(":", 1)[1].strip()
            for z in Path("/proc/cpuinfo").read_text().splitlines()
            if z.startswith("model name")
        ),
        platform.processor(),
    )
    speicher = next(
        (
            int(z.split()[1]) / 1024 / 1024
            for z in Path("/proc/meminfo").read_text().splitlines()
            if z.startswith("MemTotal")
        ),
        0.0,
    )
    import django
    import gunicorn

    return {
        "kerne": os.cpu_count(),
        "cpu": cpu,
        "speicher_gib": round(speicher),
        "postgresql": befehl(
            "psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"
        ),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "wrk": (befehl("wrk", "--version").splitlines() or [""])[0].split(" [")[0],
        "commit": befehl("git", "rev-parse", "--short", "HEAD")
        + (
            " (mit lokalen Änderungen)" if befehl("git", "status", "--porcelain", "--", ".") else ""
        ),
        "zweig": befehl("git", "rev-parse", "--abbrev-ref", "HEAD"),
        "datum": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "last_vorher": os.getloadavg()[0],
    }


def _aufwaermen(port: int, pfad: str, keks: str, worker: int) -> None:
    """Two seconds of load first (discarded): every worker has served the page once, its
    templates compiled and its connection open, before the measured run."""
    wrk(port, pfad, keks, Lastparameter(threads=1, verbindungen=worker, sekunden=2))


def _abwarten(port: int, worker: int) -> None:
    """Wait until the requests wrk left behind are done: gunicorn still serves those it had
    accepted when wrk stopped (a slow page: minutes of work). Requests to the floor page queue
    behind them; once a few in a row come back, the workers are free for the next page."""
    for _versuch in range(worker + 1):
        anfrage(port, BODEN.muster, timeout=600)


def _einzeln(port: int, pfad: str, cookies: dict, anzahl: int = 3) -> Messung:
    """A page too slow for wrk's duration: ``anzahl`` requests one after the other (so p50 and
    the growth can still be read; req/s is then that of a single client)."""
    zeiten, bytes_ = [], 0
    for _i in range(anzahl):
        antwort = anfrage(port, pfad, cookies=cookies, timeout=600)
        if antwort.status != 200:
            raise OSError(f"Status {antwort.status}")
        zeiten.append(antwort.sekunden * 1000)
        bytes_ += len(antwort.inhalt)
    zeiten.sort()
    return Messung(
        anfragen=anzahl,
        sekunden=sum(zeiten) / 1000,
        bytes=bytes_,
        nicht_2xx=0,
        status_beispiel=0,
        socketfehler=0,
        p50_ms=zeiten[len(zeiten) // 2],
        p95_ms=zeiten[-1],
        p99_ms=zeiten[-1],
    )


def _healthz_pfad(port: int, cookies: dict) -> tuple[str, int]:
    for pfad in ("/healthz/", "/healthz"):
        status = anfrage(port, pfad, cookies=cookies).status
        if status != 404:
            return pfad, status
    return "/healthz/", 404


def seiten_messen(
    stufe: Stufe,
    seiten: tuple[Seite, ...],
    *,
    env: dict,
    ziele: dict,
    args: argparse.Namespace,
    protokoll: Path,
    benutzer: str = "lesen",
) -> None:
    sitzung = daten(env, "sitzung", benutzer)
    cookies = {sitzung["name"]: sitzung["wert"]}
    keks = f"{sitzung['name']}={sitzung['wert']}"
    parameter = _parameter(args)
    rss: list[list[float]] = []
    with Server(env, args.port, args.worker, protokoll=protokoll) as server:
        for seite in (*seiten, BODEN):
            pfad = seite.pfad(ziele)
            try:
                if seite is HEALTHZ:
                    pfad, status = _healthz_pfad(server.port, cookies)
                else:
                    status = anfrage(server.port, pfad, cookies=cookies).status
            except OSError:
                status = 0
            ergebnis = stufe.seiten.setdefault(
                seite.schluessel, Seitenergebnis(seite=seite, pfad=pfad, status=status)
            )
            if seite is HEALTHZ and status == 404:
                ergebnis.hinweis = "übersprungen: /healthz gibt es auf diesem Stand nicht (404)"
                print(f"  {stufe.name}: /healthz fehlt (404), übersprungen", flush=True)
                continue
            if seite.optional and status in (403, 404):
                ergebnis.hinweis = (
                    f"übersprungen: Status {status} (die Seite gibt es auf diesem Stand nicht "
                    "oder nicht für diese Person)"
                )
                print(f"  {stufe.name}: {pfad} antwortet {status}, übersprungen", flush=True)
                continue
            if status != 200:
                ergebnis.hinweis = (
                    f"Status {status} statt 200" if status else "keine Antwort in 120 s"
                ) + ", nicht unter Last gesetzt"
                print(f"  {stufe.name}: {pfad} antwortet {status}", flush=True)
                continue
            _aufwaermen(server.port, pfad, keks, args.worker)
            _abwarten(server.port, args.worker)
            messung = wrk(server.port, pfad, keks, parameter)
            _abwarten(server.port, args.worker)
            if not messung.anfragen:
                ergebnis.hinweis = (
                    f"unter Last keine Antwort in {parameter.sekunden} s; "
                    "p50/p95 aus 3 Anfragen nacheinander"
                )
                print(f"  {stufe.name}: {pfad}: {ergebnis.hinweis}", flush=True)
                try:
                    messung = _einzeln(server.port, pfad, cookies)
                except OSError as fehler:
                    ergebnis.status = 0
                    ergebnis.hinweis = f"keine Antwort ({fehler})"
                    continue
            ergebnis.messungen.append(messung)
            rss.append(server.rss_mb())
            print(
                f"  {stufe.name:>6} {seite.name:32} {messung.req_s:8.1f} req/s  "
                f"p50 {messung.p50_ms:8.1f} ms  Fehler {messung.fehler}",
                flush=True,
            )
    stufe.worker = args.worker
    stufe.benutzer = benutzer
    stufe.rss_max_mb = max((max(r) for r in rss if r), default=0.0)
    stufe.rss_summe_mb = max((sum(r) for r in rss if r), default=0.0)


def _parameter(args: argparse.Namespace) -> Lastparameter:
    return Lastparameter(
        threads=args.threads, verbindungen=args.verbindungen, sekunden=args.sekunden
    )


def kriechen_messen(
    lauf: Lauf, stufe: Stufe, env: dict, args: argparse.Namespace, ordner: Path
) -> None:
    sitzung = daten(env, "sitzung", "datenpflege")
    keks = f"{sitzung['name']}={sitzung['wert']}"
    log = ordner / "langsam.jsonl"
    print(f"  {stufe.name}: Durchlauf aller Seitenarten (Admin eingeschlossen) …", flush=True)
    with Server(
        env, args.port, args.worker, protokoll=ordner / "gunicorn-kriechen.log", langsam_log=log
    ):
        # The first request of each worker loads the URL configuration and the views; that is
        # start-up, not a page's cost. Warm up, then start the log afresh.
        for pfad in ("/", "/admin/"):
            _aufwaermen(args.port, pfad, keks, args.worker)
        log.unlink(missing_ok=True)
        lauf.kriechen = kriechen(
            args.port,
            {sitzung["name"]: sitzung["wert"]},
            max_anfragen=args.kriechen_anfragen,
            max_sekunden=args.kriechen_sekunden,
        )
    lauf.kriech_stufe = stufe.name
    if log.exists():
        lauf.langsam = [json.loads(z) for z in log.read_text(encoding="utf-8").splitlines() if z]
    print(
        f"  {len(lauf.kriechen.abrufe)} Abrufe, {lauf.kriechen.arten} Seitenarten, "
        f"{len(lauf.langsam)} über {LANGSAM_MS} ms",
        flush=True,
    )


def konsistenz_pruefen(
    lauf: Lauf, stufe: Stufe, env: dict, ziele: dict, args: argparse.Namespace, ordner: Path
) -> None:
    lesen = daten(env, "sitzung", "lesen")
    redaktion = daten(env, "sitzung", "redaktion")
    seiten = [(s.name, s.pfad(ziele)) for s in SEITEN if s is not HEALTHZ]
    print(f"  {stufe.name}: zwei App-Server (:{args.port}, :{args.port + 1}) …", flush=True)
    lauf.konsistenz_stufe = stufe.name
    with (
        Server(env, args.port, args.worker, protokoll=ordner / "gunicorn-a.log"),
        Server(env, args.port + 1, 2, protokoll=ordner / "gunicorn-b.log", mit_arbeiter=False),
    ):
        try:
            lauf.konsistenz = konsistenz.pruefen(
                (args.port, args.port + 1),
                seiten,
                lesen={lesen["name"]: lesen["wert"]},
                redaktion={redaktion["name"]: redaktion["wert"]},
                projekt=ziele["projekt"],
            )
        except RuntimeError as fehler:
            lauf.konsistenz_fehler = str(fehler)


def _ruhe_abwarten(grenze: float, hoechstens: int) -> None:
    """On a shared machine, wait (bounded) until others' load has gone down."""
    if grenze <= 0:
        return
    ende = time.monotonic() + hoechstens
    for _versuch in range(hoechstens // 15 + 1):
        last = os.getloadavg()[0]
        if last < grenze or time.monotonic() >= ende:
            print(f"  Last {last:.2f} (Grenze {grenze:.2f}): es geht los", flush=True)
            return
        print(f"  Last {last:.2f} über {grenze:.2f}, warte …", flush=True)
        time.sleep(15)


def _liste(text: str) -> list[int]:
    try:
        werte = sorted({int(t) for t in text.split(",") if t.strip()})
    except ValueError as fehler:
        raise argparse.ArgumentTypeError("z. B. 1,10,100") from fehler
    if not werte or werte[0] < 1:
        raise argparse.ArgumentTypeError("Faktoren ab 1, z. B. 1,10,100")
    return werte


def argumente(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__.splitlines()[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--stufen", type=_liste, default=[1, 10, 100], help="Vielfache der Demo")
    parser.add_argument(
        "--peer-massnahmen",
        type=int,
        default=PEER_MASSNAHMEN,
        help="Maßnahmen des Vergleichs mit LocalZero (0: ohne)",
    )
    parser.add_argument("--sekunden", type=int, default=10, help="wrk -d je Seite")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t")
    parser.add_argument("--verbindungen", type=int, default=8, help="wrk -c")
    parser.add_argument("--worker", type=int, default=3, help="gunicorn-Worker")
    parser.add_argument("--port", type=int, default=8765, help="Port (der zweite Server: +1)")
    parser.add_argument("--datenbank", default="aktionsplan_bench", help="Präfix der Datenbanken")
    parser.add_argument("--ohne-kriechen", action="store_true", help="kein Durchlauf bei 100×")
    parser.add_argument("--kriechen-anfragen", type=int, default=1500)
    parser.add_argument("--kriechen-sekunden", type=int, default=480)
    parser.add_argument("--ohne-konsistenz", action="store_true", help="kein Zwei-Server-Test")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=WERT",
        help="zusätzliche Umgebung der Server (z. B. den Cache der Produktion)",
    )
    parser.add_argument(
        "--warten-bis-last",
        type=float,
        default=0.0,
        metavar="L",
        help="vor dem Messen warten, bis die Last (1 min) unter L liegt (0: nicht warten)",
    )
    parser.add_argument("--warten-hoechstens", type=int, default=1200, help="Sekunden")
    parser.add_argument(
        "--region",
        action="store_true",
        help="nur die Region messen (demo --region und bench.daten region, je Person der Region)",
    )
    parser.add_argument(
        "--region-massnahmen", type=int, default=REGION_MASSNAHMEN_JE_KOMMUNE, help="je Kommune"
    )
    parser.add_argument(
        "--region-sachstaende",
        type=int,
        default=REGION_SACHSTAENDE_JE_MASSNAHME,
        help="je Maßnahme",
    )
    parser.add_argument(
        "--ausgabe",
        type=Path,
        help="Bericht (Standard: bench/ergebnis.md, bei --region bench/ergebnis-region.md)",
    )
    parser.add_argument("--behalten", action="store_true", help="Datenbanken nicht löschen")
    args = parser.parse_args(argv)
    if args.ausgabe is None:
        args.ausgabe = BASIS / "bench" / ("ergebnis-region.md" if args.region else "ergebnis.md")
    return args


def region_messen(
    lauf: Lauf, args: argparse.Namespace, zusatz: dict, ordner: Path, angelegt: list[str]
) -> None:
    """The region stage: its database, ``demo --region`` and the synthetic region on top, then
    the pages once per person of ``REGION_BENUTZER``, each on rows that person sees."""
    lauf.region = True
    name = f"{args.datenbank}_region"
    env = umgebung(name, ordner / "static", zusatz)
    print("== Daten der Region", flush=True)
    datenbank_neu(name)
    angelegt.append(name)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "demo", "--erzwingen", "--region", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    zaehlung = daten(
        env,
        "region",
        "--massnahmen-je-kommune",
        str(args.region_massnahmen),
        "--sachstaende-je-massnahme",
        str(args.region_sachstaende),
    )
    statistik(name)
    _ruhe_abwarten(args.warten_bis_last, args.warten_hoechstens)
    lauf.maschine["last_vorher"] = os.getloadavg()[0]
    for benutzer, rolle in REGION_BENUTZER.items():
        print(f"== Region als {benutzer}", flush=True)
        stufe = Stufe(name=f"Region als `{benutzer}` ({rolle})", faktor=0, zaehlung=zaehlung)
        lauf.stufen.append(stufe)
        seiten_messen(
            stufe,
            REGION_SEITEN,
            env=env,
            ziele=daten(env, "ziele", "--benutzer", benutzer),
            args=args,
            protokoll=ordner / "gunicorn.log",
            benutzer=benutzer,
        )


def messen(
    lauf: Lauf,
    args: argparse.Namespace,
    ziele: dict,
    zaehlungen: dict,
    env_fuer,
    ordner: Path,
    peer_faktor: int,
) -> None:
    for faktor in args.stufen:
        print(f"== {faktor}×", flush=True)
        stufe = Stufe(name=f"{faktor}×", faktor=faktor, zaehlung=zaehlungen[faktor])
        lauf.stufen.append(stufe)
        env = env_fuer(faktor)
        seiten_messen(
            stufe, SEITEN, env=env, ziele=ziele, args=args, protokoll=ordner / "gunicorn.log"
        )
        if faktor == args.stufen[-1] and not args.ohne_kriechen:
            kriechen_messen(lauf, stufe, env, args, ordner)
        if faktor == args.stufen[0] and not args.ohne_konsistenz:
            konsistenz_pruefen(lauf, stufe, env, ziele, args, ordner)
    if peer_faktor:
        massnahmen = zaehlungen[peer_faktor]["projekte.Projektskizze"]
        print(f"== Vergleich mit LocalZero: {massnahmen} Maßnahmen", flush=True)
        lauf.peer = Stufe(
            name=f"{massnahmen} Maßnahmen",
            faktor=peer_faktor,
            zaehlung=zaehlungen[peer_faktor],
        )
        seiten_messen(
            lauf.peer,
            PEER_SEITEN,
            env=env_fuer(peer_faktor),
            ziele=ziele,
            args=args,
            protokoll=ordner / "gunicorn.log",
        )


def stufen_messen(
    lauf: Lauf, args: argparse.Namespace, env_fuer, ordner: Path, angelegt: list[str], beginn: float
) -> None:
    """The scales (1×, 10×, 100×), the peer comparison, the crawl and the two servers."""
    print("== Daten", flush=True)
    vorlage = f"{args.datenbank}_1"
    datenbank_neu(vorlage)
    angelegt.append(vorlage)
    manage(env_fuer(1), "migrate", "--noinput", "-v", "0")
    manage(env_fuer(1), "demo", "--erzwingen", "-v", "0")
    manage(env_fuer(1), "collectstatic", "--noinput", "-v", "0")
    ziele = daten(env_fuer(1), "ziele")
    peer_faktor = (
        max(1, round(args.peer_massnahmen / ziele["massnahmen_demo"]))
        if args.peer_massnahmen
        else 0
    )
    zaehlungen = {1: daten(env_fuer(1), "zaehlen")}
    statistik(vorlage)
    for faktor in sorted({*args.stufen, peer_faktor} - {0, 1}):
        name = f"{args.datenbank}_{faktor}"
        print(f"  {faktor}× …", flush=True)
        datenbank_neu(name, vorlage=vorlage)
        angelegt.append(name)
        zaehlungen[faktor] = daten(env_fuer(faktor), "vervielfachen", "--faktor", str(faktor))
        statistik(name)
    print(f"  fertig nach {time.monotonic() - beginn:.0f} s", flush=True)
    _ruhe_abwarten(args.warten_bis_last, args.warten_hoechstens)
    lauf.maschine["last_vorher"] = os.getloadavg()[0]

    try:
        messen(lauf, args, ziele, zaehlungen, env_fuer, ordner, peer_faktor)
    except (OSError, RuntimeError, subprocess.SubprocessError) as fehler:
        # Whatever was measured is still reported.
        lauf.abbruch = f"{type(fehler).__name__}: {fehler}"
        print(f"ABGEBROCHEN: {lauf.abbruch}", flush=True)


def main(argv: list[str] | None = None) -> None:
    args = argumente(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk fehlt: apt-get install -y wrk")
    zusatz = dict(e.split("=", 1) for e in args.env)
    beginn = time.monotonic()
    ordner = Path(tempfile.mkdtemp(prefix="aktionsplan-bench-"))
    lauf = Lauf(parameter=_parameter(args), worker=args.worker, maschine=maschine())
    angelegt: list[str] = []

    def env_fuer(faktor: int) -> dict:
        return umgebung(f"{args.datenbank}_{faktor}", ordner / "static", zusatz)

    try:
        if args.region:
            try:
                region_messen(lauf, args, zusatz, ordner, angelegt)
            except (OSError, RuntimeError, subprocess.SubprocessError) as fehler:
                lauf.abbruch = f"{type(fehler).__name__}: {fehler}"
                print(f"ABGEBROCHEN: {lauf.abbruch}", flush=True)
        else:
            stufen_messen(lauf, args, env_fuer, ordner, angelegt, beginn)
    finally:
        if not args.behalten:
            for name in angelegt:
                datenbank_weg(name)
        lauf.maschine["last_nachher"] = os.getloadavg()[0]
        lauf.dauer_s = time.monotonic() - beginn

    bericht = tabelle.bericht(lauf)
    print()
    print(bericht)
    args.ausgabe.parent.mkdir(parents=True, exist_ok=True)
    args.ausgabe.write_text(bericht, encoding="utf-8")
    print(f"\nGeschrieben: {args.ausgabe}  (Server-Protokolle: {ordner})")
    if lauf.abbruch:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
