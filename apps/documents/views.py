"""Reading legal texts: list, table of contents, section, provision permalink.

Views only parse the request, call a selector and render; which text of an
act is shown comes from ``?text=<language>`` or the interface language.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core import permissions
from apps.core.feedback import error_messages
from apps.discussions.forms import CommentForm
from apps.discussions.models import SuggestionResponse
from apps.discussions.selectors import thread_page
from apps.discussions.services import suggestion_respond, thread_follow
from apps.discussions.views import post_comment
from apps.documents import selectors
from apps.documents.forms import PublishForDiscussionForm
from apps.documents.loader import LoaderError
from apps.documents.services import discussion_report_publish as document_report_publish
from apps.documents.services import document_publish_for_discussion, provision_thread
from apps.moderation.models import Report
from apps.territories.decorators import staff_page


def _short(text: str) -> str:
    return Truncator(text).words(6)


def _crumbs(document=None, sections=(), here: str | None = None) -> list[tuple[str, str | None]]:
    """Breadcrumbs: Home › Documents › the act › its sections › here (no link)."""
    crumbs = [(_("Home"), reverse("home")), (_("Documents"), reverse("documents:document-list"))]
    if document is not None:
        crumbs.append((_short(document.title), document.get_absolute_url()))
    crumbs += [(_short(section.label), section.get_absolute_url()) for section in sections]
    if here is not None:
        crumbs.append((_short(here), None))
    else:
        crumbs[-1] = (crumbs[-1][0], None)
    return crumbs


def _act(request, slug):
    return selectors.document_get(slug=slug, text=request.GET.get("text"), language=request.LANGUAGE_CODE)


@require_GET
def document_list(request):
    return render(
        request,
        "documents/document_list.html",
        {"acts": selectors.document_list(language=request.LANGUAGE_CODE), "breadcrumbs": _crumbs()},
    )


@require_GET
def document_detail(request, slug):
    act = _act(request, slug)
    document = act.primary
    return render(
        request,
        "documents/document_detail.html",
        {
            "act": act,
            "document": document,
            "toc": selectors.document_toc(document=document),
            "document_annotations": selectors.document_annotations(document=document),
            "breadcrumbs": _crumbs(document),
        },
    )


@require_GET
def section_detail(request, slug, key):
    act = _act(request, slug)
    document = act.primary
    toc = selectors.document_toc(document=document)
    blocks = selectors.section_provisions(toc=toc, key=key)
    section = toc.nodes[key].section
    annotations = selectors.section_annotations(sections=[node.section for node, _p in blocks])
    previous, following = toc.neighbours(key)
    ancestors = toc.ancestors(key)
    return render(
        request,
        "documents/section_detail.html",
        {
            "act": act,
            "document": document,
            "section": section,
            "breadcrumbs": _crumbs(document, ancestors, section.label),
            "blocks": [(node, provisions, annotations[node.section.pk]) for node, provisions in blocks],
            "previous": previous,
            "next": following,
        },
    )


@require_GET
def provision_detail(request, slug, key):
    act = _act(request, slug)
    document = act.primary
    page = selectors.provision_get(document=document, key=key)
    provision = page.provision
    discussion = (
        thread_page(
            thread=provision.thread,
            user=request.user,
            sort=request.GET.get("sort"),
            page_number=request.GET.get("page"),
        )
        if provision.thread_id
        else None
    )
    toc = selectors.document_toc(document=document)
    section = page.provision.section
    ancestors = [*toc.ancestors(section.key), section] if section.key in toc.nodes else [section]
    return render(
        request,
        "documents/provision_detail.html",
        {
            "act": act,
            "document": document,
            "page": page,
            "provision": page.provision,
            "provision_label": _provision_label(page.provision),
            "discussion": discussion,
            "comment_form": CommentForm(),
            "report_reasons": Report.Reason.choices,
            "can_comment": page.is_current and permissions.can(request.user, "discussions.add_comment", page.provision),
            "breadcrumbs": _crumbs(document, ancestors, _provision_label(page.provision)),
        },
    )


def _provision_label(provision) -> str:
    """ "Point 3", "Subpoint 3-1" — whole phrases, so each language can order the words its own way."""
    if not provision.number:
        return provision.text
    phrases = {
        "point": _("Point %(number)s"),
        "subpoint": _("Subpoint %(number)s"),
        "part": pgettext("provision label", "Part %(number)s"),
        "paragraph": pgettext("provision label", "Paragraph %(number)s"),
    }
    return phrases.get(provision.kind, _("Point %(number)s")) % {"number": provision.number}


@login_required
@require_POST
def provision_comment(request, slug, key):
    """The first comment on a provision opens its discussion."""
    act = _act(request, slug)
    page = selectors.provision_get(document=act.primary, key=key)
    if not page.is_current:
        raise PermissionDenied  # earlier wordings are read-only
    return post_comment(request, provision_thread(provision=page.provision))


@staff_page()
@require_http_methods(["GET", "POST"])
def publish_for_discussion(request):
    """Officials and administrators publish a draft act for public discussion."""
    form = PublishForDiscussionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = document_publish_for_discussion(
                actor=request.user,
                data=upload.read(),
                filename=upload.name,
                slug=form.cleaned_data["slug"],
                language=form.cleaned_data["language"],
                territory=form.cleaned_data["territory"],
                until=form.cleaned_data["discussion_until"],
            )
        except PermissionDenied as error:
            form.add_error("territory", str(error))
        except LoaderError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, result.summary)
            return redirect(result.document.get_absolute_url())
    return render(request, "documents/publish.html", {"form": form})


@require_GET
def discussion_report(request, slug):
    """The public report of a discussion: every suggested wording and the authority's answer."""
    act = _act(request, slug)
    document = act.primary
    suggestions = selectors.discussion_report(document=document)
    decided = [s for s in suggestions if hasattr(s, "response")]
    return render(
        request,
        "documents/discussion_report.html",
        {
            "act": act,
            "document": document,
            "suggestions": suggestions,
            "answered": len(decided),
            "breadcrumbs": _crumbs(document, (), _("Discussion report")),
        },
    )


