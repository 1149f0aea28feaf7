"""The door of every staff page: signed in, second factor used, and a staff permission."""

from functools import wraps

from apps.accounts.mfa import staff_mfa_required
from apps.core import permissions


def staff_page(permission: str = "territories.view_staff_console"):
    """``staff_mfa_required`` plus ``permission`` (403 when the person lacks it)."""

    def decorator(view_func):
        @staff_mfa_required
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            permissions.require(request.user, permission)
            return view_func(request, *args, **kwargs)

        return wrapper

    return decorator
