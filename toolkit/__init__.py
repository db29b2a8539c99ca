"""The shared toolkit: what several apps use and no app owns (API base classes, pagination,
CSV, fast serializers, strict filters, the page cache, debouncing, bulk SQL, DSFR forms, the
health check).

It imports no app of the portal (an import-linter contract says so): whatever it needs to know
about the apps comes in as arguments or settings.
"""
