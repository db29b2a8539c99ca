#!/bin/sh
# The production start of the web process (docker-compose.yml's web service, the e2e test):
# collect the static files into STATIC_ROOT first, so the HTML pages never go out before their
# manifest exists (CompressedManifestStaticFilesStorage raises on a missing entry), whatever
# the image or volume; then serve with gunicorn: WEB_WORKERS sync processes; WEB_THREADS > 1
# gives each threads (gthread), which bench/load_bench.py did not find better on 2 CPUs.
set -eu
python manage.py collectstatic --noinput --verbosity 0
exec gunicorn pgo_portal.wsgi:application \
  --bind "${WEB_BIND:-0.0.0.0:8000}" \
  --workers "${WEB_WORKERS:-3}" \
  --threads "${WEB_THREADS:-1}" \
  --timeout "${WEB_TIMEOUT:-30}" \
  --access-logfile -
