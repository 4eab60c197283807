"""Store only a SHA-256 digest of each person's calendar-feed token (none until they make one).

Existing tokens are replaced by their digests, so feeds people already subscribed to keep
working.
"""

import hashlib

from django.db import migrations, models


def hash_existing_tokens(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(calendar_token_digest=None).only("pk", "calendar_token_digest"):
        user.calendar_token_digest = hashlib.sha256(user.calendar_token_digest.encode()).hexdigest()
        user.save(update_fields=["calendar_token_digest"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RenameField(
            model_name="user", old_name="calendar_token", new_name="calendar_token_digest"
        ),
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="user",
            name="calendar_token_digest",
            field=models.CharField(
                blank=True,
                default=None,
                editable=False,
                max_length=64,
                null=True,
                unique=True,
                verbose_name="calendar feed link (SHA-256 digest)",
            ),
        ),
    ]
