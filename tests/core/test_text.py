"""The comment Markdown renderer: useful formatting works, everything else is inert.

No database: these are pure functions. The allowlist is spelled out here again
rather than imported, so that widening it in the module is a visible test change.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from apps.core.text import plain_text, render_markdown
from tests.scaling import assert_grows_linearly

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a", "blockquote"}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
REL = "nofollow ugc noopener noreferrer"
C0_AND_SPACE = "".join(map(chr, range(0x21)))


class _Markup(HTMLParser):
    """Splits rendered HTML into markup (tags and attributes) and visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.end_tags: list[str] = []
        self.text: list[str] = []
        self.other: list[str] = []  # comments, declarations, processing instructions

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.end_tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.other.append(f"comment:{data}")

    def handle_decl(self, decl: str) -> None:
        self.other.append(f"decl:{decl}")

    def handle_pi(self, data: str) -> None:
        self.other.append(f"pi:{data}")

    def unknown_decl(self, data: str) -> None:
        self.other.append(f"unknown:{data}")

    @property
    def markup(self) -> str:
        """What a browser interprets as markup: tag names, attribute names and (non-URL) values."""
        parts = []
        for tag, attrs in self.tags:
            parts.append(tag)
            for name, value in attrs:
                # href values are judged by their scheme in assert_safe, not by substring.
                parts.append(name if name == "href" else f"{name}={value}")
        return " ".join([*parts, *self.end_tags, *self.other])


def parse(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser


def assert_safe(html: str) -> _Markup:
    """The output may only contain allowlisted markup; anything else must be plain text."""
    lowered = html.lower()
    for needle in ("<script", "<iframe", "<svg", "<img", "<style", "<math", "<object", "<embed", "<!--"):
        assert needle not in lowered, (needle, html)

    parsed = parse(html)
    assert parsed.other == [], html
    assert {tag for tag, _ in parsed.tags} <= ALLOWED_TAGS, html
    assert set(parsed.end_tags) <= ALLOWED_TAGS, html

    for tag, attrs in parsed.tags:
        names = [name for name, _ in attrs]
        if tag == "a":
            assert set(names) <= {"href", "rel"}, html
            assert dict(attrs).get("rel") == REL, html
            href = dict(attrs).get("href")
            if href is not None:
                # Browsers drop tabs/newlines and trim control characters before
                # reading the scheme ("java\tscript:" is javascript:), so do the same.
                browser_href = re.sub(r"[\t\n\r]", "", href).strip(C0_AND_SPACE)
                scheme = urlsplit(browser_href).scheme.lower()
                assert scheme in ALLOWED_SCHEMES or scheme == "", (href, html)
        else:
            assert names == [], html

    # Scripting vectors must not appear anywhere a browser would act on them: tag
    # names, attribute names, link schemes (checked above). They may survive as
    # *visible text* (a resident pasting "javascript:alert(1)" or "<img onerror>"),
    # which is inert: raw HTML is escaped and nothing is auto-linked. Link URLs are
    # percent-encoded, so "https://a.kz/<script>" is just an odd path, not markup.
    markup = parsed.markup.lower()
    for needle in ("script", "javascript:", "vbscript:", "data:", "onerror", "onload", "onmouseover", "style"):
        assert needle not in markup, (needle, html)
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name, _ in attrs), html
    return parsed


# --- Allowed formatting -------------------------------------------------------


def test_emphasis_and_strong() -> None:
    assert render_markdown("*a* _b_ **c** __d__") == (
        "<p><em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong></p>"
    )


def test_paragraphs() -> None:
    assert render_markdown("one\n\ntwo") == "<p>one</p>\n<p>two</p>"


def test_bullet_and_ordered_lists() -> None:
    html = render_markdown("- a\n- b\n\n1. x\n2. y")
    assert html == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol>\n<li>x</li>\n<li>y</li>\n</ol>"
    assert_safe(html)


def test_ordered_list_start_number_is_dropped() -> None:
    # <ol start> is not on the allowlist, so "3." is shown as item 1 (known limitation).
    assert render_markdown("3. x") == "<ol>\n<li>x</li>\n</ol>"


def test_nested_list_with_emphasis() -> None:
    html = render_markdown("- a\n  - *b*\n- **c**")
    assert "<ul>\n<li><em>b</em></li>\n</ul>" in html
    assert_safe(html)


