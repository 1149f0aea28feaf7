"""Documents built directly in the database, independent of the parser.

``document_with`` creates a text with ``sections`` top-level sections, each
with one subsection, and ``per_section`` provisions in each: the shape used by
query-count tests at two sizes.
"""

import hashlib

from apps.documents.models import Document, DocumentVersion, Provision, Section


def document_with(*, slug="law", language="ru", sections=2, per_section=3, title="О тестовом законе"):
    document = Document.objects.create(slug=slug, language=language, kind="law", title=title, number="1-VIII")
    version = DocumentVersion.objects.create(document=document, number=1, source_sha256="0" * 64)
    document.current_version = version
    document.save(update_fields=["current_version"])
    order = 0
    provision_order = 0
    provisions = []
    for s in range(1, sections + 1):
        chapter = Section.objects.create(
            document=document,
            key=f"ch-{s}",
            kind="chapter",
            number=str(s),
            heading=f"Глава {s}",
            order=order,
            depth=0,
            introduced_in=version,
        )
        order += 1
        article = Section.objects.create(
            document=document,
            parent=chapter,
            key=f"art-{s}",
            kind="article",
            number=str(s),
            heading=f"Статья о предмете {s}",
            order=order,
            depth=1,
            introduced_in=version,
        )
        order += 1
        for p in range(1, per_section + 1):
            provision_order += 1
            text = f"Текст пункта {p} статьи {s}."
            provisions.append(
                Provision(
                    document=document,
                    section=article,
                    key=f"art-{s}.p{p}",
                    kind="point",
                    number=str(p),
                    text=text,
                    order=provision_order,
                    introduced_in=version,
                    content_hash=hashlib.sha256(text.encode()).hexdigest(),
                )
            )
    Provision.objects.bulk_create(provisions)
    return document
