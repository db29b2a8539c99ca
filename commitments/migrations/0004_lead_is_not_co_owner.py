"""A commitment's lead administration is no longer also one of its co-owners.

The rule is now checked by the admin, the import and a guard on the relation; rows written
before it are put right here, each with an audit record, so that re-importing an export of
such a commitment is not refused.
"""

from django.db import migrations
from django.db.models import F

JUSTIFICATION = (
    "Règle : l'administration porteuse d'un engagement n'en est pas aussi co-porteuse "
    "(retirée des co-porteuses)."
)


def remove_lead_from_co_owners(apps, schema_editor):
    Commitment = apps.get_model("commitments", "Commitment")
    AuditRecord = apps.get_model("commitments", "AuditRecord")
    through = Commitment.co_owners.through
    clashes = through.objects.filter(commitment__lead_administration=F("administration"))
    for commitment in Commitment.objects.filter(pk__in=clashes.values("commitment_id")):
        before = sorted(commitment.co_owners.values_list("name", flat=True))
        through.objects.filter(
            commitment=commitment, administration_id=commitment.lead_administration_id
        ).delete()
        after = sorted(commitment.co_owners.values_list("name", flat=True))
        AuditRecord.objects.create(
            actor_label="migration commitments.0004",
            source="command",
            action="update",
            object_type="commitment",
            object_id=commitment.pk,
            object_repr=f"{commitment.number}. {commitment.title}"[:300],
            plan_id=commitment.plan_id,
            commitment_id=commitment.pk,
            changes={"co_owners": [before, after]},
            justification=JUSTIFICATION,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0003_seed_vague_verbs_and_glossary"),
    ]

    operations = [
        migrations.RunPython(remove_lead_from_co_owners, migrations.RunPython.noop),
    ]
