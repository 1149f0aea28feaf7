"""Turning a service's refusal into messages for the person who asked."""

from django.contrib import messages


def error_messages(request, error: Exception) -> None:
    """Show every message of a ValidationError (or the text of PermissionDenied / LoaderError)."""
    for message in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, message)


def form_error_messages(request, form) -> None:
    """Show a bound form's errors as messages (for forms posted from another page)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
