"""What /healthz checks: the database answers and the task queue's table is readable."""

from django.db import connection
from django_tasks_db.models import DBTaskResult


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return False
    return True


def task_queue_reachable() -> bool:
    try:
        DBTaskResult.objects.exists()
    except Exception:
        return False
    return True
