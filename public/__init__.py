"""The public site, for citizens: plan dashboards, the commitments list and pages, the
administrations and their league table, the method and glossary, the static pages (open data,
accessibility, legal notice, site map), the Atom feeds and the error pages. Read-only: every
page reads through ``selectors`` in a fixed number of queries and is cached for anonymous
visitors (``toolkit.cache``)."""
