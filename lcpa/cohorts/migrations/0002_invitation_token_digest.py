"""Store only a SHA-256 digest of each invitation's accept-link token.

Existing tokens are replaced by their digests, so links already emailed keep working.
"""

import hashlib

from django.db import migrations, models

import lcpa.core.tokens


def hash_existing_tokens(apps, schema_editor):
    Invitation = apps.get_model("cohorts", "Invitation")
    for invitation in Invitation.objects.only("pk", "token_digest"):
        invitation.token_digest = hashlib.sha256(invitation.token_digest.encode()).hexdigest()
        invitation.save(update_fields=["token_digest"])


class Migration(migrations.Migration):
    dependencies = [("cohorts", "0001_initial")]

    operations = [
        migrations.RenameField(model_name="invitation", old_name="token", new_name="token_digest"),
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="invitation",
            name="token_digest",
            field=models.CharField(
                default=lcpa.core.tokens.unused_link_token_digest,
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="accept link (SHA-256 digest)",
            ),
        ),
    ]
