"""Store only a SHA-256 digest of each registration's status-link token.

Existing tokens are replaced by their digests, so links already handed out keep working.
"""

import hashlib

from django.db import migrations, models

import lcpa.core.tokens


def hash_existing_tokens(apps, schema_editor):
    InterestRegistration = apps.get_model("intake", "InterestRegistration")
    for registration in InterestRegistration.objects.only("pk", "status_token_digest"):
        raw = registration.status_token_digest
        registration.status_token_digest = hashlib.sha256(raw.encode()).hexdigest()
        registration.save(update_fields=["status_token_digest"])


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]

    operations = [
        migrations.RenameField(
            model_name="interestregistration",
            old_name="status_token",
            new_name="status_token_digest",
        ),
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="interestregistration",
            name="status_token_digest",
            field=models.CharField(
                default=lcpa.core.tokens.unused_link_token_digest,
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="status link (SHA-256 digest)",
            ),
        ),
    ]
