"""The production static storage compresses a file only when its compressed copy is missing or
out of date, so a second ``collectstatic`` (each start of the web process) takes seconds, not
the two minutes of Brotli a full compression costs."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command
from whitenoise.compress import Compressor


@pytest.fixture
def static(tmp_path, settings):
    source = tmp_path / "source"
    (source / "css").mkdir(parents=True)
    (source / "css" / "site.css").write_text(
        "body { background: url('../img/fond.svg'); }\n" * 50, encoding="utf-8"
    )
    (source / "img").mkdir()
    (source / "img" / "fond.svg").write_text("<svg>" + "<g/>" * 200 + "</svg>", encoding="utf-8")
    (source / "app.js").write_text("console.log('pgo');\n" * 100, encoding="utf-8")
    settings.STATICFILES_DIRS = [source]
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "toolkit.staticfiles.CompressedManifestStaticFilesStorage"},
    }
    return source


def _collect(monkeypatch) -> list[str]:
    compressed: list[str] = []
    original = Compressor.compress

    def counting(self, path):
        compressed.append(os.path.basename(path))
        return original(self, path)

    monkeypatch.setattr(Compressor, "compress", counting)
    call_command("collectstatic", "--noinput", verbosity=0)
    monkeypatch.setattr(Compressor, "compress", original)
    return sorted(compressed)


def test_a_second_collectstatic_compresses_only_what_changed(static, monkeypatch, settings):
    first = _collect(monkeypatch)
    assert "app.js" in first and "site.css" in first and len(first) == 6  # 3 files, hashed too
    assert (settings.STATIC_ROOT / "app.js.gz").exists()

    assert _collect(monkeypatch) == []  # nothing changed: nothing compressed again

    changed = static / "app.js"
    changed.write_text("console.log('changé');\n" * 100, encoding="utf-8")
    later = os.stat(changed).st_mtime + 5  # collectstatic compares whole seconds
    os.utime(changed, (later, later))
    again = _collect(monkeypatch)
    # the changed original and its new hashed name, nothing else
    assert len(again) == 2 and "app.js" in again
    assert all(name.startswith("app.") for name in again)
    assert "changé" in (settings.STATIC_ROOT / "app.js").read_text(encoding="utf-8")


def test_source_maps_and_markdown_are_not_compressed_in_production(static, monkeypatch, settings):
    """Nobody's browser asks for them; Brotli on Swagger UI's and ReDoc's maps was a large part of
    a fresh static root's first collectstatic (the e2e test's and a new container's start)."""
    from toolkit.staticfiles import SKIP_COMPRESS_EXTENSIONS

    (static / "app.js.map").write_text('{"version": 3}' * 500, encoding="utf-8")
    (static / "LISEZMOI.md").write_text("# DSFR\n" * 500, encoding="utf-8")
    settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS = SKIP_COMPRESS_EXTENSIONS

    compressed = _collect(monkeypatch)

    assert "app.js" in compressed
    assert not [name for name in compressed if name.endswith((".map", ".md"))]
