"""Fixtures of the open-data tests: bulk files in a temporary directory, a fixed site address,
and helpers to open and validate a package."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import frictionless
import pytest
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def _media_and_site(settings, tmp_path):
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://pgo.example.gouv.fr"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "pgo.example.gouv.fr"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    yield


@pytest.fixture
def client():
    """Pages asked at the site's address: their links come from the request."""
    return Client(HTTP_HOST="pgo.example.gouv.fr", HTTP_X_FORWARDED_PROTO="https")
    cache.clear()


def unzip(path: Path, into: Path) -> Path:
    """Extract a package's zip; returns its folder (the one holding datapackage.json)."""
    with zipfile.ZipFile(path) as archive:
        archive.extractall(into)
        (folder,) = {name.split("/", 1)[0] for name in archive.namelist()}
    return into / folder


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    """Write rows back as the portal writes them (UTF-8 with BOM, CRLF)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def errors_of(descriptor: Path) -> list[tuple[str | None, int | None, str | None, str]]:
    """Every error frictionless finds in a package: (file, row, column, kind)."""
    report = frictionless.validate(str(descriptor))
    return [
        (task.name, error.get("rowNumber"), error.get("fieldName"), error["type"])
        for task in report.tasks
        for error in (e.to_descriptor() for e in task.errors)
    ] + [(None, None, None, e.type) for e in report.errors]
