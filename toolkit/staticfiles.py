"""The production storage of the static files: WhiteNoise's compressed manifest storage, which
compresses a file only when its compressed copy is missing or out of date.

WhiteNoise recompresses every file at every ``collectstatic``: about two minutes of Brotli
for the DSFR and Swagger UI bundles on two CPUs, at each start of the web process
(``deploy/start-web.sh``). Two kinds of names are kept compressed as they are:

* a hashed name (``dsfr.min.0e314e1073c6.css``): its name is the hash of its content, so an
  existing compressed copy is the compression of that content (Django rewrites the hashed CSS
  and JavaScript files at each run, with the same content and a new modification time);
* any other name whose compressed copy bears its modification time (WhiteNoise writes it so):
  ``collectstatic`` rewrites an original name only when its source changed.

A fresh static root (a new container) still compresses everything once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage as _WhiteNoiseStorage

# Source maps (the 2-4 MB ones of Swagger UI and ReDoc, twice each with their hashed copies) and
# the packages' Markdown files are never asked for by a visitor's browser: compressing them
# with Brotli was a large part of a fresh static root's first collectstatic.
SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map", "md"]


class CompressedManifestStaticFilesStorage(_WhiteNoiseStorage):
    def _compressed_is_current(self, name: str, hashed: set[str]) -> bool:
        full = self.path(name)
        try:
            mtime = os.stat(full).st_mtime
        except OSError:
            return False
        for suffix in (".br", ".gz"):
            try:
                compressed = os.stat(full + suffix)
            except OSError:
                continue
            if compressed.st_size and (name in hashed or compressed.st_mtime == mtime):
                return True
        return False

    def compress_files(self, paths: Iterable[str]) -> Iterator[tuple[str, str]]:
        hashed = set(self.hashed_files.values())
        yield from super().compress_files(
            [name for name in paths if not self._compressed_is_current(name, hashed)]
        )