def test_link_gets_rel_and_no_target() -> None:
    html = render_markdown("[Article 5](https://adilet.zan.kz/rus/docs/K950001000_)")
    assert html == (
        '<p><a href="https://adilet.zan.kz/rus/docs/K950001000_" rel="nofollow ugc noopener noreferrer">'
        "Article 5</a></p>"
    )
    assert "target" not in html


def test_link_title_is_dropped() -> None:
    html = render_markdown('[x](https://a.kz "Title")')
    assert html == '<p><a href="https://a.kz" rel="nofollow ugc noopener noreferrer">x</a></p>'


def test_reference_style_link() -> None:
    html = render_markdown("see [the law][1]\n\n[1]: https://a.kz/law")
    assert html == '<p>see <a href="https://a.kz/law" rel="nofollow ugc noopener noreferrer">the law</a></p>'


def test_autolinks() -> None:
    assert render_markdown("<https://a.kz/x?a=1&b=2>") == (
        '<p><a href="https://a.kz/x?a=1&amp;b=2" rel="nofollow ugc noopener noreferrer">https://a.kz/x?a=1&amp;b=2</a></p>'
    )
    assert render_markdown("<info@a.kz>") == (
        '<p><a href="mailto:info@a.kz" rel="nofollow ugc noopener noreferrer">info@a.kz</a></p>'
    )


def test_bare_urls_are_not_linkified() -> None:
    assert render_markdown("https://a.kz") == "<p>https://a.kz</p>"


def test_relative_link_is_kept() -> None:
    html = render_markdown("[doc](/documents/5/)")
    assert html == '<p><a href="/documents/5/" rel="nofollow ugc noopener noreferrer">doc</a></p>'


def test_blockquote() -> None:
    html = render_markdown("> Article 5. Residents may comment.\n> Second line.\n\nI disagree.")
    assert html == (
        "<blockquote>\n<p>Article 5. Residents may comment.\nSecond line.</p>\n</blockquote>\n<p>I disagree.</p>"
    )


def test_hard_line_breaks() -> None:
    # Two trailing spaces or a backslash; a plain newline stays a soft break.
    assert render_markdown("a  \nb\\\nc\nd") == "<p>a<br>\nb<br>\nc\nd</p>"


def test_backslash_escapes() -> None:
    assert render_markdown(r"\*not emphasis\*") == "<p>*not emphasis*</p>"


@pytest.mark.parametrize("source", [None, "", "   ", "\n\n"])
def test_empty_input(source: str | None) -> None:
    assert render_markdown(source) == ""


@pytest.mark.parametrize(
    "source",
    ["text  ", "a\n\n\n", "> q\n\n- a\n- b\n\n", "line  \nbreak   \n", "  lead"],
)
def test_no_trailing_whitespace_and_deterministic(source: str) -> None:
    html = render_markdown(source)
    assert html == html.strip()
    assert all(line == line.rstrip() for line in html.splitlines())
    assert render_markdown(source) == html


# --- Disallowed constructs become harmless ------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("# Title", "<p># Title</p>", id="atx-heading"),
        pytest.param("###### Small", "<p>###### Small</p>", id="atx-heading-6"),
        pytest.param("Title\n=====", "<p>Title\n=====</p>", id="setext-heading"),
        pytest.param("Title\n-----", "<p>Title\n-----</p>", id="setext-heading-2"),
        pytest.param("---", "<p>---</p>", id="thematic-break"),
        pytest.param("    indented code", "<p>indented code</p>", id="indented-code"),
        pytest.param("```js\nalert(1)\n```", "<p>```js\nalert(1)\n```</p>", id="fenced-code"),
        pytest.param("~~~\nx\n~~~", "<p>~~~\nx\n~~~</p>", id="tilde-fence"),
        pytest.param("`inline`", "<p>`inline`</p>", id="code-span"),
        pytest.param("| a | b |\n|---|---|\n| 1 | 2 |", "<p>| a | b |\n|---|---|\n| 1 | 2 |</p>", id="table"),
        pytest.param("~~strike~~", "<p>~~strike~~</p>", id="strikethrough"),
    ],
)
def test_disallowed_block_constructs_become_text(source: str, expected: str) -> None:
    html = render_markdown(source)
    assert html == expected
    assert_safe(html)


@pytest.mark.parametrize(
    "source",
    [
        "![alt](https://evil.example/pixel.png)",
        '![alt](https://evil.example/pixel.png "t")',
        "![alt][img]\n\n[img]: https://evil.example/pixel.png",
    ],
)
def test_images_never_load(source: str) -> None:
    html = render_markdown(source)
    assert "<img" not in html.lower()
    assert "src=" not in html.lower()
    # The alt text survives; at most it becomes an ordinary sanitised link.
    assert "alt" in "".join(parse(html).text)
    assert_safe(html)


