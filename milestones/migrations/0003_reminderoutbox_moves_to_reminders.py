"""The outbox of e-mail reminders now belongs to the reminders app (its table is kept and
renamed there)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("milestones", "0002_reminderoutbox"),
        ("reminders", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReminderOutbox")],
            database_operations=[],
        ),
    ]
