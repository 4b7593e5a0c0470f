"""The receiver with a real phone browser: Debian's Chromium, headless, driven by Selenium, on loopback only.

The page is the one a phone gets; files are chosen in its file input and
nothing else is clicked.  Expected hashes are computed with ``hashlib`` over
the files the test wrote.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import selectors
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from helpers import PASSPHRASE, png_bytes

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.model import Origin
from evidence_kit.i18n import Register
from evidence_kit.receiver.server import PhoneReceiver

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver")

if not (CHROMIUM and CHROMEDRIVER):
    if os.environ.get("EVIDENCE_KIT_REQUIRE_TOOLS"):
        raise RuntimeError("chromium and chromium-driver are required (apt-get install chromium chromium-driver)")
    pytest.skip("needs chromium and chromium-driver", allow_module_level=True)

from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _browser(tmp_path: Path, lang: str) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM  # type: ignore[assignment]
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        f"--lang={lang}",
    ):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": lang})
    return webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))


@pytest.fixture
def browser_en(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    driver = _browser(tmp_path, "en-GB")
    yield driver
    driver.quit()


@pytest.fixture
def browser_fr(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    driver = _browser(tmp_path, "fr-FR")
    yield driver
    driver.quit()


def _choose_and_wait(driver: webdriver.Chrome, url: str, files: list[Path]) -> list[tuple[str, str]]:
    """Open the page, choose the files, wait until every row is settled; (data-status, text) per row."""
    driver.get(url)
    driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys("\n".join(str(f) for f in files))

    def settled(d: webdriver.Chrome) -> list[tuple[str, str]] | None:
        rows = d.find_elements(By.CSS_SELECTOR, "#list li")
        found = [(r.get_attribute("data-status") or "", r.find_element(By.CSS_SELECTOR, ".state").text) for r in rows]
        if len(found) == len(files) and all(status != "sending" for status, _ in found):
            return found
        return None

    return WebDriverWait(driver, 60, poll_frequency=0.1).until(settled)


def _read_line(process: subprocess.Popen[str], timeout: float) -> str:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    if not selector.select(timeout):
        raise AssertionError("no line from the receiver in time")
    return process.stdout.readline()


def test_evidence_kit_receive_takes_two_files_chosen_on_the_page_and_the_page_says_intact(
    tmp_path: Path, browser_en: webdriver.Chrome
) -> None:
    folder = tmp_path / "case"
    Case.create(folder, PASSPHRASE, kdf=KdfParams.for_tests())[0].close()
    picture = tmp_path / "Screenshot_2026-11-29.png"
    picture.write_bytes(png_bytes(1080, 600, marker=b"browser-test"))
    video = tmp_path / "threat video.mp4"
    video.write_bytes(os.urandom(1_500_000))  # two chunks
    env = dict(os.environ, EVIDENCE_KIT_PASSPHRASE=PASSPHRASE, PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "evidence_kit", "receive", str(folder), "--json", "--max-files", "2"]
    process = subprocess.Popen([*command, "--bind", "127.0.0.1"], stdout=subprocess.PIPE, text=True, env=env)
    try:
        first = json.loads(_read_line(process, 30))
        assert set(first) == {"url"}

        rows = _choose_and_wait(browser_en, first["url"], [picture, video])

        assert rows == [("intact", "received intact ✓")] * 2
        assert process.wait(timeout=30) == 0
        assert process.stdout is not None
        lines = [json.loads(line) for line in process.stdout.read().splitlines()]
    finally:
        process.kill()
        process.wait()
    expected = {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in (picture, video)}
    assert {line["sha256"] for line in lines} == set(expected)
    with Case.open(folder, passphrase=PASSPHRASE) as case:
        items = case.evidence_items()
        assert {item.sha256 for item in items} == set(expected)
        for item in items:
            assert item.origin == Origin.PHONE_UPLOAD
            assert item.source_name == expected[item.sha256].name
            assert item.source_dates and item.source_dates[0].value.endswith("+00:00")
            with case.open_original(item.id) as original:
                assert hashlib.sha256(original.read()).hexdigest() == item.sha256


class TappedProxy:
    """A loopback TCP relay that keeps every byte both ways: the traffic as the network carries it."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.captured = bytearray()
        self._lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                with self._lock:
                    self.captured += data
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.listener.close()


def test_the_traffic_holds_neither_the_files_bytes_nor_the_key_and_the_page_speaks_french(
    tmp_path: Path, case: Case, browser_fr: webdriver.Chrome
) -> None:
    marker = b"MARKER-" + os.urandom(8).hex().encode() + b"-"
    secret_file = tmp_path / "capture.pdf"
    secret_file.write_bytes(b"%PDF-1.4\n" + marker * 40_000)  # about 1 MiB of the marker
    receiver = PhoneReceiver(case, bind="127.0.0.1", register=Register.VICTIM)
    url = receiver.start()
    parts = urlsplit(url)
    proxy = TappedProxy((parts.hostname or "127.0.0.1", parts.port or 0))
    try:
        proxied = urlunsplit(parts._replace(netloc=f"127.0.0.1:{proxy.port}"))
        rows = _choose_and_wait(browser_fr, proxied, [secret_file])
        assert rows == [("intact", "reçu intact ✓")]
        assert browser_fr.find_element(By.ID, "intro").text.startswith("Choisis ")  # the victim's "tu"
    finally:
        receiver.stop()
        proxy.close()
    time.sleep(0.1)
    traffic = bytes(proxy.captured)
    assert len(traffic) > len(secret_file.read_bytes())  # the file did cross, encrypted
    assert marker[:16] not in traffic
    assert parts.fragment.encode() not in traffic and parts.fragment[2:12].encode() not in traffic
    assert [item.sha256 for item in case.evidence_items()] == [hashlib.sha256(secret_file.read_bytes()).hexdigest()]


@pytest.mark.slow
def test_a_100_mib_file_from_the_page_arrives_intact(tmp_path: Path, case: Case, browser_en: webdriver.Chrome) -> None:
    big = tmp_path / "screen-recording.mp4"
    with open(big, "wb") as handle:
        for _ in range(25):
            handle.write(os.urandom(4 << 20))
    receiver = PhoneReceiver(case, bind="127.0.0.1")
    url = receiver.start()
    try:
        browser_en.get(url)
        browser_en.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(big))
        WebDriverWait(browser_en, 600, poll_frequency=0.5).until(
            lambda d: d.find_element(By.CSS_SELECTOR, "#list li").get_attribute("data-status") != "sending"
        )
        assert browser_en.find_element(By.CSS_SELECTOR, "#list li").get_attribute("data-status") == "intact"
    finally:
        receiver.stop()
    digest = hashlib.sha256()
    with open(big, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    [item] = case.evidence_items()
    assert (item.sha256, item.size) == (digest.hexdigest(), 100 << 20)
