"""Session reminders had two switches: the profile's "email me before sessions" and the
preference for the "session_reminder" kind. The preference is now the only one. Whoever had
turned the profile switch off gets the preference "off"; a digest stored for a time-bound kind
(it would bring a reminder after the moment) becomes "immediately"."""

from django.db import migrations

TIME_BOUND = ("session_reminder", "follow_up_reminder")
DIGESTS = ("daily", "weekly")


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailPreference = apps.get_model("notifications", "EmailPreference")
    EmailPreference.objects.filter(kind__in=TIME_BOUND, frequency__in=DIGESTS).update(
        frequency="immediately"
    )
    for user_id in User.objects.filter(session_reminders=False).values_list("pk", flat=True):
        EmailPreference.objects.update_or_create(
            user_id=user_id, kind="session_reminder", defaults={"frequency": "off"}
        )


def backwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailPreference = apps.get_model("notifications", "EmailPreference")
    off = EmailPreference.objects.filter(kind="session_reminder", frequency="off")
    User.objects.filter(pk__in=off.values("user_id")).update(session_reminders=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("notifications", "0006_brief_and_follow_up_kinds"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
