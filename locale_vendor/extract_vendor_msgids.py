"""List the third-party messages that the Kazakh vendor catalogue has to cover.

django-allauth ships no Kazakh catalogue, and Django's own ``kk`` catalogues
have gaps.  This script collects, from the packages installed in the current
virtualenv:

* every allauth msgid used by ``allauth.account``, ``allauth.mfa``, the
  ``account``/``mfa``/``allauth`` templates and the shared ``allauth`` modules
  (socialaccount, idp, openid, headless and usersessions are skipped), taken
  from allauth's Russian catalogue, which lists all msgids with references;
* every msgid of Django core, ``django.contrib.auth`` and
  ``django.contrib.admin`` (taken from Django's ``en`` source catalogues)
  that Django's ``kk`` catalogue leaves untranslated, marks fuzzy or lacks.

Usage (from the project root)::

    .venv/bin/python locale_vendor/extract_vendor_msgids.py -o /tmp/vendor.pot
    msgmerge --update --no-fuzzy-matching --backup=none \\
        locale_vendor/kk/LC_MESSAGES/django.po /tmp/vendor.pot
    msgattrib --no-obsolete -o locale_vendor/kk/LC_MESSAGES/django.po \\
        locale_vendor/kk/LC_MESSAGES/django.po
    msgattrib --untranslated locale_vendor/kk/LC_MESSAGES/django.po  # to translate
    .venv/bin/python locale_vendor/extract_vendor_msgids.py \\
        --check locale_vendor/kk/LC_MESSAGES/django.po

``--hint ru`` adds allauth's Russian translation of each message as an
extracted comment, which helps the translator; do not merge such a template
into the committed catalogue.  ``--check`` exits with status 1 when the
catalogue misses a needed message, has an empty or fuzzy entry, keeps an entry
that is no longer needed, or changes a placeholder.

Only the standard library is used.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import allauth
import django

ALLAUTH_DIR = Path(allauth.__file__).resolve().parent
DJANGO_DIR = Path(django.__file__).resolve().parent

# Reference prefixes (relative to the allauth package) that Civic users meet.
ALLAUTH_PREFIXES = (
    "account/",
    "mfa/",
    "core/",
    "templates/account/",
    "templates/mfa/",
    "templates/allauth/",
)
# Django catalogues checked for gaps, relative to the django package.
DJANGO_DOMAINS = ("conf", "contrib/auth", "contrib/admin")

PLACEHOLDER_RE = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]"
    r"|%[sdif]"
    r"|\{[A-Za-z_][A-Za-z0-9_]*\}"
    r"|</?[A-Za-z][^>]*>"
    r"|&[a-z]+;"
)
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values()) and "fuzzy" not in self.flags


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), text)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")


def parse_po(path: Path) -> list[Entry]:
    """Parse a PO file; obsolete (``#~``) entries and the header are skipped."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None
    seen_id = False

    def flush() -> None:
        nonlocal current, seen_id, target
        if seen_id and current.msgid:
            entries.append(current)
        current, seen_id, target = Entry(), False, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if seen_id:
                flush()
            if line.startswith("#,"):
                current.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            elif line.startswith("#:"):
                current.references.extend(line[2:].split())
            elif line.startswith("#."):
                current.comments.append(line[2:].strip())
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$', line)
        if match:
            keyword, index, value = match.group(1), match.group(2), _unescape(match.group(3))
            if keyword in ("msgctxt", "msgid") and seen_id:
                flush()
            if keyword == "msgctxt":
                current.msgctxt = value
                target = ("msgctxt", 0)
            elif keyword == "msgid":
                current.msgid = value
                seen_id = True
                target = ("msgid", 0)
            elif keyword == "msgid_plural":
                current.msgid_plural = value
                target = ("msgid_plural", 0)
            else:
                slot = int(index) if index is not None else 0
                current.msgstr[slot] = value
                target = ("msgstr", slot)
            continue
        if line.startswith('"') and line.endswith('"') and target is not None:
            value = _unescape(line[1:-1])
            name, slot = target
            if name == "msgstr":
                current.msgstr[slot] += value
            else:
                setattr(current, name, (getattr(current, name) or "") + value)
    flush()
    return entries


def allauth_entries() -> list[Entry]:
    source = ALLAUTH_DIR / "locale" / "ru" / "LC_MESSAGES" / "django.po"
    selected = []
    for entry in parse_po(source):
        paths = [ref.rsplit(":", 1)[0] for ref in entry.references]
        if any(p.startswith(ALLAUTH_PREFIXES) or "/" not in p for p in paths):
            entry.references = [f"allauth/{ref}" for ref in entry.references]
            entry.comments = [
                "source: django-allauth",
                *(f"ru: {entry.msgstr[i]}" for i in sorted(entry.msgstr)),
            ]
            selected.append(entry)
    return selected


def django_entries() -> list[Entry]:
    selected = []
    for domain in DJANGO_DOMAINS:
        base = DJANGO_DIR / domain / "locale"
        english = parse_po(base / "en" / "LC_MESSAGES" / "django.po")
        kazakh = {e.key: e for e in parse_po(base / "kk" / "LC_MESSAGES" / "django.po")}
        for entry in english:
            existing = kazakh.get(entry.key)
            if existing is not None and existing.translated:
                continue
            reason = "missing from" if existing is None else "untranslated in"
            entry.references = [f"django/{ref}" for ref in entry.references]
            entry.comments = [f"source: django/{domain} ({reason} Django's kk catalogue)"]
            selected.append(entry)
    return selected


def needed_entries() -> list[Entry]:
    result: dict[tuple[str | None, str], Entry] = {}
    for entry in [*allauth_entries(), *django_entries()]:
        if entry.key in result:
            known = result[entry.key]
            known.references.extend(entry.references)
            known.flags.update(entry.flags)
        else:
            result[entry.key] = entry
    return list(result.values())


def _quote(keyword: str, text: str) -> list[str]:
    if "\n" not in text.rstrip("\n") and len(text) < 70:
        return [f'{keyword} "{_escape(text).replace(chr(10), chr(92) + "n")}"']
    parts = re.findall(r"[^\n]*\n|[^\n]+$", text)
    return [f'{keyword} ""'] + [f'"{_escape(p).replace(chr(10), chr(92) + "n")}"' for p in parts]


def write_pot(entries: list[Entry], hint: str | None) -> str:
    out = [
        "# Messages of django-allauth and Django that the Civic kk vendor catalogue covers.",
        "# Generated by locale_vendor/extract_vendor_msgids.py.",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
        "",
    ]
    for entry in entries:
        comments = [c for c in entry.comments if hint == "ru" or not c.startswith("ru: ")]
        out.extend("#. " + c.replace("\n", "\n#. ") for c in comments)
        if entry.references:
            out.append("#: " + " ".join(entry.references))
        flags = sorted(entry.flags - {"fuzzy"})
        if flags:
            out.append("#, " + ", ".join(flags))
        if entry.msgctxt is not None:
            out.extend(_quote("msgctxt", entry.msgctxt))
        out.extend(_quote("msgid", entry.msgid))
        if entry.msgid_plural is not None:
            out.extend(_quote("msgid_plural", entry.msgid_plural))
            out.extend(['msgstr[0] ""', 'msgstr[1] ""'])
        else:
            out.append('msgstr ""')
        out.append("")
    return "\n".join(out)


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER_RE.findall(text))


