"""The tests' loopback server (tests/loopback.py) compresses text as the intranet's nginx does."""

from __future__ import annotations

import gzip
import urllib.request

from loopback import served


def test_the_loopback_server_gzips_text_like_nginx(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.html").write_text("<p>續保</p>" * 100, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" * 100)
    with served(tmp_path, compressed=True) as url:
        def get(path: str, encoding: str) -> tuple[dict, bytes]:
            request = urllib.request.Request(url + path, headers={"Accept-Encoding": encoding})
            with urllib.request.urlopen(request) as response:
                return dict(response.headers), response.read()
        headers, body = get("docs/", "gzip, deflate")
        assert headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
        assert gzip.decompress(body).decode("utf-8") == "<p>續保</p>" * 100
        headers, body = get("docs/index.html", "identity")
        assert "Content-Encoding" not in headers and body.decode("utf-8") == "<p>續保</p>" * 100
        headers, body = get("logo.png", "gzip")
        assert "Content-Encoding" not in headers and body == b"\x89PNG" * 100

