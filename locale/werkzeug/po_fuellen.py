#!/usr/bin/env python3
"""Fill Django .po catalogues (stdlib only).

Usage (from the project root):
  python locale/werkzeug/po_fuellen.py de            # German: msgstr = msgid, and the
                                                     # library texts of bibliothek_de.json
  python locale/werkzeug/po_fuellen.py en            # English from uebersetzungen_en.json
  python locale/werkzeug/po_fuellen.py fehlend       # missing English msgids -> fehlend_en.json

The English dictionary (uebersetzungen_en.json) maps msgid -> translation
(string), or for plural entries msgid -> [singular, plural].
Entries not found in the dictionary are left empty and reported; the script
exits with status 1 when anything is missing or a placeholder check fails.
"""

import json
import re
import sys
from datetime import datetime
from pathlib import Path

HIER = Path(__file__).resolve().parent
LOCALE = HIER.parent
WOERTERBUCH = HIER / "uebersetzungen_en.json"
BIBLIOTHEK_DE = HIER / "bibliothek_de.json"
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"


def unescape(s):
    out, i = [], 0
    table = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            out.append(table.get(s[i + 1], "\\" + s[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def escape(s):
    return (
        s.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\t", "\\t")
        .replace("\r", "\\r")
        .replace("\n", "\\n")
    )


def parse(path):
    """Return (entries, obsolete_lines). Entry: dict with keys
    comments (list of lines), flags (list), msgctxt, msgid, msgid_plural, msgstr (list)."""
    entries, obsolete = [], []
    cur = None
    field = None

    def new():
        return {
            "comments": [],
            "flags": [],
            "msgctxt": None,
            "msgid": None,
            "msgid_plural": None,
            "msgstr": {},
        }

    def flush():
        nonlocal cur
        if cur is not None and cur["msgid"] is not None:
            entries.append(cur)
        cur = None

    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.rstrip("\n")
        if line.startswith("#~"):
            flush()
            obsolete.append(line)
            continue
        if not line.strip():
            flush()
            field = None
            continue
        if cur is None:
            cur = new()
        if line.startswith("#,"):
            cur["flags"] += [f.strip() for f in line[2:].split(",") if f.strip()]
            continue
        if line.startswith("#"):
            if cur["msgid"] is not None:  # comment after an entry without blank line
                flush()
                cur = new()
            cur["comments"].append(line)
            continue
        m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$', line)
        if m:
            key, idx, val = m.group(1), m.group(2), unescape(m.group(3))
            if key == "msgid" and cur["msgid"] is not None:
                flush()
                cur = new()
            if key.startswith("msgstr"):
                field = ("msgstr", int(idx) if idx is not None else 0)
                cur["msgstr"][field[1]] = val
            else:
                field = (key, None)
                cur[key] = val
            continue
        m = re.match(r'^"(.*)"\s*$', line)
        if m and field:
            val = unescape(m.group(1))
            if field[0] == "msgstr":
                cur["msgstr"][field[1]] += val
            else:
                cur[field[0]] += val
            continue
        raise ValueError(f"{path}: cannot parse line: {raw!r}")
    flush()
    return entries, obsolete


def fmt(key, s):
    if "\n" in s[:-1]:
        parts = s.split("\n")
        chunks = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
        return f'{key} ""\n' + "\n".join(f'"{escape(c)}"' for c in chunks) + "\n"
    return f'{key} "{escape(s)}"\n'


def write(path, entries, obsolete):
    out = []
    for e in entries:
        block = "".join(c + "\n" for c in e["comments"] if not c.startswith("#|"))
        if e["flags"]:
            block += "#, " + ", ".join(e["flags"]) + "\n"
        block += "".join(c + "\n" for c in e["comments"] if c.startswith("#|"))
        if e["msgctxt"] is not None:
            block += fmt("msgctxt", e["msgctxt"])
        block += fmt("msgid", e["msgid"])
        if e["msgid_plural"] is not None:
            block += fmt("msgid_plural", e["msgid_plural"])
            for i in sorted(e["msgstr"]):
                block += fmt(f"msgstr[{i}]", e["msgstr"][i])
        else:
            block += fmt("msgstr", e["msgstr"].get(0, ""))
        out.append(block)
    text = "\n".join(out)
    if obsolete:
        text += "\n" + "\n".join(obsolete) + "\n"
    Path(path).write_text(text, encoding="utf-8")


def unfuzzy(e):
    """Drop the fuzzy flag and msgmerge's "#| previous msgid" lines."""
    e["flags"] = [f for f in e["flags"] if f != "fuzzy"]
    e["comments"] = [c for c in e["comments"] if not c.startswith("#|")]


def fix_header(e, lang):
    h = e["msgstr"][0]
    h = re.sub(r"Language: [^\n]*\n", f"Language: {lang}\\n", h)
    h = re.sub(r"Plural-Forms: [^\n]*\n", f"Plural-Forms: {PLURAL_FORMS}\\n", h)
    h = h.replace(
        "Content-Type: text/plain; charset=CHARSET", "Content-Type: text/plain; charset=UTF-8"
    )
    team = {"de": "Deutsch", "en": "English"}[lang]
    h = re.sub(
        r"Project-Id-Version: PACKAGE VERSION\n", "Project-Id-Version: Aktionsplan Inklusion\\n", h
    )
    h = re.sub(
        r"PO-Revision-Date: [^\n]*\n",
        "PO-Revision-Date: " + datetime.now().astimezone().strftime("%Y-%m-%d %H:%M%z") + "\\n",
        h,
    )
    h = re.sub(
        r"Last-Translator: FULL NAME <EMAIL@ADDRESS>\n",
        "Last-Translator: Aktionsplan Inklusion\\n",
        h,
    )
    h = re.sub(r"Language-Team: LANGUAGE <LL@li.org>\n", f"Language-Team: {team}\\n", h)
    e["msgstr"][0] = h
    e["flags"] = [f for f in e["flags"] if f != "fuzzy"]


PH = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrx%]|\{[^{}]*\}")


def placeholders(s):
    return sorted(p for p in PH.findall(s) if p != "%%")


def edges(s):
    return (s[:1] in (" ", "\n"), s[-1:] in (" ", "\n"), s.startswith("\n"), s.endswith("\n"))


def check(e, trans):
    problems = []
    src = [e["msgid"], e["msgid_plural"] or e["msgid"]]
    for i, t in enumerate(trans):
        s = src[min(i, 1)]
        if placeholders(s) != placeholders(t) and not (
            e["msgid_plural"] and i == 0 and set(placeholders(t)) <= set(placeholders(s))
        ):
            problems.append(f"placeholders differ: {s!r} -> {t!r}")
        if s.startswith("\n") != t.startswith("\n") or s.endswith("\n") != t.endswith("\n"):
            problems.append(f"leading/trailing newline differs: {s!r} -> {t!r}")
        if re.findall(r"</?\w+", s) and sorted(re.findall(r"</?\w+", s)) != sorted(
            re.findall(r"</?\w+", t)
        ):
            problems.append(f"HTML tags differ: {s!r} -> {t!r}")
    return problems


def bibliothekstexte(entries):
    """German for English texts of Django and other libraries that their own German catalogue
    leaves untranslated (or that a template of ours uses with the library's msgid, like "Home"):
    our catalogue comes first, so an entry here wins over the library's (empty) one. Entries that
    makemessages did not find in our sources are appended. Returns the number of entries set."""
    if not BIBLIOTHEK_DE.exists():
        return 0
    texte = json.loads(BIBLIOTHEK_DE.read_text(encoding="utf-8"))
    vorhanden = {e["msgid"]: e for e in entries if e["msgctxt"] is None}
    for msgid, deutsch in texte.items():
        e = vorhanden.get(msgid)
        if e is None:
            e = {
                "comments": [f"#. {BIBLIOTHEK_DE.name}: text of a library"],
                "flags": ["python-format"] if placeholders(msgid) else [],
                "msgctxt": None,
                "msgid": msgid,
                "msgid_plural": None,
                "msgstr": {},
            }
            entries.append(e)
        fehler = check(e, [deutsch])
        if fehler:
            raise SystemExit(f"{BIBLIOTHEK_DE.name}: {fehler}")
        e["msgstr"] = {0: deutsch}
    return len(texte)


def po_path(lang):
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def main(mode):
    if mode == "de":
        path = po_path("de")
        entries, obs = parse(path)
        for e in entries:
            if e["msgid"] == "":
                fix_header(e, "de")
                continue
            if e["msgid_plural"] is not None:
                e["msgstr"] = {0: e["msgid"], 1: e["msgid_plural"]}
            else:
                e["msgstr"] = {0: e["msgid"]}
            unfuzzy(e)
        bibliothek = bibliothekstexte(entries)
        write(path, entries, obs)
        print(f"de: {len(entries) - 1} entries filled, {bibliothek} from {BIBLIOTHEK_DE.name}")
        return 0

    path = po_path("en")
    entries, obs = parse(path)
    d = json.loads(WOERTERBUCH.read_text(encoding="utf-8")) if WOERTERBUCH.exists() else {}
    missing, problems = [], []
    for e in entries:
        if e["msgid"] == "":
            fix_header(e, "en")
            continue
        key = e["msgid"] if e["msgctxt"] is None else e["msgctxt"] + "\x04" + e["msgid"]
        t = d.get(key)
        plural = e["msgid_plural"] is not None
        unfuzzy(e)  # a fuzzy guess is never kept: the dictionary decides
        if (
            t is None
            or (plural and not (isinstance(t, list) and len(t) == 2))
            or (not plural and not isinstance(t, str))
        ):
            missing.append(e)
            e["msgstr"] = {0: "", 1: ""} if plural else {0: ""}
            continue
        trans = t if plural else [t]
        if any(not x for x in trans):
            missing.append(e)
        problems += check(e, trans)
        e["msgstr"] = dict(enumerate(trans))
    if mode == "fehlend":
        out = {}
        for e in missing:
            key = e["msgid"] if e["msgctxt"] is None else e["msgctxt"] + "\x04" + e["msgid"]
            out[key] = [e["msgid"], e["msgid_plural"]] if e["msgid_plural"] else ""
        (HIER / "fehlend_en.json").write_text(
            json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        print(f"{len(out)} missing entries written to {HIER / 'fehlend_en.json'}")
        return 0
    write(path, entries, obs)
    unused = set(d) - {
        e["msgid"] if e["msgctxt"] is None else e["msgctxt"] + "\x04" + e["msgid"] for e in entries
    }
    print(
        f"en: {len(entries) - 1} entries, {len(missing)} missing, {len(problems)} problems, "
        f"{len(unused)} dictionary entries not (or no longer) used"
    )
    for e in missing:
        print("MISSING:", repr(e["msgid"]))
    for p in problems:
        print("PROBLEM:", p)
    return 1 if missing or problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "en"))