def check(path: Path, entries: list[Entry]) -> int:
    catalogue = {e.key: e for e in parse_po(path)}
    needed = {e.key: e for e in entries}
    problems = []
    for key, entry in needed.items():
        have = catalogue.get(key)
        if have is None:
            problems.append(f"missing: {key!r}")
            continue
        if not have.translated:
            problems.append(f"empty or fuzzy: {key!r}")
            continue
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid_plural]
        for index, text in have.msgstr.items():
            # A singular form may drop a count placeholder (e.g. "one"); compare
            # the plural form strictly and the rest against the msgid.
            expected = _placeholders(sources[0] if index else entry.msgid)
            if _placeholders(text) != expected and not (
                entry.msgid_plural is not None
                and index == 0
                and _placeholders(text) == _placeholders(entry.msgid_plural)
            ):
                problems.append(f"placeholders differ in msgstr[{index}]: {key!r}")
        if (entry.msgid.startswith(("\n", " ")) != have.msgstr[0].startswith(("\n", " "))) or (
            entry.msgid.endswith(("\n", " ")) != have.msgstr[0].endswith(("\n", " "))
        ):
            problems.append(f"leading/trailing whitespace differs: {key!r}")
    problems.extend(f"no longer needed: {key!r}" for key in catalogue.keys() - needed.keys())
    for problem in problems:
        print(problem)
    print(f"{len(needed)} messages needed, {len(catalogue)} in {path}, {len(problems)} problems")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, help="write a POT template here")
    parser.add_argument("--hint", choices=["ru"], help="add allauth's translation as comment")
    parser.add_argument("--check", type=Path, metavar="PO", help="check a catalogue")
    args = parser.parse_args()
    entries = needed_entries()
    if args.check:
        return check(args.check, entries)
    text = write_pot(entries, args.hint)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        counts: dict[str, int] = {}
        for entry in entries:
            source = entry.comments[0].split(" (")[0]
            counts[source] = counts.get(source, 0) + 1
        for source, count in counts.items():
            print(f"{source}: {count}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
