"""Reads on documents shared by pages (and later the API).

Every page reads a bounded number of queries whatever the size of the act: a
document's sections come in one ordered query and the tree is built in
memory; provisions of a page come in one query; annotations in one more.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from apps.documents.models import Annotation, Document, Provision, Section

LANGUAGE_ORDER = [code for code, _name in settings.LANGUAGES]


@dataclass
class Act:
    """The texts of one act (same slug) and the one to show first."""

    slug: str
    texts: list[Document]
    primary: Document

    @property
    def languages(self) -> list[str]:
        return [text.language for text in self.texts]


def _preferred(texts: list[Document], *, requested: str | None, interface: str | None) -> Document:
    by_language = {text.language: text for text in texts}
    for language in [requested, interface, *LANGUAGE_ORDER]:
        if language in by_language:
            return by_language[language]
    return texts[0]


def _sort_texts(texts: list[Document]) -> list[Document]:
    rank = {code: i for i, code in enumerate(LANGUAGE_ORDER)}
    return sorted(texts, key=lambda text: rank.get(text.language, len(rank)))


def document_list(*, language: str | None) -> list[Act]:
    """Published acts, newest first, each with its texts; two queries in all."""
    texts = list(
        Document.objects.filter(is_published=True)
        .annotate(provision_count=Count("provisions", filter=Q(provisions__retired_in__isnull=True)))
        .order_by("-adopted_on", "slug", "language")
    )
    acts: dict[str, list[Document]] = {}
    for text in texts:
        acts.setdefault(text.slug, []).append(text)
    return [
        Act(slug=slug, texts=_sort_texts(group), primary=_preferred(group, requested=None, interface=language))
        for slug, group in acts.items()
    ]


def document_list_for_home(*, language: str | None, limit: int = 3) -> list[Act]:
    return document_list(language=language)[:limit]


def document_get(*, slug: str, text: str | None, language: str | None) -> Act:
    """The act ``slug`` with the text to show: ``text`` if it exists, else the interface language.

    404 when the act does not exist or is not published.
    """
    texts = list(Document.objects.filter(slug=slug, is_published=True).select_related("current_version"))
    if not texts:
        raise Http404("No such document")
    return Act(slug=slug, texts=_sort_texts(texts), primary=_preferred(texts, requested=text, interface=language))


@dataclass
class TocNode:
    section: Section
    children: list[TocNode] = field(default_factory=list)
    own_count: int = 0
    total_count: int = 0
    comment_count: int = 0  # visible comments on the current provisions of this section and below


@dataclass
class Toc:
    roots: list[TocNode]
    nodes: dict[str, TocNode]  # by key
    ordered: list[TocNode]  # document order

    def ancestors(self, key: str) -> list[Section]:
        node = self.nodes[key]
        chain: list[Section] = []
        parent_id = node.section.parent_id
        by_pk = {n.section.pk: n for n in self.ordered}
        while parent_id is not None:
            parent = by_pk[parent_id]
            chain.append(parent.section)
            parent_id = parent.section.parent_id
        return list(reversed(chain))

    def subtree(self, key: str) -> list[TocNode]:
        result: list[TocNode] = []
        stack = [self.nodes[key]]
        while stack:
            node = stack.pop()
            result.append(node)
            stack.extend(reversed(node.children))
        return result

    def neighbours(self, key: str) -> tuple[Section | None, Section | None]:
        """Previous and next sections that have text of their own, for reading page by page."""
        readable = [n for n in self.ordered if n.own_count or n.section.key == key]
        index = next(i for i, n in enumerate(readable) if n.section.key == key)
        previous = readable[index - 1].section if index > 0 else None
        following = readable[index + 1].section if index + 1 < len(readable) else None
        return previous, following


def document_toc(*, document: Document) -> Toc:
    """The current sections of a text as a tree, with provision counts (one query)."""
    sections = list(
        Section.objects.current()
        .filter(document=document)
        .annotate(
            own_count=Count("provisions", filter=Q(provisions__retired_in__isnull=True)),
            own_comments=Coalesce(
                Sum("provisions__thread__comment_count", filter=Q(provisions__retired_in__isnull=True)), 0
            ),
        )
        .order_by("order")
    )
    nodes: dict[str, TocNode] = {}
    by_pk: dict[int, TocNode] = {}
    roots: list[TocNode] = []
    ordered: list[TocNode] = []
    for section in sections:
        section.document = document  # labels need the language; no query per section
        node = TocNode(
            section=section,
            own_count=section.own_count,
            total_count=section.own_count,
            comment_count=section.own_comments,
        )
        nodes[section.key] = node
        by_pk[section.pk] = node
        ordered.append(node)
        parent = by_pk.get(section.parent_id) if section.parent_id else None
        (parent.children if parent else roots).append(node)
    for node in reversed(ordered):  # children come after parents in document order
        if node.section.parent_id in by_pk:
            by_pk[node.section.parent_id].total_count += node.total_count
            by_pk[node.section.parent_id].comment_count += node.comment_count
    return Toc(roots=roots, nodes=nodes, ordered=ordered)


def _annotation_prefetch() -> Prefetch:
    return Prefetch("annotations", queryset=Annotation.objects.order_by("order"))


def section_provisions(*, toc: Toc, key: str) -> list[tuple[TocNode, list[Provision]]]:
    """The section ``key`` and its subsections, each with its current provisions (two queries)."""
    if key not in toc.nodes:
        raise Http404("No such section")
    subtree = toc.subtree(key)
    provisions = (
        Provision.objects.current()
        .filter(section__in=[node.section for node in subtree])
        .select_related("thread")
        .prefetch_related(_annotation_prefetch())
        .order_by("order")
    )
    by_section: dict[int, list[Provision]] = {node.section.pk: [] for node in subtree}
    document = subtree[0].section.document
    for provision in provisions:
        provision.document = document
        by_section[provision.section_id].append(provision)
    return [(node, by_section[node.section.pk]) for node in subtree]


def section_annotations(*, sections: list[Section]) -> dict[int, list[Annotation]]:
    result: dict[int, list[Annotation]] = {section.pk: [] for section in sections}
    for annotation in Annotation.objects.filter(section__in=sections).order_by("order"):
        result[annotation.section_id].append(annotation)
    return result


def document_annotations(*, document: Document) -> list[Annotation]:
    """Annotations on the whole act (footnotes listing its amendments)."""
    return list(
        Annotation.objects.filter(document=document, section__isnull=True, provision__isnull=True).order_by("order")
    )


@dataclass
class ProvisionPage:
    provision: Provision
    is_current: bool
    wordings: list[Provision]  # every wording with this key, newest first


def provision_get(*, document: Document, key: str) -> ProvisionPage:
    """A provision by its permalink key: the current wording, or the last one if it was removed."""
    wordings = list(
        Provision.objects.filter(document=document, key=key)
        .select_related("section", "introduced_in", "retired_in", "thread")
        .prefetch_related(_annotation_prefetch())
        .order_by("-introduced_in__number", "-pk")
    )
    if not wordings:
        raise Http404("No such provision")
    for wording in wordings:
        wording.document = document
        wording.section.document = document
    current = next((w for w in wordings if w.retired_in_id is None), None)
    return ProvisionPage(provision=current or wordings[0], is_current=current is not None, wordings=wordings)


def discussion_report(*, document: Document) -> list:
    """Every visible suggestion on the current provisions of a document, with its answer (one query)."""
    from apps.discussions.models import Comment

    suggestions = list(
        Comment.objects.filter(
            thread__provision__document=document,
            thread__provision__retired_in__isnull=True,
            depth=0,
            stance=Comment.Stance.SUGGESTION,
            status=Comment.Status.VISIBLE,
        )
        .select_related("author", "response", "thread__provision")
        .order_by("thread__provision__order", "created_at", "pk")
    )
    for comment in suggestions:
        comment.thread.provision.document = document  # links need it; no query per row
    return suggestions
