"""Plan import and export (format pgo-plan/1, JSON and XLSX): all or nothing, keyed, audited,
and an export imported again gives back the same data."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from commitments.models import (
    ActionPlan,
    AuditRecord,
    Commitment,
)
from importexport.exporter import plan_export
from tests.factories import UserFactory
from tests.importexport.helpers import (
    ROWS_IN_VALID_FILE,
    SLUG,
    VALID_JSON,
    bad_file,
    contributor,
    coordinator,
    db_state,
    import_file,
    import_valid,
    load_valid_file,
    to_json,
    to_xlsx,
    valid_doc,
)

pytestmark = pytest.mark.django_db


# Commands --------------------------------------------------------------------------------------


def write(tmp_path: Path, data: bytes, name: str = "plan.json") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_plan_prints_the_report_and_audits_as_the_job(tmp_path):
    out, _err = run("import_plan", write(tmp_path, VALID_JSON))

    assert f"Plan « {SLUG} » importé (JSON)." in out
    assert "engagements : 2 créé(s), 0 modifié(s), 0 inchangé(s)" in out
    assert set(AuditRecord.objects.values_list("actor", "actor_label", "source")) == {
        (None, "import_plan", "import")
    }
    out, _err = run("import_plan", write(tmp_path, VALID_JSON))
    assert "déjà à jour" in out


def test_import_plan_dry_run_writes_nothing(tmp_path):
    out, _err = run("import_plan", write(tmp_path, VALID_JSON), "--dry-run")

    assert "Simulation" in out and "2 créé(s)" in out
    assert not ActionPlan.objects.exists() and not AuditRecord.objects.exists()


def test_import_plan_refuses_a_bad_file_with_a_non_zero_exit_and_the_errors_listed(tmp_path):
    data, filename = bad_file("xlsx-wrong-type")
    path = write(tmp_path, data, filename)

    with pytest.raises(CommandError, match=r"Import refusé : 1 erreur\(s\)") as exc:
        run("import_plan", path)

    assert exc.value.returncode == 1
    assert not ActionPlan.objects.exists()


def test_import_plan_lists_the_errors_on_stderr(tmp_path):
    err = io.StringIO()
    data, filename = bad_file("json-completed-without-date")
    with pytest.raises(CommandError):
        call_command("import_plan", write(tmp_path, data, filename), stderr=err)

    assert (
        "Engagement 2, jalon « j1 » (commitments[1].milestones[0]), "
        "champ « réalisé le (completed_on) » : "
        "Un jalon réalisé doit avoir une date de réalisation." in err.getvalue()
    )


def test_import_plan_says_clearly_when_the_file_is_missing(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run("import_plan", str(tmp_path / "absent.json"))


def test_import_plan_as_a_coordinator_audits_under_their_name(tmp_path):
    user = coordinator()

    run("import_plan", write(tmp_path, VALID_JSON), "--as", user.username)

    assert set(AuditRecord.objects.values_list("actor", "source")) == {(user.pk, "import")}


@pytest.mark.parametrize("who", ["contributor", "plain-user", "inactive-coordinator", "unknown"])
def test_import_plan_refuses_a_user_who_is_not_a_coordinator(tmp_path, who):
    if who == "contributor":
        username = contributor().username
    elif who == "plain-user":
        username = UserFactory(username="citoyen").username
    elif who == "inactive-coordinator":
        user = coordinator("ancienne-coordinatrice")
        user.is_active = False
        user.save()
        username = user.username
    else:
        username = "personne"
    path = write(tmp_path, VALID_JSON)

    for extra in ([], ["--dry-run"]):
        with pytest.raises(CommandError, match=username):
            run("import_plan", path, "--as", username, *extra)

    assert not ActionPlan.objects.exists() and not AuditRecord.objects.exists()


def test_import_plan_as_a_superuser_is_allowed(tmp_path):
    admin = UserFactory(username="admin", is_superuser=True)

    run("import_plan", write(tmp_path, VALID_JSON), "--as", "admin")

    assert AuditRecord.objects.filter(actor=admin).count() == ROWS_IN_VALID_FILE


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_export_plan_writes_the_format_of_the_extension(tmp_path, fmt):
    plan = load_valid_file()
    path = tmp_path / f"sortie.{fmt.upper()}"

    out, _err = run("export_plan", SLUG, str(path))

    assert f"Plan « {SLUG} » exporté" in out
    assert path.read_bytes()[:2] == (b"PK" if fmt == "xlsx" else b"{\n")
    if fmt == "json":
        assert path.read_bytes() == plan_export(plan=plan)


def test_export_plan_refuses_an_unknown_plan_or_extension(tmp_path):
    load_valid_file()
    with pytest.raises(CommandError, match="Plan inconnu : « pan-1789-1791 »"):
        run("export_plan", "pan-1789-1791", str(tmp_path / "x.json"))
    with pytest.raises(CommandError, match="Extension inconnue"):
        run("export_plan", SLUG, str(tmp_path / "x.csv"))


def test_the_commands_exit_with_a_non_zero_status_from_the_shell(tmp_path):
    """The real process: errors on stderr, exit status 1 (nothing here reaches a database)."""
    truncated = write(tmp_path, VALID_JSON[:200])
    env = {"DJANGO_SETTINGS_MODULE": "pgo_portal.settings.test", "PATH": "/usr/bin:/bin"}
    for args, expected in (
        ([str(tmp_path / "absent.json")], "Fichier introuvable"),
        ([truncated], "Document JSON illisible"),
    ):
        result = subprocess.run(
            [sys.executable, "manage.py", "import_plan", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 1
        assert expected in result.stderr


def test_the_format_document_names_every_field_and_column():
    from importexport.schema import CONTINUES_COLUMNS, SHEETS, SPECS

    text = (Path(settings.BASE_DIR) / "importexport" / "IMPORT_FORMAT.md").read_text()
    for entity, specs in SPECS.items():
        assert f"| {SHEETS[entity]} |" in text
        for spec in specs:
            assert f"`{spec.key}`" in text, spec.key
            if spec.kind != "continues":
                assert f"| {spec.header} |" in text, spec.header
    for _key, header in CONTINUES_COLUMNS:
        assert header in text


def test_a_new_lead_that_is_already_a_co_owner_in_the_database_is_refused():
    import_valid()
    commitment = Commitment.objects.filter(co_owners__isnull=False).order_by("number").first()
    co_owner = commitment.co_owners.first()
    doc = valid_doc()
    entry = next(c for c in doc["commitments"] if c["number"] == commitment.number)
    entry["lead_administration"] = co_owner.slug
    del entry["co_owners"]  # the co-owners stay those of the database
    before = db_state()
    report = import_file(to_json(doc))
    assert not report.ok
    assert [(e.field, e.message) for e in report.errors] == [
        ("lead_administration", "L'administration porteuse ne peut pas être aussi co-porteuse.")
    ]
    assert db_state() == before


def test_a_file_may_swap_the_lead_and_a_co_owner():
    import_valid()
    commitment = Commitment.objects.filter(co_owners__isnull=False).order_by("number").first()
    lead, co_owner = commitment.lead_administration, commitment.co_owners.first()
    doc = valid_doc()
    entry = next(c for c in doc["commitments"] if c["number"] == commitment.number)
    entry["lead_administration"] = co_owner.slug
    entry["co_owners"] = [lead.slug]
    report = import_file(to_json(doc))
    assert report.ok, report.lines()
    commitment.refresh_from_db()
    assert commitment.lead_administration == co_owner
    assert list(commitment.co_owners.all()) == [lead]


def test_rows_that_only_name_their_commitment_are_not_checked_for_its_co_owners():
    import_valid()
    commitment = Commitment.objects.get(number=2)
    through = Commitment.co_owners.through
    # a clash written before the rule existed (bulk insert: no guard)
    through.objects.bulk_create(
        [through(commitment=commitment, administration=commitment.lead_administration)]
    )
    sheets = {
        "Plan": [{"identifiant": SLUG}],
        "Jalons": [
            {
                "engagement": 2,
                "référence": "j9",
                "intitulé": "Publier le bilan",
                "échéance": "2019-06-30",
            }
        ],
    }
    report = import_file(to_xlsx(sheets), "ajout.xlsx")
    assert report.ok, report.lines()
    assert commitment.milestones.filter(reference="j9").exists()
