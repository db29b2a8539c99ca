"""Bulk open data: per published plan, a zip of CSV files and a JSON document with exactly what
the API returns for that plan (``bulk``), the downloads list and files of the API (``api``), and
the Celery jobs that regenerate them after changes and nightly (``tasks``)."""
