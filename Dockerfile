# One image for web, Celery worker and Celery beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=pgo_portal.settings.production

RUN useradd --create-home --uid 1000 pgo

# WeasyPrint (the PDF of the reports to Parliament) needs Pango, HarfBuzz and fonts.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir uv==0.13.9 \
    && uv pip install --system --no-cache -r requirements.lock

COPY . .
# Compile the translation catalogues (.po → .mo), the project's and each app's, as `make install` does.
RUN python -c "import glob, polib; [polib.pofile(p).save_as_mofile(p[:-3] + '.mo') for p in glob.glob('locale/*/LC_MESSAGES/*.po') + glob.glob('*/locale/*/LC_MESSAGES/*.po')]"
# The static files are collected when the web process starts (deploy/start-web.sh), with the
# real settings: nothing to fake at build time, and a fresh volume never serves pages without
# their manifest.
RUN mkdir -p /app/var/staticfiles /app/var/media && chown -R pgo:pgo /app/var

USER pgo
EXPOSE 8000
CMD ["sh", "deploy/start-web.sh"]
