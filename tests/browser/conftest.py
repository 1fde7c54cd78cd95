"""A live planwatch server and a real headless Chromium for browser tests.

The server runs in a thread of the test process (uvicorn on a free loopback port) on a private copy of
the seeded database. The browser is Debian's Chromium driven by Playwright; Playwright's own browser
download is never used (no internet here). Screenshots go to build/screenshots/ for people to look at.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from web_support import make_app

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-quic",
    # This machine has no internet: keep Chromium from trying Google's services at every start.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    """uvicorn serving the app in a background thread until `stop()`."""

    def __init__(self, url: str) -> None:
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.app = make_app(url)
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def live_server(seeded_sqlite: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    copy = tmp_path_factory.mktemp("live") / "live.sqlite3"
    shutil.copyfile(seeded_sqlite, copy)
    server = LiveServer(f"sqlite:///{copy}")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            "浏览器测试需要 Debian 的 chromium：请先运行 make system-deps（或 apt-get install chromium fonts-noto-cjk）。"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cookies) pointed at the live server, desktop-sized, in Chinese."""
    ctx = browser.new_context(
        base_url=live_server.base_url, viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page that fails the test on a JavaScript error, a CSP refusal or a failed asset.

    A page itself may answer 4xx on purpose (a refused form shows its message with 401/403), so
    only sub-resources (scripts, styles, fonts, API calls) count as failures.
    """
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource")
            else None
        ),
    )
    tab.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.request.resource_type not in ("document", "fetch", "xhr")
            else None
        ),
    )
    yield tab
    assert not errors, f"JavaScript errors on the page: {errors}"


def screenshot(page: Page, name: str, *, full_page: bool = False) -> Path:
    """Save a screenshot for people to look at: the first screen as NAME.png, the whole page as NAME-full.png.

    `make screenshots` copies the first-screen ones into docs/screenshots/ for the README.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path))
    if full_page:
        page.screenshot(path=str(SCREENSHOTS / f"{name}-full.png"), full_page=True)
    return path
