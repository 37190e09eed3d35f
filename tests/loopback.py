"""A loopback HTTP server for tests (and the benchmark): a folder served on 127.0.0.1, gzipped like nginx."""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that does not log every request."""

    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        """Stay silent."""


COMPRESSED_SUFFIXES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


@functools.lru_cache(maxsize=64)
def gzipped(path: str, mtime: float) -> bytes:
    """A file's bytes gzipped at nginx's level in deploy/nginx/handbook.conf (gzip_comp_level 5)."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=5)


class GzipHandler(QuietHandler):
    """Compresses text files for clients that accept gzip, as the intranet's nginx does (deploy/nginx/)."""

    def do_GET(self):
        """Send a text file gzipped when the client accepts it; anything else as the plain handler does."""
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.endswith(COMPRESSED_SUFFIXES) \
                or not os.path.isfile(path):
            return super().do_GET()
        body = gzipped(path, os.path.getmtime(path))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def served(directory: Path, compressed: bool = False) -> Iterator[str]:
    """Serve directory on 127.0.0.1 on a free port for the duration (gzipped like nginx if compressed); yields the base URL."""
    handler = functools.partial(GzipHandler if compressed else QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
