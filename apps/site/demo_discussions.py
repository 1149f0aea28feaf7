"""Demo discussion of the Concept: comments with every stance, a reply and one open report.

The report waits in the queue of the Republic's moderator (``republic-moderator@``):
comments on a national act have no territory, so only a role on the Republic
covers them. Runs once: nothing is created when the Concept already has comments.
"""

from __future__ import annotations

from django.db import transaction

from apps.accounts.models import User
from apps.discussions.models import Comment
from apps.discussions.services import comment_create
from apps.documents.models import Provision
from apps.documents.services import provision_thread
from apps.moderation.services import comment_report

CONCEPT_SLUG = "concept-2012"


@transaction.atomic
def create_demo_discussion() -> list[Comment]:
    """Comments by the demo resident and neighbours (``demo_proposals``) on the Concept's first provisions."""
    emails = ["resident@civic.localhost", *(f"neighbour{n}@civic.localhost" for n in (4, 5, 6))]
    by_email = {user.email: user for user in User.objects.filter(email__in=emails)}
    if len(by_email) < len(emails):
        return []
    residents = [by_email[email] for email in emails]
    provisions = list(
        Provision.objects.filter(document__slug=CONCEPT_SLUG).select_related("thread").order_by("document", "order")[:2]
    )
    if len(provisions) < 2 or any(p.thread_id and p.thread.comment_count for p in provisions):
        return []
    first, second = (provision_thread(provision=provision) for provision in provisions)
    author, neighbour, other, reporter = residents[:4]
    comments = [
        comment_create(
            actor=author,
            thread=first,
            stance=Comment.Stance.FOR,
            body="Жергілікті өзін-өзі басқаруды дамыту — дұрыс бағыт. Ауылда шешімді тұрғындар өздері қабылдауы керек.",
        ),
        comment_create(
            actor=neighbour,
            thread=first,
            stance=Comment.Stance.QUESTION,
            body="Кто в сельском округе решает, на что тратить бюджет четвёртого уровня: аким или сход?",
        ),
        comment_create(
            actor=other,
            thread=second,
            stance=Comment.Stance.SUGGESTION,
            body="Add: *the akim's office publishes its budget and its spending every quarter, online and on "
            "the notice board of the village.*",
        ),
    ]
    comments.append(
        comment_create(
            actor=author,
            thread=first,
            parent=comments[1],
            body="По закону бюджет обсуждает собрание местного сообщества, а аким отчитывается о его исполнении.",
        )
    )
    off_topic = comment_create(
        actor=other,
        thread=second,
        stance=Comment.Stance.AGAINST,
        body="Продаю уголь с доставкой по району, звоните!",
    )
    comment_report(actor=reporter, comment=off_topic, reason="spam", text="Реклама, не по теме")
    comments.append(off_topic)
    return comments
