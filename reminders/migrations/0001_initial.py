"""The outbox of e-mail reminders moves from the milestones app to the reminders app: the
table stays (state only here); 0002 renames it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("indicators", "0001_initial"),
        ("milestones", "0002_reminderoutbox"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReminderOutbox",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("milestone_due_30", "Jalon à échéance dans 30 jours"),
                                    ("milestone_due_7", "Jalon à échéance dans 7 jours"),
                                    ("milestone_due_1", "Jalon à échéance demain"),
                                    (
                                        "milestone_overdue",
                                        "Jalon en retard (lendemain de l'échéance)",
                                    ),
                                    (
                                        "milestone_overdue_weekly",
                                        "Jalon en retard (rappel hebdomadaire)",
                                    ),
                                    ("late_digest", "Synthèse hebdomadaire des jalons en retard"),
                                    ("indicator_stale", "Indicateur sans mesure récente"),
                                ],
                                max_length=30,
                                verbose_name="type",
                            ),
                        ),
                        (
                            "recipient",
                            models.EmailField(max_length=254, verbose_name="destinataire"),
                        ),
                        (
                            "language",
                            models.CharField(default="fr", max_length=5, verbose_name="langue"),
                        ),
                        ("for_date", models.DateField(verbose_name="rappel du")),
                        (
                            "dedup_key",
                            models.CharField(
                                max_length=400, unique=True, verbose_name="clé d'unicité"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "À envoyer"),
                                    ("sending", "En cours d'envoi"),
                                    ("sent", "Envoyé"),
                                    ("failed", "Échec"),
                                    ("skipped", "Sans objet"),
                                ],
                                default="pending",
                                max_length=10,
                                verbose_name="état",
                            ),
                        ),
                        (
                            "attempts",
                            models.PositiveSmallIntegerField(default=0, verbose_name="tentatives"),
                        ),
                        (
                            "claimed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="pris en charge le"
                            ),
                        ),
                        (
                            "sent_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="envoyé le"),
                        ),
                        (
                            "last_error",
                            models.TextField(blank=True, verbose_name="dernière erreur"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="créé le"),
                        ),
                        (
                            "indicator",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminders",
                                to="indicators.indicator",
                                verbose_name="indicateur",
                            ),
                        ),
                        (
                            "milestone",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminders",
                                to="milestones.milestone",
                                verbose_name="jalon",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "rappel par courriel",
                        "verbose_name_plural": "rappels par courriel",
                        "ordering": ["-for_date", "-id"],
                        "db_table": "milestones_reminderoutbox",
                        "indexes": [
                            models.Index(
                                fields=["status", "claimed_at"],
                                name="milestones__status_79f159_idx",
                            )
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("indicator__isnull", True),
                                        (
                                            "kind__in",
                                            [
                                                "milestone_due_30",
                                                "milestone_due_7",
                                                "milestone_due_1",
                                                "milestone_overdue",
                                                "milestone_overdue_weekly",
                                            ],
                                        ),
                                        ("milestone__isnull", False),
                                    ),
                                    models.Q(
                                        ("indicator__isnull", True),
                                        ("kind", "late_digest"),
                                        ("milestone__isnull", True),
                                    ),
                                    models.Q(
                                        ("indicator__isnull", False),
                                        ("kind", "indicator_stale"),
                                        ("milestone__isnull", True),
                                    ),
                                    _connector="OR",
                                ),
                                name="reminder_subject_matches_kind",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    (
                                        "status__in",
                                        ["pending", "sending", "sent", "failed", "skipped"],
                                    )
                                ),
                                name="reminder_status_valid",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
