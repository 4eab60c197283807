"""The migration that made the "session_reminder" preference the only switch for session
reminders: the profile's old switch, where someone had turned it off, becomes the preference
"off"; a digest stored for a reminder kind becomes "immediately"; other choices stay. Going
back turns the profile switch off for whoever has reminders "off"."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("accounts", "0001_initial"), ("notifications", "0006_brief_and_follow_up_kinds")]
AFTER = [("accounts", "0002_remove_session_reminders")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps():
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_the_profile_switch_moves_into_the_notification_preference_and_back(old_apps):
    User = old_apps.get_model("accounts", "User")
    EmailPreference = old_apps.get_model("notifications", "EmailPreference")

    def person(email, reminders):
        return User.objects.create(email=email, password="!", session_reminders=reminders)

    person("quiet@example.org", False)
    quiet_but_chose = person("chose@example.org", False)
    EmailPreference.objects.create(
        user=quiet_but_chose, kind="session_reminder", frequency="immediately"
    )
    keen = person("keen@example.org", True)
    digest = person("digest@example.org", True)
    EmailPreference.objects.create(user=digest, kind="session_reminder", frequency="weekly")
    EmailPreference.objects.create(user=digest, kind="follow_up_reminder", frequency="daily")
    EmailPreference.objects.create(user=digest, kind="mention", frequency="daily")
    off = person("off@example.org", True)
    EmailPreference.objects.create(user=off, kind="session_reminder", frequency="off")

    new_apps = migrate(AFTER)

    assert "session_reminders" not in {
        field.name for field in new_apps.get_model("accounts", "User")._meta.get_fields()
    }
    stored = {
        (email, kind): frequency
        for email, kind, frequency in new_apps.get_model(
            "notifications", "EmailPreference"
        ).objects.values_list("user__email", "kind", "frequency")
    }
    assert stored == {
        ("quiet@example.org", "session_reminder"): "off",
        ("chose@example.org", "session_reminder"): "off",
        ("digest@example.org", "session_reminder"): "immediately",
        ("digest@example.org", "follow_up_reminder"): "immediately",
        ("digest@example.org", "mention"): "daily",
        ("off@example.org", "session_reminder"): "off",
    }
    assert keen.email not in {email for email, _ in stored}  # the default: immediately

    back = migrate(BEFORE)  # and back again: the switch is as it was
    switches = dict(
        back.get_model("accounts", "User").objects.values_list("email", "session_reminders")
    )
    assert switches == {
        "quiet@example.org": False,
        "chose@example.org": False,
        "keen@example.org": True,
        "digest@example.org": True,
        "off@example.org": False,  # "off" for reminders, whichever switch said it
    }
