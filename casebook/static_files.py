"""Static files: fingerprinted names, compressed copies, long cache lifetimes (WhiteNoise).

At start-up every file under casebook/static is copied once into a build folder, under
its own name and under a name that carries a digest of its content
(css/site.1a2b3c4d5e6f.css), with gzip and Brotli copies beside each
(whitenoise.compress). `url_for('static', filename=...)` names the fingerprinted copy,
which browsers and proxies may keep for a year without asking again: a changed file
gets a new name, so no reader ever sees a stale one. The plain names still answer (old
pages, hand-typed links) with `no-cache`, so they are revalidated by ETag each time.

WhiteNoise answers /static/ before Flask sees the request (no session is read, no
after_request hook runs), so the headers static files need are set here; anything
Flask itself answers follows casebook/security.py.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

# A year, the longest lifetime caches are asked to honour (RFC 9111 practice), and
# "immutable": a fingerprinted file never changes, so not even a reload revalidates it.
FOREVER = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
DIGEST_LENGTH = 12


def register(app: Flask) -> None:
    """Serve app.static_folder through WhiteNoise and make url_for name fingerprints."""
    source = Path(app.static_folder)
    files = _source_files(source)
    manifest = {name: fingerprinted_name(name, digest) for name, digest in files.items()}
    build = _build(source, manifest, Path(app.config["STATIC_BUILD_DIR"]))

    prefix = app.static_url_path.rstrip("/") + "/"
    immutable_urls = frozenset(prefix + name for name in manifest.values())

    def add_headers(headers, _path, url):
        headers["Cache-Control"] = FOREVER if url in immutable_urls else REVALIDATE
        headers["X-Content-Type-Options"] = "nosniff"

    # max_age=None: WhiteNoise sets no Cache-Control of its own; add_headers decides.
    # No cross-origin reads: nothing is served from another host (no CDN).
    server = WhiteNoise(app.wsgi_app, max_age=None, allow_all_origins=False,
                        add_headers_function=add_headers)
    server.add_files(str(build), prefix=prefix)
    app.wsgi_app = server
    app.extensions["static_manifest"] = manifest

    @app.url_defaults
    def _fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static":
            name = values.get("filename")
            values["filename"] = manifest.get(name, name)


def fingerprinted_name(name: str, digest: str) -> str:
    """css/site.css with digest 1a2b... -> css/site.1a2b....css (the digest before the suffix)."""
    path = PurePosixPath(name)
    stem, suffix = (path.stem, path.suffix) if path.suffix else (path.name, "")
    return str(path.with_name(f"{stem}.{digest}{suffix}"))


def _source_files(source: Path) -> dict[str, str]:
    """Each file's path under `source` (with /) and a digest of its content."""
    files = {}
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:DIGEST_LENGTH]
        files[path.relative_to(source).as_posix()] = digest
    return files


def _build(source: Path, manifest: dict[str, str], root: Path) -> Path:
    """The build folder for these exact files, made once and then reused.

    Its name is a digest of the manifest, so a changed file means a new folder. It is
    made under a temporary name and renamed into place: workers starting together never
    see a half-written copy, and the one that loses the race discards its own.
    """
    key = hashlib.sha256(repr(sorted(manifest.items())).encode()).hexdigest()[:DIGEST_LENGTH]
    target = root / key
    if target.is_dir():
        return target
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
    try:
        compressor = Compressor(quiet=True)
        for name, fingerprinted in manifest.items():
            for copy_name in (name, fingerprinted):
                copy = staging / copy_name
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source / name, copy)
                if compressor.should_compress(copy.name):
                    compressor.compress(str(copy))
        os.rename(staging, target)
    except OSError:
        if not target.is_dir():
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
