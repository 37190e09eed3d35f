"""What `extra.sync` in mkdocs.yml may say: where the browser finds the sync server and the provisioner."""

from __future__ import annotations

import re

EXAMPLE = "extra:\n  sync:\n    server: /sync/\n    projects: /sync-projects/"
SITE_PATH = re.compile(r"^/(?!/)[A-Za-z0-9._~/-]*/$")  # a path on the site's own host, ending in /


def sync_settings_problem(sync: object) -> str:
    """Why extra.sync cannot be used, as a sentence with the fix, or "" (also when it is absent: sync is off)."""
    if sync is None or sync is False:
        return ""
    if not isinstance(sync, dict) or set(sync) != {"server", "projects"}:
        return f"mkdocs.yml 的 extra.sync 要寫成兩個路徑 server 和 projects，例如：\n{EXAMPLE}"
    for name in ("server", "projects"):
        value = sync[name]
        if not isinstance(value, str) or not SITE_PATH.match(value):
            return (f"mkdocs.yml 的 extra.sync.{name}「{value}」要是這個網站自己的路徑：以 / 開頭、以 / 結尾，"
                    "不含主機名稱（同步伺服器要經由同一個 nginx 代理，瀏覽器不會連到別的主機）")
    if sync["server"] == sync["projects"]:
        return "mkdocs.yml 的 extra.sync.server 和 extra.sync.projects 不能是同一個路徑"
    return ""
