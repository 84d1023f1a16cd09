"""Sign-language videos (issue 11, point 3): the checks of every upload (type by content, size,
WebVTT), the one-per-measure rule, delivery with range requests (200, 206, 416) from our own
origin, 404 for what is not public, the roles, the DGS page and its query budget, and the demo's
sample clip."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aktionsplan.sperre import speichern
from konfiguration.demo.gebaerdensprache import UNTERTITEL, VIDEO, gebaerdenvideos_laden
from konfiguration.demo.sichern import Lader
from oeffentlich.auslieferung import Bereich, UngueltigerBereichError, bereich_lesen
from oeffentlich.dateipruefung import videoart, webvtt_lesen
from oeffentlich.models import Gebaerdenvideo
from tests.factories import GebaerdenvideoFactory, ProjektskizzeFactory, UserFactory

pytestmark = pytest.mark.django_db

MP4 = VIDEO.read_bytes()
VTT = UNTERTITEL.read_bytes()
# The start of a WebM file: EBML header with DocType "webm" (RFC 9559), then padding.
WEBM = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
    b"\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02" + bytes(200)
)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + bytes(200)


def _neu(projekt=None, *, video=("v.mp4", MP4), untertitel=("u.vtt", VTT), **werte):
    objekt = Gebaerdenvideo(
        titel=werte.pop("titel", "Erklärvideo"),
        textfassung=werte.pop("textfassung", "Der Inhalt als Text."),
        projekt=projekt,
        video=SimpleUploadedFile(*video),
        untertitel=SimpleUploadedFile(*untertitel),
        **werte,
    )
    return speichern(objekt, benutzer=None)


def _fehler(aufruf) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        aufruf()
    return info.value.message_dict


# --- Checks of every upload ---------------------------------------------------------------


def test_gueltige_videos_mp4_und_webm_werden_gespeichert():
    video = _neu()
    assert video.video.name.startswith("gebaerdenvideos/")
    assert video.video.name.endswith(".mp4")
    assert video.video.read() == MP4
    # The stored name is new and unguessable, not the uploaded one.
    assert "v.mp4" not in video.video.name
    zweites = _neu(ProjektskizzeFactory(), video=("gebaerden.WEBM", WEBM))
    assert zweites.video.name.endswith(".webm")
    assert video.history.count() == 1


@pytest.mark.parametrize(
    ("datei", "erwartet"),
    [
        (("rechnung.mp4", PDF), "ist aber kein MP4- oder WebM-Video"),
        (("leer.mp4", b""), "ist aber kein MP4- oder WebM-Video"),
        (("video.mp4", WEBM), "enthält aber ein WEBM-Video"),
        (("video.webm", MP4), "enthält aber ein MP4-Video"),
        (("video.avi", MP4), "MP4 oder WebM"),
        (("video", MP4), "MP4 oder WebM"),
        # An image in the same container family (HEIF) is no video.
        (("bild.mp4", b"\x00\x00\x00\x18ftypheic" + bytes(40)), "kein MP4- oder WebM-Video"),
    ],
)
def test_falscher_videotyp_wird_abgewiesen(datei, erwartet):
    fehler = _fehler(lambda: _neu(video=datei))
    assert erwartet in " ".join(fehler["video"])
    assert not Gebaerdenvideo.objects.exists()


def test_zu_grosses_video_wird_abgewiesen(settings):
    settings.UPLOAD_GRENZEN = {**settings.UPLOAD_GRENZEN, "video": 1000}
    fehler = _fehler(lambda: _neu())
    assert "Die Datei ist zu groß" in fehler["video"][0]
    assert "1000" in fehler["video"][0] or "1,0" in fehler["video"][0]
    assert not Gebaerdenvideo.objects.exists()


def test_zu_grosse_untertitel_werden_abgewiesen(settings):
    settings.UPLOAD_GRENZEN = {**settings.UPLOAD_GRENZEN, "untertitel": 100}
    fehler = _fehler(lambda: _neu())
    assert "Die Datei ist zu groß" in fehler["untertitel"][0]


@pytest.mark.parametrize(
    ("inhalt", "erwartet"),
    [
        (b"1\n00:00:00.000 --> 00:00:01.000\nHallo\n", "erste Zeile muss „WEBVTT“"),
        (b"WEBVTTX\n\n00:00:00.000 --> 00:00:01.000\nHallo\n", "erste Zeile"),
        (b"WEBVTT\n\n00:00:00,000 --> 00:00:01,000\nHallo\n", "Zeile 3: Erwartet"),
        (b"WEBVTT\n\n1\nHallo\n", "Zeile 4: Erwartet"),
        (b"WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nHallo\n", "Ende eines Untertitels"),
        (b"WEBVTT\n00:00:00.000 --> 00:00:01.000\nHallo\n", "Leerzeile"),
        (b"WEBVTT\n\nNOTE nur eine Notiz\n", "keinen Untertitel"),
        ("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHällo\n".encode("cp1252"), "UTF-8"),
        (PDF, "UTF-8"),
    ],
)
def test_ungueltige_untertitel_werden_abgewiesen(inhalt, erwartet):
    fehler = _fehler(lambda: _neu(untertitel=("u.vtt", inhalt)))
    assert erwartet in " ".join(fehler["untertitel"])
    assert not Gebaerdenvideo.objects.exists()


def test_untertitel_nur_als_vtt():
    fehler = _fehler(lambda: _neu(untertitel=("u.srt", VTT)))
    assert "Dateiendung .vtt" in fehler["untertitel"][0]


def test_webvtt_mit_bom_notizen_kennungen_und_einstellungen():
    text = (
        "\ufeffWEBVTT - Erklärung\r\nKind: captions\r\n\r\nNOTE Das ist eine Notiz\r\n\r\n"
        "STYLE\r\n::cue { color: yellow }\r\n\r\n"
        "eins\r\n00:01.000 --> 00:02.500 line:0 position:20%\r\nHallo\r\nWelt\r\n\r\n"
        "01:00:00.000 --> 01:00:01.000\r\nEine Stunde später\r\n"
    )
    cues = webvtt_lesen(text)
    assert [(c.beginn_ms, c.ende_ms, c.text) for c in cues] == [
        (1000, 2500, "Hallo\nWelt"),
        (3_600_000, 3_601_000, "Eine Stunde später"),
    ]


def test_videoart_nach_inhalt():
    assert videoart(MP4[:64]) == ".mp4"
    assert videoart(WEBM[:64]) == ".webm"
    assert videoart(PDF[:64]) is None
    # Matroska (.mkv) shares the EBML header but is not WebM.
    assert videoart(WEBM[:64].replace(b"webm", b"mkv_")) is None


def test_eine_seitenerklaerung_und_ein_video_je_massnahme():
    _neu()
    fehler = _fehler(lambda: _neu(titel="Zweite Erklärung"))
    assert "schon die Erklärung der Seite" in " ".join(fehler["__all__"])
    projekt = ProjektskizzeFactory()
    _neu(projekt)
    fehler = _fehler(lambda: _neu(projekt, titel="Zweites Video der Maßnahme"))
    assert "schon ein Gebärdenvideo für diese Maßnahme" in " ".join(fehler["__all__"])
    _neu(ProjektskizzeFactory())
    assert Gebaerdenvideo.objects.count() == 3
    assert Gebaerdenvideo.objects.seitenerklaerung().count() == 1


def test_textfassung_und_untertitel_sind_pflicht():
    objekt = Gebaerdenvideo(titel="Ohne", video=SimpleUploadedFile("v.mp4", MP4))
    fehler = _fehler(lambda: speichern(objekt, benutzer=None))
    assert set(fehler) >= {"textfassung", "untertitel"}


# --- Admin: the Datenpflege uploads, nobody else ------------------------------------------


def _admin_daten(**werte) -> dict:
    daten = {
        "titel": "So funktioniert die Seite",
        "projekt": "",
        "video": SimpleUploadedFile("erklaerung.mp4", MP4, content_type="video/mp4"),
        "untertitel": SimpleUploadedFile("erklaerung.vtt", VTT, content_type="text/vtt"),
        "textfassung": "Willkommen.",
        "ist_beispiel": "on",
        "version": "",
    }
    daten.update(werte)
    return daten


def test_datenpflege_laedt_im_admin_hoch(datenpflege_client):
    url = reverse("admin:oeffentlich_gebaerdenvideo_add")
    antwort = datenpflege_client.post(url, _admin_daten())
    assert antwort.status_code == 302, antwort.content.decode()[:3000]
    video = Gebaerdenvideo.objects.get()
    assert video.ist_seitenerklaerung
    assert video.history.get().history_user.username == "datenpflege"
    # The change page links the stored files to our own delivery, never to MEDIA_URL.
    seite = datenpflege_client.get(
        reverse("admin:oeffentlich_gebaerdenvideo_change", args=[video.pk])
    )
    html = seite.content.decode()
    assert reverse("oeffentlich:gebaerdenvideo", args=[video.pk]) in html
    assert "/medien/" not in html


def test_admin_weist_getarnte_datei_ab_und_behaelt_nichts(datenpflege_client):
    url = reverse("admin:oeffentlich_gebaerdenvideo_add")
    antwort = datenpflege_client.post(
        url, _admin_daten(video=SimpleUploadedFile("erklaerung.mp4", PDF, content_type="video/mp4"))
    )
    assert antwort.status_code == 200
    assert "ist aber kein MP4- oder WebM-Video" in antwort.content.decode()
    assert not Gebaerdenvideo.objects.exists()


def test_admin_weist_zu_grosses_video_ab(datenpflege_client, settings):
    """Beyond every limit the upload handler keeps no bytes (aktionsplan.hochladen); the check
    still names the real size."""
    settings.UPLOAD_GRENZEN = {"import": 1000, "video": 2000, "untertitel": 1000}
    url = reverse("admin:oeffentlich_gebaerdenvideo_add")
    antwort = datenpflege_client.post(url, _admin_daten())
    assert antwort.status_code == 200
    assert "Die Datei ist zu groß" in antwort.content.decode()
    assert not Gebaerdenvideo.objects.exists()


@pytest.mark.parametrize("rolle", ["lesen_client", "redaktion_client"])
def test_andere_rollen_duerfen_im_admin_nicht_hochladen(request, rolle):
    client = request.getfixturevalue(rolle)
    url = reverse("admin:oeffentlich_gebaerdenvideo_add")
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, _admin_daten()).status_code in (302, 403)
    assert not Gebaerdenvideo.objects.exists()


# --- Delivery with range requests --------------------------------------------------------


@pytest.fixture
def video():
    return GebaerdenvideoFactory(projekt=None)


def _url(video) -> str:
    return reverse("oeffentlich:gebaerdenvideo", args=[video.pk])


def _inhalt(antwort) -> bytes:
    return b"".join(antwort.streaming_content) if antwort.streaming else antwort.content


def test_ganzes_video(client, video):
    antwort = client.get(_url(video))
    assert antwort.status_code == 200
    assert antwort["Content-Type"] == "video/mp4"
    assert antwort["Accept-Ranges"] == "bytes"
    assert antwort["Content-Length"] == str(len(MP4))
    assert antwort["Cache-Control"].startswith("public")
    assert antwort["X-Content-Type-Options"] == "nosniff"
    assert _inhalt(antwort) == MP4


def test_bereich_am_anfang(client, video):
    antwort = client.get(_url(video), HTTP_RANGE="bytes=0-99")
    assert antwort.status_code == 206
    assert antwort["Content-Range"] == f"bytes 0-99/{len(MP4)}"
    assert antwort["Content-Length"] == "100"
    assert _inhalt(antwort) == MP4[:100]


def test_bereich_offen_bis_zum_ende(client, video):
    antwort = client.get(_url(video), HTTP_RANGE="bytes=1000-")
    assert antwort.status_code == 206
    assert antwort["Content-Range"] == f"bytes 1000-{len(MP4) - 1}/{len(MP4)}"
    assert _inhalt(antwort) == MP4[1000:]


def test_letzte_bytes(client, video):
    antwort = client.get(_url(video), HTTP_RANGE="bytes=-500")
    assert antwort.status_code == 206
    assert antwort["Content-Range"] == f"bytes {len(MP4) - 500}-{len(MP4) - 1}/{len(MP4)}"
    assert _inhalt(antwort) == MP4[-500:]


def test_ende_hinter_der_datei_wird_gekuerzt(client, video):
    antwort = client.get(_url(video), HTTP_RANGE=f"bytes=10-{len(MP4) * 2}")
    assert antwort.status_code == 206
    assert _inhalt(antwort) == MP4[10:]


@pytest.mark.parametrize(
    "kopf",
    [
        f"bytes={len(MP4)}-",
        f"bytes={len(MP4) + 5}-{len(MP4) + 9}",
        "bytes=5-2",
        "bytes=abc",
        "bytes=-0",
        "bytes=-",
        "bytes=1-2,x",
    ],
)
def test_unerfuellbarer_bereich_ist_416(client, video, kopf):
    antwort = client.get(_url(video), HTTP_RANGE=kopf)
    assert antwort.status_code == 416
    assert antwort["Content-Range"] == f"bytes */{len(MP4)}"


@pytest.mark.parametrize("kopf", ["items=0-5", "bytes=0-1,5-9"])
def test_fremde_einheit_und_mehrere_bereiche_geben_die_ganze_datei(client, video, kopf):
    antwort = client.get(_url(video), HTTP_RANGE=kopf)
    assert antwort.status_code == 200
    assert _inhalt(antwort) == MP4


def test_if_range_und_if_none_match(client, video):
    etag = client.get(_url(video))["ETag"]
    assert client.get(_url(video), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag).status_code == 206
    assert client.get(_url(video), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"alt"').status_code == 200
    assert client.get(_url(video), HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_head_ohne_inhalt(client, video):
    antwort = client.head(_url(video), HTTP_RANGE="bytes=0-99")
    assert antwort.status_code == 206
    assert antwort["Content-Length"] == "100"
    assert _inhalt(antwort) == b""


def test_untertitel_als_webvtt(client, video):
    antwort = client.get(reverse("oeffentlich:gebaerdenvideo_untertitel", args=[video.pk]))
    assert antwort.status_code == 200
    assert antwort["Content-Type"] == "text/vtt; charset=utf-8"
    assert _inhalt(antwort) == VTT


def test_x_accel_redirect_hinter_nginx(client, video, settings):
    settings.MEDIEN_X_ACCEL_PREFIX = "/_medien/"
    antwort = client.get(_url(video), HTTP_RANGE="bytes=0-99")
    assert antwort.status_code == 200  # nginx answers the range itself
    assert antwort["X-Accel-Redirect"] == f"/_medien/{video.video.name}"
    assert antwort["Content-Type"] == "video/mp4"
    assert _inhalt(antwort) == b""


def test_fehlende_datei_ist_404(client, video):
    video.video.storage.delete(video.video.name)
    assert client.get(_url(video)).status_code == 404


def test_bereich_lesen_grenzfaelle():
    assert bereich_lesen(None, 10) is None
    assert bereich_lesen("bytes=0-0", 10) == Bereich(0, 0)
    assert bereich_lesen("BYTES = 2 - 4".replace(" = ", "="), 10) == Bereich(2, 4)
    assert bereich_lesen("bytes=-20", 10) == Bereich(0, 9)
    with pytest.raises(UngueltigerBereichError):
        bereich_lesen("bytes=0-", 0)


# --- Who gets which video ------------------------------------------------------------------


ROLLEN = ["anonym_client", "lesen_client", "redaktion_client", "datenpflege_client"]


@pytest.mark.parametrize("rolle", ROLLEN)
def test_oeffentliche_videos_fuer_alle(request, rolle):
    client = request.getfixturevalue(rolle)
    erklaerung = GebaerdenvideoFactory(projekt=None)
    massnahme = GebaerdenvideoFactory(projekt=ProjektskizzeFactory(veroeffentlicht=True))
    for v in (erklaerung, massnahme):
        assert client.get(_url(v)).status_code == 200
        untertitel = reverse("oeffentlich:gebaerdenvideo_untertitel", args=[v.pk])
        assert client.get(untertitel).status_code == 200
        assert client.post(_url(v)).status_code == 405


@pytest.mark.parametrize(
    ("rolle", "erwartet"),
    [
        ("anonym_client", 404),
        ("lesen_client", 404),
        ("redaktion_client", 404),
        ("datenpflege_client", 200),
    ],
)
def test_video_einer_nicht_oeffentlichen_massnahme(request, rolle, erwartet):
    client = request.getfixturevalue(rolle)
    v = GebaerdenvideoFactory(projekt=ProjektskizzeFactory(veroeffentlicht=False))
    untertitel = reverse("oeffentlich:gebaerdenvideo_untertitel", args=[v.pk])
    assert client.get(_url(v)).status_code == erwartet
    assert client.get(untertitel).status_code == erwartet
    if erwartet == 200:
        # The Datenpflege's preview is never kept by a shared cache.
        assert client.get(_url(v))["Cache-Control"].startswith("private")


@pytest.mark.parametrize("rolle", ROLLEN)
def test_unbekanntes_video_ist_404(request, rolle):
    client = request.getfixturevalue(rolle)
    assert client.get(reverse("oeffentlich:gebaerdenvideo", args=[999_999])).status_code == 404


def test_video_verschwindet_wenn_die_massnahme_nicht_mehr_oeffentlich_ist(client):
    projekt = ProjektskizzeFactory(veroeffentlicht=True)
    v = GebaerdenvideoFactory(projekt=projekt)
    assert client.get(_url(v)).status_code == 200
    projekt.veroeffentlicht = False
    speichern(projekt, benutzer=None, felder=["veroeffentlicht"])
    assert client.get(_url(v)).status_code == 404


# --- The pages ---------------------------------------------------------------------------


SEITE = "/oeffentlich/gebaerdensprache/"


@pytest.mark.parametrize("rolle", ROLLEN)
def test_dgs_seite_fuer_alle_rollen(request, rolle, video):
    client = request.getfixturevalue(rolle)
    antwort = client.get(SEITE)
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert '<video class="oeffentlich-video__player" controls preload="metadata"' in html
    assert '<track kind="captions" srclang="de"' in html
    assert " default>" in html
    assert "autoplay" not in html
    assert "Willkommen beim Aktionsplan Inklusion." in html
    assert "Beispielvideo – keine echte Gebärdensprache" in html
    assert client.post(SEITE).status_code == 405


def test_dgs_seite_ohne_video(client):
    html = client.get(SEITE).content.decode()
    assert "Das Video wird gerade erstellt." in html
    assert "<video" not in html


def test_dgs_seite_im_menue_und_im_fuss(client):
    html = client.get(reverse("oeffentlich:start")).content.decode()
    assert html.count(f'href="{SEITE}"') == 2
    assert "Gebärdensprache (DGS)" in html


@pytest.mark.parametrize("anzahl", [2, 20])
def test_dgs_seite_abfragen_fest(client, django_assert_num_queries, anzahl):
    """1 query: the site's explanation. Other measures' videos cost nothing; a repeat nothing."""
    GebaerdenvideoFactory(projekt=None)
    for _ in range(anzahl):
        GebaerdenvideoFactory()
    with django_assert_num_queries(1):
        assert client.get(SEITE).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(SEITE).status_code == 200


def test_dgs_seite_folgt_jeder_aenderung(client, video):
    assert "Willkommen beim Aktionsplan Inklusion." in client.get(SEITE).content.decode()
    video.textfassung = "Neuer Text der Erklärung."
    speichern(video, benutzer=None, felder=["textfassung"])
    assert "Neuer Text der Erklärung." in client.get(SEITE).content.decode()


def test_massnahme_zeigt_ihr_video(client):
    projekt = ProjektskizzeFactory(veroeffentlicht=True)
    url = reverse("oeffentlich:massnahme", args=[projekt.pk])
    assert "<video" not in client.get(url).content.decode()
    v = GebaerdenvideoFactory(projekt=projekt, textfassung="Die Maßnahme in Gebärdensprache.")
    html = client.get(url).content.decode()
    assert "Diese Maßnahme in Deutscher Gebärdensprache (DGS)" in html
    assert f'src="{_url(v)}?v={v.version}"' in html
    assert "Die Maßnahme in Gebärdensprache." in html
    assert "autoplay" not in html


# --- The demo's sample clip --------------------------------------------------------------


def test_beispielclip_ist_klein_und_hat_passende_untertitel():
    assert len(MP4) < 500 * 1024
    assert videoart(MP4[:64]) == ".mp4"
    cues = webvtt_lesen(VTT.decode())
    # 5 to 20 seconds, as the captions cover it from start to end.
    assert cues[0].beginn_ms == 0
    assert 5_000 <= cues[-1].ende_ms <= 20_000
    skript = (Path(VIDEO).parent / "erzeugen.sh").read_text()
    # Every caption is what the clip shows: the same sentences are drawn by the script.
    for cue in cues:
        assert cue.text in skript
    assert "Beispielvideo – keine echte Gebärdensprache" in skript


def test_demo_laedt_ueber_die_regeln_und_ist_wiederholbar():
    projekt = ProjektskizzeFactory(veroeffentlicht=True)
    datenpflege = UserFactory(username="datenpflege-demo")
    lader = Lader()
    gebaerdenvideos_laden(
        lader, projekte={("aktionsplan", 1): projekt}, benutzer={"datenpflege": datenpflege}
    )
    erklaerung = Gebaerdenvideo.objects.seitenerklaerung().get()
    assert erklaerung.ist_beispiel
    assert "Beispielvideo – keine echte Gebärdensprache" in erklaerung.titel
    assert erklaerung.video.read() == MP4
    assert erklaerung.history.get().history_user == datenpflege
    assert Gebaerdenvideo.objects.get(projekt=projekt).ist_beispiel
    gebaerdenvideos_laden(
        lader, projekte={("aktionsplan", 1): projekt}, benutzer={"datenpflege": datenpflege}
    )
    assert Gebaerdenvideo.objects.count() == 2
    assert lader.neu[str(Gebaerdenvideo._meta.verbose_name_plural)] == 2


def test_demo_geht_durch_die_pruefung(monkeypatch, tmp_path):
    """The demo cannot bypass the checks: a broken clip is refused like an upload."""
    kaputt = tmp_path / "beispiel.mp4"
    kaputt.write_bytes(PDF)
    monkeypatch.setattr("konfiguration.demo.gebaerdensprache.VIDEO", kaputt)
    with pytest.raises(ValidationError):
        gebaerdenvideos_laden(Lader(), projekte={}, benutzer={"datenpflege": None})
    assert not Gebaerdenvideo.objects.exists()