# --- XSS corpus -----------------------------------------------------------------

XSS_CORPUS = [
    pytest.param("<script>alert(1)</script>", id="script"),
    pytest.param("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", id="script-upper"),
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param("<IMG SRC=JaVaScRiPt:alert('XSS')>", id="img-js-src"),
    pytest.param("[x](javascript:alert(1))", id="md-js-link"),
    pytest.param("[x](JaVaScRiPt:alert(1))", id="md-js-link-mixed-case"),
    pytest.param("[x]( javascript:alert(1) )", id="md-js-link-spaces"),
    pytest.param("[x](<javascript:alert(1)>)", id="md-js-link-angle"),
    pytest.param("[x](&#106;avascript:alert(1))", id="md-js-link-entity"),
    pytest.param("[x](java&#09;script:alert(1))", id="md-js-link-tab-entity"),
    pytest.param("[x](java\tscript:alert(1))", id="md-js-link-tab"),
    pytest.param("[x](%6Aavascript:alert(1))", id="md-js-link-percent"),
    pytest.param("[x][r]\n\n[r]: javascript:alert(1)", id="md-js-reference"),
    pytest.param("<javascript:alert(1)>", id="md-js-autolink"),
    pytest.param("![x](javascript:alert(1))", id="md-js-image"),
    pytest.param("[x](data:text/html;base64,PHNjcmlwdD4=)", id="md-data-link"),
    pytest.param("[x](vbscript:msgbox)", id="md-vbscript-link"),
    pytest.param("[x](file:///etc/passwd)", id="md-file-link"),
    pytest.param('<a href="javascript:alert(1)">x</a>', id="html-js-link"),
    pytest.param("<svg onload=alert(1)>", id="svg-onload"),
    pytest.param("<svg><script>alert(1)</script></svg>", id="svg-script"),
    pytest.param("<math><mi xlink:href=javascript:alert(1)>x</mi></math>", id="math"),
    pytest.param('"><script>', id="attribute-breakout"),
    pytest.param("'><img src=x onerror=alert(1)>", id="attribute-breakout-single"),
    pytest.param("<iframe src=//evil>", id="iframe"),
    pytest.param('[x](https://a.kz "t\\" onmouseover=\\"alert(1)")', id="md-title-quotes"),
    pytest.param("[x](https://a.kz 't\\' onmouseover=\\'alert(1)')", id="md-title-single-quotes"),
    pytest.param('<https://a.kz/"onmouseover="alert(1)>', id="autolink-quotes"),
    pytest.param("[x](https://a.kz){onclick=alert(1)}", id="md-attribute-syntax"),
    pytest.param("<style>body{display:none}</style>", id="style"),
    pytest.param('<p style="background:url(javascript:alert(1))">x</p>', id="style-attribute"),
    pytest.param("&lt;script&gt;alert(1)&lt;/script&gt;", id="entities"),
    pytest.param("&#60;script&#62;alert(1)&#60;/script&#62;", id="numeric-entities"),
    pytest.param("**<b>bold</b> *<img src=x onerror=alert(1)>***", id="nested-emphasis-html"),
    pytest.param("*<a href=javascript:alert(1)>**x**</a>*", id="emphasis-html-link"),
    pytest.param("> <script>alert(1)</script>\n> - <iframe src=//evil>", id="blockquote-list-html"),
    pytest.param("<!-- <script>alert(1)</script> -->", id="html-comment"),
    pytest.param("<![CDATA[<script>alert(1)</script>]]>", id="cdata"),
    pytest.param("<object data=javascript:alert(1)></object><embed src=x>", id="object-embed"),
    pytest.param("<form action=javascript:alert(1)><button>x</button></form>", id="form"),
    pytest.param("<meta http-equiv=refresh content=0;url=javascript:alert(1)>", id="meta-refresh"),
    pytest.param("a\x00<script>alert(1)</script>", id="null-byte"),
    pytest.param("[<img src=x onerror=alert(1)>](https://a.kz)", id="html-in-link-text"),
    pytest.param("[x](https://a.kz/<script>)", id="html-in-link-url"),
]


