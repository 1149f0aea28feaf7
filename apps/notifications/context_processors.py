def unread(request):
    """How many unread notifications the signed-in person has (asked only where a template shows it)."""
    user = getattr(request, "user", None)

    def count() -> int:
        if not getattr(user, "is_authenticated", False):
            return 0
        return user.notifications.filter(read_at__isnull=True).count()

    return {"unread_notifications": count}
