# Digests at 07:00 in each person's time zone: one DigestSent per person, digest and period,
# and the self-queueing task's guard counts hours instead of days. Calendar files go with a
# notification's email. No DigestRun row needs keeping: the new task starts its own.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

KINDS = [
    ("reply", "Replies in threads you follow"),
    ("mention", "Mentions of you or your team"),
    ("expert_answer", "Answers from national experts"),
    ("expert_question", "Questions waiting for an expert"),
    ("ta_update", "Updates on technical-assistance requests"),
    ("case", "Implementation cases and recommendations"),
    ("office_hours", "Office-hour bookings"),
    ("session", "Sessions: new, moved or cancelled"),
    ("session_reminder", "Reminders before your sessions"),
    ("deliverable", "Deliverables to review, and feedback on your team's"),
    ("overdue", "Items that are due or overdue"),
]
FREQUENCIES = [
    ("immediately", "Immediately"),
    ("daily", "Daily digest"),
    ("weekly", "Weekly digest"),
    ("off", "Off"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_centre"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.DeleteModel(name="DigestRun"),
        migrations.CreateModel(
            name="DigestRun",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("hour", models.DateTimeField(unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.CreateModel(
            name="DigestSent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("frequency", models.CharField(choices=FREQUENCIES, max_length=12)),
                (
                    "period",
                    models.DateField(help_text="The day (daily) or the Monday (weekly) it is for."),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "email",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="notifications.outboundemail",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="digests_sent",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "frequency", "period"), name="one_digest_per_period"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="notification",
            name="email_attachments",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Files sent with its email or digest: [{filename, content_type, content}].",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=20),
        ),
        migrations.AlterField(
            model_name="emailpreference",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=20),
        ),
    ]