@pytest.mark.parametrize("source", XSS_CORPUS)
def test_xss_corpus_is_inert(source: str) -> None:
    html = render_markdown(source)
    assert_safe(html)


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "<svg onload=alert(1)>",
        "<iframe src=//evil>",
    ],
)
def test_raw_html_is_shown_as_text(source: str) -> None:
    # Nothing a resident typed silently disappears: raw HTML is escaped, not executed.
    html = render_markdown(source)
    assert html.startswith("<p>&lt;")
    assert "".join(parse(html).text) == source


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox)",
    ],
)
def test_unsafe_link_schemes_produce_no_link(source: str) -> None:
    html = render_markdown(source)
    assert "<a" not in html
    assert html == f"<p>{source}</p>"


def test_link_title_breakout_produces_no_attribute() -> None:
    html = render_markdown('[x](https://a.kz "t\\" onmouseover=\\"alert(1)")')
    assert html == '<p><a href="https://a.kz" rel="nofollow ugc noopener noreferrer">x</a></p>'


def test_entities_stay_text() -> None:
    assert render_markdown("&lt;script&gt;") == "<p>&lt;script&gt;</p>"


def test_deep_blockquote_nesting_is_bounded() -> None:
    html = render_markdown("> " * 500 + "deep")
    assert_safe(html)
    assert html.count("<blockquote>") <= 25


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("x" * 10_000, id="plain"),
        pytest.param("word " * 2_000, id="words"),
        pytest.param("*" * 10_000, id="asterisks"),
        pytest.param("_" * 10_000, id="underscores"),
        pytest.param("*a " * 3_334, id="open-emphasis"),
        pytest.param("[" * 10_000, id="brackets"),
        pytest.param("[a](" * 2_500, id="open-links"),
        pytest.param("![[" * 3_334, id="open-images"),
        pytest.param("<" * 10_000, id="angles"),
        pytest.param("<a " * 3_334, id="open-tags"),
        pytest.param("\\" * 10_000, id="backslashes"),
        pytest.param("&" * 10_000, id="ampersands"),
        pytest.param("> " * 5_000, id="quotes"),
        pytest.param("- " * 5_000, id="list-markers"),
    ],
)
def test_very_long_line_renders_in_linear_time(line: str) -> None:
    """Pathological Markdown (unclosed emphasis, brackets, links) must not backtrack quadratically."""
    html = render_markdown(line)
    assert_safe(html)
    quarter = line[: len(line) // 4]
    assert_grows_linearly(lambda: render_markdown(quarter), lambda: render_markdown(line), factor=4)


def test_long_line_is_kept_whole() -> None:
    assert render_markdown("x" * 10_000) == "<p>" + "x" * 10_000 + "</p>"


# --- plain_text -------------------------------------------------------------------


def test_plain_text_strips_markup() -> None:
    source = "**Bold** and *em* with [a link](https://a.kz) and <https://b.kz>"
    assert plain_text(source) == "Bold and em with a link and https://b.kz"


def test_plain_text_collapses_whitespace_between_blocks() -> None:
    source = "First   paragraph\nwrapped.\n\n- one\n- two\n\n> quoted  \n> text\n\n1. x"
    assert plain_text(source) == "First paragraph wrapped. one two quoted text x"


def test_plain_text_decodes_entities_and_keeps_typed_characters() -> None:
    # Plain text, not HTML: the caller's template escapes it.
    assert plain_text("Tom & Jerry <3 &amp; &lt;b&gt;") == "Tom & Jerry <3 & <b>"
    assert plain_text("<script>alert(1)</script>") == "<script>alert(1)</script>"


def test_plain_text_shows_disabled_constructs_literally() -> None:
    assert plain_text("# Title\n\n`code`") == "# Title `code`"


def test_plain_text_drops_image_markup() -> None:
    assert plain_text("![a chart](https://a.kz/c.png)") == "!a chart"


@pytest.mark.parametrize("source", [None, "", "  \n\t "])
def test_plain_text_empty(source: str | None) -> None:
    assert plain_text(source) == ""
    assert plain_text(source, limit=10) == ""


@pytest.mark.parametrize(
    ("source", "limit", "expected"),
    [
        ("hello world", None, "hello world"),
        ("hello world", 11, "hello world"),
        ("hello world", 100, "hello world"),
        ("hello world", 10, "hello wor…"),
        ("hello world", 7, "hello…"),  # the space before the cut is dropped
        ("hello world", 1, "…"),
        ("hello world", 0, ""),
        ("**hello** _world_", 8, "hello w…"),
    ],
)
def test_plain_text_limit(source: str, limit: int | None, expected: str) -> None:
    result = plain_text(source, limit)
    assert result == expected
    if limit is not None:
        assert len(result) <= limit


def test_plain_text_negative_limit_is_an_error() -> None:
    with pytest.raises(ValueError, match="negative"):
        plain_text("x", -1)