@staff_page()
@require_http_methods(["GET", "POST"])
def discussion_report_answer(request, slug):
    """Officials answer the suggestions once the discussion has closed."""
    act = _act(request, slug)
    document = act.primary
    if request.method == "POST" and request.POST.get("publish"):
        try:
            document_report_publish(actor=request.user, document=document)
        except (PermissionDenied, LoaderError) as error:
            error_messages(request, error)
        else:
            messages.success(request, _("The report is published; followers are notified."))
        return redirect(reverse("staff:discussion-report", kwargs={"slug": slug}) + f"?text={document.language}")
    if request.method == "POST":
        comment = next(
            (s for s in selectors.discussion_report(document=document) if str(s.pk) == request.POST.get("comment")),
            None,
        )
        if comment is None:
            raise Http404
        try:
            suggestion_respond(
                actor=request.user,
                comment=comment,
                decision=request.POST.get("decision", ""),
                reason=request.POST.get("reason", ""),
            )
        except (PermissionDenied, ValidationError) as error:
            error_messages(request, error)
        else:
            messages.success(request, _("The answer was saved in the report."))
        return redirect(
            reverse("staff:discussion-report", kwargs={"slug": slug}) + f"?text={document.language}#c-{comment.pk}"
        )
    return render(
        request,
        "documents/discussion_report_answer.html",
        {
            "act": act,
            "document": document,
            "suggestions": selectors.discussion_report(document=document),
            "decisions": SuggestionResponse.Decision.choices,
        },
    )


@login_required
@require_POST
def provision_follow(request, slug, key):
    """Follow a provision's discussion, even before anyone has commented."""
    act = _act(request, slug)
    page = selectors.provision_get(document=act.primary, key=key)
    thread = provision_thread(provision=page.provision)
    follow = request.POST.get("follow") == "1"
    thread_follow(actor=request.user, thread=thread, follow=follow)
    messages.success(
        request, _("You follow this discussion.") if follow else _("You no longer follow this discussion.")
    )
    return redirect(page.provision.get_absolute_url() + "#discussion")
