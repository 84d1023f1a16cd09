"""The production environment exactly as the README documents it, for tests in a subprocess.

The README's block that starts with ``# /etc/aktionsplan/umgebung`` is parsed here, so the test
and the guide cannot drift apart. Placeholders in angle brackets (``<passwort>``) become random
values.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

BASIS = Path(__file__).resolve().parents[2]
README = BASIS / "README.md"
KOPF = "# /etc/aktionsplan/umgebung"
# Set by pytest or a developer's shell; a production server has none of them.
# Variables of the test run that a production process does not have: Django's own, and the one
# the browser tests set for Playwright in the same worker (check --deploy refuses it, async.E001).
FREMD = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def produktionsumgebung() -> dict[str, str]:
    """The variables of the README's production block (placeholders filled in)."""
    text = README.read_text(encoding="utf-8")
    block = re.search(rf"```[a-z]*\n{re.escape(KOPF)}\n(.*?)```", text, re.DOTALL)
    assert block, f"README.md hat keinen Block, der mit {KOPF!r} beginnt"
    werte = {}
    for zeile in block.group(1).splitlines():
        zeile = zeile.strip()
        if not zeile or zeile.startswith("#"):
            continue
        name, _, wert = zeile.partition("=")
        werte[name] = re.sub(r"<[^>]+>", lambda _m: secrets.token_urlsafe(40), wert)
    return werte


def ausfuehren(
    argumente: list[str], umgebung: dict[str, str], *, timeout: int = 120
) -> subprocess.CompletedProcess:
    """Runs ``python ARGUMENTE`` in the project directory with this machine's environment less
    the developer's and pytest's settings, plus ``umgebung``."""
    env = {k: v for k, v in os.environ.items() if k not in FREMD}
    env.update(umgebung)
    return subprocess.run(
        [sys.executable, *argumente],
        cwd=BASIS,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
