"""Plan import and export in the ``pgo-plan/1`` format (see ``importexport/IMPORT_FORMAT.md``).

Services (``importer`` and ``exporter``):

- ``plan_import(*, data, filename, actor, source="import", dry_run=False, actor_label="")``
  → ``ImportReport``: all or nothing, keyed on plan slug, commitment number and indicator /
  milestone reference; a re-import of the same file writes nothing.
- ``plan_export(*, plan, fmt="json" | "xlsx")`` → ``bytes``, the same format.
"""
