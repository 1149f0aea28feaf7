"""Template context for every page: does the header offer the staff console?"""

from apps.territories.rules import is_staff_member


def staff(request):
    user = getattr(request, "user", None)
    # A callable: templates call it only where they ask, and the answer is
    # remembered on the user for the rest of the request.
    return {"show_staff_console": lambda: bool(user) and is_staff_member(user)}
