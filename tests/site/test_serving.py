"""`make serve` hears a save at once, and its background search indexing makes way for the next rebuild."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from handbook.plugin.serving import BackgroundIndex, watch_with_system_events


def dev_server(root: Path, polling_interval: float) -> LiveReloadServer:
    """MkDocs' dev server as `mkdocs serve` makes it (not serving: only its watcher runs in these tests)."""
    return LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(root),
                            polling_interval=polling_interval)


def heard(server: LiveReloadServer, within: float) -> bool:
    """Whether the server wants a rebuild within the time given; then, once the save's events have all come in
    (one save is several), it no longer does (as after a rebuild)."""
    with server._rebuild_cond:
        wanted = server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=within)
    time.sleep(0.5)
    with server._rebuild_cond:
        server._want_rebuild = False
    return wanted


def test_a_save_in_a_watched_folder_is_heard_without_waiting_for_a_walk_and_reading_is_no_save(tmp_path):
    """MkDocs walks the watched folders (twice a second by default; every 60 s here, so a walk cannot be what
    hears the save); the handbook's serve hears a save from the system's file events."""
    folder = tmp_path / "playbooks"
    folder.mkdir()
    playbook = folder / "a.md"
    playbook.write_text("一", encoding="utf-8")
    checklists = tmp_path / "checklists"
    checklists.mkdir()
    server = dev_server(tmp_path, polling_interval=60)
    server.watch(str(folder))  # watched before the plugin's on_serve (docs_dir) …
    watch_with_system_events(server)
    server.watch(str(checklists))  # … and after it (mkdocs.yml's watch: list)
    server.observer.start()
    try:
        time.sleep(0.2)
        playbook.read_text(encoding="utf-8")  # every build reads every source file: no save
        assert not heard(server, within=1.0), "reading a file started a rebuild (it would rebuild for ever)"
        started = time.monotonic()
        playbook.write_text("二", encoding="utf-8")
        assert heard(server, within=5.0), "a save went unheard"
        assert time.monotonic() - started < 5.0
        (checklists / "b.yml").write_text("新", encoding="utf-8")
        assert heard(server, within=5.0), "a new file went unheard"
    finally:
        server.observer.stop()
        server.observer.join(10)


def test_a_watched_file_replaced_by_a_rename_is_still_heard_the_second_time(tmp_path):
    """Editors save by writing a new file and renaming it over the old one: a single watched file (mkdocs.yml) is
    still heard after it was replaced (an event watch on the file itself would stay on the one replaced)."""
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: 一\n", encoding="utf-8")
    server = dev_server(tmp_path, polling_interval=60)
    server.watch(str(config))
    watch_with_system_events(server)
    server.observer.start()
    try:
        time.sleep(0.3)
        for number in range(3):
            saved = tmp_path / f".mkdocs.yml.new{number}"
            saved.write_text(f"site_name: {number}{'長' * number}\n", encoding="utf-8")
            os.replace(saved, config)
            assert heard(server, within=5.0), f"save {number + 1} of mkdocs.yml went unheard"
    finally:
        server.observer.stop()
        server.observer.join(10)


COUNTER = """
import sys, time
from pathlib import Path
out = Path(sys.argv[1])
for n in range(60):
    out.write_text(str(n))
    time.sleep(0.05)
"""


def count(path: Path) -> int:
    """The counter the indexing stand-in writes (-1 before it starts)."""
    try:
        return int(path.read_text() or -1)
    except (FileNotFoundError, ValueError):
        return -1


def test_a_rebuild_pauses_the_background_indexing_and_it_goes_on_afterwards(tmp_path):
    """The indexing of the previous save (a process and the processes it starts) stops while a rebuild runs."""
    out = tmp_path / "count"
    index = BackgroundIndex()
    index.request([sys.executable, "-c", COUNTER, str(out)])
    deadline = time.monotonic() + 20
    while count(out) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    index.pause()
    time.sleep(0.2)
    paused_at = count(out)
    time.sleep(0.6)
    assert count(out) == paused_at >= 3, "the indexing went on during the rebuild"
    index.resume()
    assert index.wait(30), "the indexing did not finish after the rebuild"
    assert count(out) == 59


def test_an_indexing_asked_for_during_a_rebuild_starts_paused(tmp_path):
    """A run that the previous one asked for, starting while a rebuild runs, waits for it too."""
    out = tmp_path / "count"
    index = BackgroundIndex()
    index.pause()
    index.request([sys.executable, "-c", COUNTER, str(out)])
    time.sleep(1.0)
    assert count(out) == -1
    index.resume()
    assert index.wait(30)
    assert count(out) == 59


def test_a_path_the_system_cannot_watch_is_polled_as_mkdocs_does(tmp_path, monkeypatch):
    """No file events left for a folder (inotify's limit reached): it is walked as before, and a save is heard."""
    folder = tmp_path / "playbooks"
    folder.mkdir()
    server = dev_server(tmp_path, polling_interval=0.1)
    watch_with_system_events(server)

    def no_events(*args, **kwargs):
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(server.observer.native, "schedule", no_events)
    server.watch(str(folder))
    assert set(server.observer.owners.values()) == {server.observer.polling}
    server.observer.start()
    try:
        time.sleep(0.3)
        (folder / "a.md").write_text("一", encoding="utf-8")
        assert heard(server, within=5.0), "a save in a polled folder went unheard"
    finally:
        server.observer.stop()
        server.observer.join(10)
