"""The outbox gets the reminders app's own table and index names; rows keep their content
type."""

from django.db import migrations


def _content_type_follows(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="reminders", model="reminderoutbox").exists():
        ContentType.objects.filter(app_label="milestones", model="reminderoutbox").update(
            app_label="reminders"
        )


def _content_type_goes_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="reminders", model="reminderoutbox").update(
        app_label="milestones"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("milestones", "0003_reminderoutbox_moves_to_reminders"),
        ("reminders", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="reminderoutbox", table=None),
        migrations.RenameIndex(
            model_name="reminderoutbox",
            new_name="reminder_status_claimed_idx",
            old_name="milestones__status_79f159_idx",
        ),
        migrations.RunPython(_content_type_follows, _content_type_goes_back),
    ]
