"""Plan import and export in the ``pgo-plan/1`` format (see ``commitments/IMPORT_FORMAT.md``).

Services:

- ``plan_import(*, data, filename, actor, source="import", dry_run=False, actor_label="")``
  → ``ImportReport``: all or nothing, keyed on plan slug, commitment number and indicator /
  milestone reference; a re-import of the same file writes nothing.
- ``plan_export(*, plan, fmt="json" | "xlsx")`` → ``bytes``, the same format.
"""

from .exporter import FORMATS, plan_document, plan_export
from .importer import plan_import, user_can_import_plans
from .report import ImportIssue, ImportReport
from .schema import FORMAT_ID

__all__ = [
    "FORMATS",
    "FORMAT_ID",
    "ImportIssue",
    "ImportReport",
    "plan_document",
    "plan_export",
    "plan_import",
    "user_can_import_plans",
]
