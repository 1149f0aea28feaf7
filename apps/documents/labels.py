"""How a section is named to a reader.

Headings are shown in the language of the *text* (a Russian law reads
«Статья 39-3. ...» even in the English interface), because that is how the act
is cited. Only sections that print no heading of their own (the operative part
of a decree, an untitled introduction) get a label in the interface language.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from apps.documents.loader.types import SectionKind

# Kind words as acts print them, per language of the text.
_NUMBERED = {
    SectionKind.ARTICLE: {"ru": "Статья {n}", "kk": "{n}-бап", "en": "Article {n}"},
    SectionKind.CHAPTER: {"ru": "Глава {n}", "kk": "{n}-тарау", "en": "Chapter {n}"},
    SectionKind.PARAGRAPH: {"ru": "Параграф {n}", "kk": "{n}-параграф", "en": "Paragraph {n}"},
    SectionKind.PART: {"ru": "Часть {n}", "kk": "{n}-бөлім", "en": "Part {n}"},
    SectionKind.ANNEX: {"ru": "Приложение {n}", "kk": "{n}-қосымша", "en": "Annex {n}"},
}


def _fallback(kind: str) -> str:
    return {
        SectionKind.DECREE: _("Operative part"),
        SectionKind.PREAMBLE: _("Preamble"),
        SectionKind.INTRODUCTION: _("Introduction"),
        SectionKind.ANNEX: _("Annex"),
    }.get(kind, _("Untitled section"))


def section_label(section) -> str:
    number, heading, kind = section.number, section.heading.strip(), section.kind
    # Selectors attach the document to every section they return, so this costs no query.
    language = section.document.language
    if number and kind in _NUMBERED:
        prefix = _NUMBERED[kind].get(language, _NUMBERED[kind]["en"]).format(n=number)
        return f"{prefix}. {heading}" if heading else prefix
    if number:
        return f"{number}. {heading}" if heading else number
    return heading or _fallback(kind)
