"""User-written text: a small, safe Markdown subset and its plain-text form.

Residents write comments on legal provisions. They need paragraphs, emphasis,
lists, links and quotations of the provision they are commenting on - and
nothing that could change the page around the comment (headings, images,
tables, code blocks) or run in another reader's browser.

Safety does not depend on the Markdown parser alone. markdown-it-py is run with
raw HTML off and a reduced rule set, and its output is *always* passed through
nh3 (the ammonia HTML sanitiser) with a strict allowlist. Either layer on its
own should stop script injection; together a bug in one is caught by the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from html.parser import HTMLParser
from types import MappingProxyType

import nh3
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy
from markdown_it import MarkdownIt

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "ALLOWED_URL_SCHEMES",
    "FORMATTING_HINT",
    "LINK_REL",
    "count",
    "length_hint",
    "plain_text",
    "render_markdown",
]

#: What residents are told about formatting under a text field, in their words (never "Markdown").
FORMATTING_HINT = gettext_lazy("Formatting: *italic*, **bold**, lists, links.")


def count(number: int) -> str:
    """A whole number as the page's language groups it: 5,000 in English, 5 000 in Kazakh and Russian."""
    return number_format(number, force_grouping=True)


def length_hint(limit: int) -> str:
    """The visible hint under a field whose text is limited (the field itself has no ``maxlength``).

    A browser's ``maxlength`` silently cuts pasted text; the server refuses a longer
    text instead and says by how much to shorten it (see the forms of comments and proposals).
    """
    return gettext("Up to %(limit)s characters.") % {"limit": count(limit)}


# Markdown-it rules switched off on top of the "commonmark" preset (whose raw
# HTML, linkify and typographer are also off). Unknown names raise at import,
# so a renamed rule in a future markdown-it-py fails loudly instead of silently
# re-enabling a construct.
#
# Block rules:
#   table      - not in commonmark anyway; listed so a preset change cannot enable it.
#   code       - indented code blocks; indented text becomes an ordinary paragraph.
#   fence      - ``` / ~~~ blocks; the fence characters stay as literal text.
#   hr         - <hr> is not in the allowlist; "---" stays as literal text.
#   heading    - "# Title" stays as literal text, so comments cannot mimic page structure.
#   lheading   - "Title\n===" likewise.
#   html_block - raw HTML (already inert with html=False; off for defence in depth).
# Inline rules:
#   backticks   - `code` spans; <code> is not allowed, so the backticks stay visible.
#   image       - "![alt](url)" must never load a remote resource (tracking pixels);
#                 the "!" stays as text and the rest becomes an ordinary, sanitised link.
#   html_inline - raw inline HTML (already inert with html=False).
#
# Still enabled: paragraph, blockquote, list (ordered and bullet), reference
# (reference-style link definitions), emphasis/strong, link, autolink
# (<https://...>, <mailto:...>, <user@example.kz>), newline (hard line breaks:
# two trailing spaces or a backslash), escape, entity, text.
_DISABLED_RULES = [
    "table",
    "code",
    "fence",
    "hr",
    "heading",
    "lheading",
    "html_block",
    "backticks",
    "image",
    "html_inline",
]

# One parser for the whole process: rendering creates fresh state per call and
# never mutates the parser, so sharing it is safe and avoids rebuilding the rule chains.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(_DISABLED_RULES)

# Exactly what the enabled rules can produce, minus anything with styling or
# behaviour. Attributes markdown-it emits but we do not allow (link "title",
# ordered-list "start") are dropped by nh3.
ALLOWED_TAGS: frozenset[str] = frozenset({"p", "br", "em", "strong", "ul", "ol", "li", "a", "blockquote"})
ALLOWED_ATTRIBUTES: Mapping[str, frozenset[str]] = MappingProxyType({"a": frozenset({"href"})})
ALLOWED_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
# Links in user content are not endorsed by the site (nofollow, ugc) and must not
# get a handle on our window or leak the page URL (noopener, noreferrer).
LINK_REL = "nofollow ugc noopener noreferrer"


def render_markdown(source: str | None) -> str:
    """Render a resident's Markdown to sanitised HTML that may be ``mark_safe``-d.

    Disallowed constructs are not errors: they come out as plain paragraphs or
    escaped text, so nothing a resident typed silently disappears. The result
    has no leading or trailing whitespace and is the same for the same input.
    Length limits are the caller's job (form validation), not this function's.
    """
    if not source:
        return ""
    html = _MARKDOWN.render(source)
    # Always sanitise, even though markdown-it already escapes raw HTML and
    # refuses javascript:/vbscript:/data: links: the sanitiser is the last line
    # of defence and the only place the tag/attribute/scheme allowlist lives.
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        # "*" must be given explicitly: ammonia's default *generic* attributes
        # ("lang", "title") would otherwise survive on every tag, e.g. a link title.
        attributes={"*": set(), **{tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()}},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return cleaned.strip()


# Elements whose boundaries separate words; without a space there, "<li>a</li><li>b</li>"
# would turn into "ab" in a preview.
_BREAKING_TAGS = frozenset({"p", "br", "ul", "ol", "li", "blockquote"})


class _TextExtractor(HTMLParser):
    """Collects the text nodes of sanitised HTML, spacing out block boundaries."""

    def __init__(self) -> None:
        # convert_charrefs=True decodes &amp; &lt; etc. in text, so the result is real text.
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKING_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BREAKING_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(source: str | None, limit: int | None = None) -> str:
    """The visible text of a comment, for previews, e-mail bodies and page titles.

    Derived from :func:`render_markdown`'s output, so it shows exactly the words
    a reader sees on the page (link text, not URLs; "# x" stays literal because
    headings are disabled). Whitespace runs, including line and paragraph
    breaks, collapse to one space.

    If ``limit`` is given and the text is longer, it is cut so that the result,
    including the trailing "…", is at most ``limit`` characters.

    The result is *text*, not HTML: it may contain "<" or "&" exactly as the
    resident typed them, so templates must keep auto-escaping it.
    """
    if limit is not None and limit < 0:
        raise ValueError("limit must not be negative")
    html = render_markdown(source)
    if not html:
        return ""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    text = " ".join("".join(extractor.parts).split())
    if limit is None or len(text) <= limit:
        return text
    if limit == 0:
        return ""
    return text[: limit - 1].rstrip() + "…"
