"""Clean the display names saved before names were cleaned (bidi controls, zero-width characters).

Uses the same ``clean_display_name`` as the forms. A name that was nothing but
invisible characters becomes "User <id>" rather than empty (an empty name would
make ``User.__str__`` fall back to the e-mail address). Reversing does nothing:
the removed characters are not worth restoring.
"""

from django.db import migrations

from apps.accounts.names import clean_display_name

BATCH = 500


def clean_names(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    changed = []
    for user in User.objects.only("pk", "display_name").order_by("pk").iterator(chunk_size=2000):
        name = clean_display_name(user.display_name)[:80].rstrip()
        if not name and user.display_name:
            name = f"User {user.pk}"
        if name != user.display_name:
            user.display_name = name
            changed.append(user)
        if len(changed) >= BATCH:
            User.objects.bulk_update(changed, ["display_name"])
            changed = []
    if changed:
        User.objects.bulk_update(changed, ["display_name"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(clean_names, migrations.RunPython.noop, elidable=True)]
