from allauth.mfa.totp import views as allauth_totp_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts import enrolment
from apps.accounts.forms import ProfileForm
from apps.accounts.services import (
    staff_enrolment_accept,
    staff_enrolment_invite,
    user_update_profile,
)
from apps.core.ratelimit import allow


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = user_update_profile(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            preferred_language=form.cleaned_data["preferred_language"],
        )
        messages.success(request, _("Your profile has been saved."))
        return redirect(translate_url(request.path, user.preferred_language))
    return render(request, "accounts/profile.html", {"form": form})


# -- the first authenticator of a staff member (apps.accounts.enrolment) ----------


@login_required
@require_GET
def staff_enrolment(request, token):
    """The e-mailed link: it lets this session set up an authenticator for a little while."""
    try:
        invitation = staff_enrolment_accept(user=request.user, token=token)
    except ValidationError as error:
        return render(request, "accounts/staff_enrolment.html", {"error": " ".join(error.messages)}, status=400)
    enrolment.grant_permit(request, invitation)
    return redirect("mfa_activate_totp")


@login_required
@require_http_methods(["GET", "POST"])
def totp_activate(request):
    """allauth's TOTP activation, opened to staff without an authenticator only through their e-mailed link."""
    if enrolment.needs_link(request.user) and enrolment.permit_of(request) is None:
        return render(request, "accounts/staff_enrolment.html", {"error": ""})
    return allauth_totp_views.activate_totp(request)


@login_required
@require_POST
def staff_enrolment_resend(request):
    if not enrolment.needs_link(request.user):
        return redirect("mfa_activate_totp")
    if not allow(f"staff-enrolment:{request.user.pk}", limit=enrolment.RESEND_LIMIT, period=enrolment.RESEND_PERIOD):
        messages.error(request, _("You asked for several links in the last hour. Check your e-mail, or try later."))
    else:
        staff_enrolment_invite(user=request.user)
        messages.success(request, _("We sent a new link to your e-mail address."))
    return redirect("mfa_activate_totp")
