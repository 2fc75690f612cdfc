"""Regenerate docs/web-view.png, docs/events-view.png and docs/map-view.png: the sample corpus's summit story,
the events between Biden and Xi in November 2023, and the map of every event's place, served by `chronicle
serve`, in chromium.

Run with `make screenshot` (needs Debian's chromium at /usr/bin/chromium).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

from chronicle.sources import sample_corpus
from chronicle.store import Store

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "web-view.png"
EVENTS_OUTPUT = OUTPUT.with_name("events-view.png")
MAP_OUTPUT = OUTPUT.with_name("map-view.png")
EVENTS_QUERY = "actor=Biden&actor=Xi+Jinping&since=2023-11-01&until=2023-11-30&min_confidence=0"
STORY_TITLE = "Biden and Xi agree to restore military talks"


def main() -> None:
    db = Path(tempfile.mkdtemp(prefix="chronicle-shot-")) / "demo.db"
    subprocess.run(
        [sys.executable, "-m", "chronicle", "ingest", str(sample_corpus()), "--db", str(db)],
        check=True,
        capture_output=True,
    )
    story_id = next(s.id for s in Store(f"sqlite:///{db}").stories() if STORY_TITLE in s.title)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "chronicle", "serve", "--db", str(db), "--port", str(port)])
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.get(base + "/")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(f"{base}/stories/{story_id}")
            page.screenshot(path=str(OUTPUT))
            page.goto(f"{base}/events?{EVENTS_QUERY}")
            page.screenshot(path=str(EVENTS_OUTPUT))
            page.goto(f"{base}/events?min_confidence=0")
            page.locator("figure.map").screenshot(path=str(MAP_OUTPUT))
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    print(f"wrote {OUTPUT}, {EVENTS_OUTPUT} and {MAP_OUTPUT}")


if __name__ == "__main__":
    main()
