"""Benchmark: the window with a large vault — unlock to Capture, every page switch, peak memory.

Run by hand: ``python benchmarks/gui_scale.py --items 2000 [--chat-pictures 1000] [--vault DIR] [--shots DIR]``.

Builds (in a child process, so its memory is not counted) a vault of ``--items``
screenshots plus a WhatsApp export holding ``--chat-pictures`` pictures (default
half the screenshots, at most what the zip reader accepts), a few accounts
with linked evidence, payments and events. Then, offscreen, through the real
window: opens a small baseline vault and the large one from the Case page
(passphrase typed, "Open" pressed) to the Capture page, lets the window idle
two seconds (a person reading the page; the window reloads its hidden pages
meanwhile), visits every page, and locks. The baseline is measured in the same run, so the ratios say how
the window grows with the vault whatever the machine. The last three lines
are the figures for the large vault::

    open to capture: N ms
    slowest page switch: N ms
    peak memory: N MiB

``--vault DIR`` keeps the built vault in DIR and reuses it on the next run
(the same N must be asked for). ``--shots DIR`` saves a PNG of every page.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "benchmark passphrase 1"
LUCAS = ROOT / "tests" / "data" / "chat" / "Discussion WhatsApp avec Lucas.txt"
MAX_CHAT_PICTURES = 1900  # the zip reader refuses exports of more than 2,000 members
BASELINE_ITEMS = 10
IDLE_AFTER_OPEN_S = 2.0  # between the unlock and the first switch, as a person reads the Capture page


# --- building the vault (child process) ------------------------------------------------------


def _screenshot(index: int, rng: random.Random) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (540, 1170), (245, 245, 247))
    draw = ImageDraw.Draw(image)
    for row in range(24):
        y = 60 + row * 44
        x = 20 if row % 3 else 200
        width = rng.randint(120, 300)
        colour = (0, 132, 255) if x > 100 else (228, 230, 235)
        draw.rounded_rectangle((x, y, x + width, y + 34), radius=12, fill=colour)
        draw.text((x + 10, y + 10), f"message {index}-{row}", fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def _photo(index: int) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), ((index * 37) % 255, (index * 91) % 255, (index * 53) % 255))
    ImageDraw.Draw(image).text((20, 20), f"photo {index}", fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=70)
    return out.getvalue()


def _chat_zip(folder: Path, pictures: int) -> Path:
    text = LUCAS.read_text(encoding="utf-8").rstrip("\n")
    lines = [text]
    names = []
    for index in range(pictures):
        name = f"IMG-20240313-WA{index:04d}.jpg"
        names.append(name)
        lines.append(f"13/03/2024 21:{index % 60:02d} - Lucas: {name} (fichier joint)")
    path = folder / "Discussion WhatsApp avec Lucas.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Discussion WhatsApp avec Lucas.txt", "\n".join(lines) + "\n")
        for index, name in enumerate(names):
            archive.writestr(name, _photo(index))
    return path


def cheap_kdf() -> None:
    """Argon2id at test cost for the benchmark's own vaults (the key derivation is not what is measured)."""
    from evidence_kit.core import crypto

    if hasattr(crypto, "KDF_FLOOR"):  # a floor the program never goes below: lowered here, in this process only
        crypto.KDF_FLOOR = crypto.KdfParams.for_tests()


def build_vault(folder: Path, items: int, chat_pictures: int) -> None:
    from evidence_kit.core.case import Case
    from evidence_kit.core.crypto import KdfParams
    from evidence_kit.core.model import (
        Account,
        AccountOwner,
        EvidenceKind,
        Origin,
        Payment,
        PaymentKind,
        PaymentMethod,
        Stage,
        TimelineEvent,
    )

    cheap_kdf()
    rng = random.Random(18)
    kinds = list(EvidenceKind)
    case, _code = Case.create(folder, PASSPHRASE, name="Scale", kdf=KdfParams.for_tests())
    with case:
        accounts = [
            case.save_account(Account(id="", platform=platform, owner=AccountOwner.SCAMMER, username=f"scammer{n}"))
            for n, platform in enumerate(("instagram", "whatsapp", "snapchat", "telegram", "tiktok"))
        ]
        case.save_account(Account(id="", platform="instagram", owner=AccountOwner.VICTIM, username="me"))
        for index in range(items):
            account = accounts[index % len(accounts)]
            case.add_bytes(
                _screenshot(index, rng),
                origin=Origin.SCREEN_CAPTURE,
                kind=kinds[index % len(kinds)],
                account=account.username,
            )
        # One item in twenty linked to an account, as a person links the key screenshots.
        for index, item in enumerate(case.evidence_items()):
            if index % 20 == 0:
                case.update_item(item.id, account_ids=[accounts[index % len(accounts)].id])
        for n in range(6):
            case.save_payment(
                Payment(
                    id="",
                    kind=PaymentKind.DEMAND if n % 2 == 0 else PaymentKind.PAYMENT,
                    amount=str(100 * (n + 1)),
                    currency="EUR",
                    method=PaymentMethod.GIFT_CARD,
                    date=f"2024-03-1{n}",
                )
            )
        for n, stage in enumerate(list(Stage)[:6]):
            case.save_event(TimelineEvent(id="", date=f"2024-03-0{n + 1}", stage=stage, description=f"event {n}"))
        if chat_pictures:
            from evidence_kit.chat.importer import import_chat

            with tempfile.TemporaryDirectory() as work:
                import_chat(case, _chat_zip(Path(work), chat_pictures), scammer="Lucas")
        total = len(case.items)
    (folder.parent / f"{folder.name}.json").write_text(
        json.dumps({"items": items, "chat_pictures": chat_pictures, "total": total})
    )


def ensure_vault(folder: Path, items: int, chat_pictures: int) -> dict[str, int]:
    """The vault in ``folder``: reused when built for the same sizes, else built by a child process."""
    stamp = folder.parent / f"{folder.name}.json"
    if stamp.exists():
        facts = json.loads(stamp.read_text())
        if facts.get("items") == items and facts.get("chat_pictures") == chat_pictures and folder.exists():
            return facts
        raise SystemExit(f"{folder} holds a vault of other sizes ({facts}); choose another --vault")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--build", str(folder), "--items", str(items)]
        + ["--chat-pictures", str(chat_pictures)],
        check=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    seconds = time.perf_counter() - started
    print(f"built {folder.name}: {items} screenshots, {chat_pictures} chat pictures in {seconds:.0f} s")
    return json.loads(stamp.read_text())


# --- measuring (this process) ----------------------------------------------------------------


def _settle(app, window) -> None:  # type: ignore[no-untyped-def]
    """Process what is queued and paint the window, as a person would see it."""
    app.processEvents()
    window.repaint()
    app.processEvents()


def _idle(app, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """The event loop runs with no input, as while a person reads the page."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)


def _wait(app, condition, limit_s: float = 600) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + limit_s
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("the window did not get there in time")
        app.processEvents()
        time.sleep(0.001)


def open_and_visit(app, window, folder: Path, shots: Path | None, label: str) -> tuple[float, dict[str, float]]:  # type: ignore[no-untyped-def]
    """Unlock ``folder`` from the Case page to the Capture page, then visit every page; times in ms."""
    from evidence_kit.gui.window import STEPS

    window.show_step("case")
    _settle(app, window)
    page = window.pages["case"]
    page.prefill_open(folder)
    page.open_secret.setText(PASSPHRASE)
    started = time.perf_counter()
    page.open_case()
    _wait(app, lambda: window.session.case is not None and window.current_step == "capture")
    _settle(app, window)
    open_ms = (time.perf_counter() - started) * 1000
    _idle(app, IDLE_AFTER_OPEN_S)
    switches: dict[str, float] = {}
    for step in (*STEPS, "capture"):
        began = time.perf_counter()
        window.show_step(step)
        _settle(app, window)
        switches[step] = max(switches.get(step, 0.0), (time.perf_counter() - began) * 1000)
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(shots / f"{label}-{STEPS.index(step) + 1}-{step}.png"))
    window.session.lock()
    _settle(app, window)
    return open_ms, switches


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(args: argparse.Namespace, work: Path) -> None:
    home = work / "home"
    for sub in (".config", ".local/share", ".cache"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    os.environ.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        QT_QPA_PLATFORM="offscreen",
    )
    os.environ.setdefault("EVIDENCE_KIT_LANG", "fr")
    baseline = work / "baseline"
    ensure_vault(baseline, BASELINE_ITEMS, min(BASELINE_ITEMS // 2, MAX_CHAT_PICTURES))
    large = args.vault or (work / "large")
    facts = ensure_vault(large, args.items, args.chat_pictures)

    from PySide6.QtWidgets import QApplication

    cheap_kdf()
    app = QApplication.instance() or QApplication([])
    from evidence_kit.gui.app import build_window
    from evidence_kit.gui.workers import collect_garbage_in_gui_thread

    collect_garbage_in_gui_thread(app)
    session, window = build_window("fr")
    window.resize(1280, 800)
    window.show()
    _settle(app, window)
    window.build_all_pages()
    _settle(app, window)

    base_open, base_switches = open_and_visit(app, window, baseline, args.shots, "baseline")
    base_peak = peak_mib()
    big_open, big_switches = open_and_visit(app, window, large, args.shots, "large")
    slowest_step = max(big_switches, key=lambda s: big_switches[s])
    base_slowest = max(base_switches.values())
    print(f"vault: {facts['items']} screenshots + {facts['chat_pictures']} chat pictures = {facts['total']} items")
    print(
        f"baseline vault ({BASELINE_ITEMS} screenshots): open {base_open:.0f} ms, slowest switch {base_slowest:.0f} ms"
    )
    for step, ms in big_switches.items():
        print(f"  switch to {step}: {ms:.0f} ms")
    switch_ratio = big_switches[slowest_step] / max(base_slowest, 0.1)
    print(f"ratios to baseline: open {big_open / base_open:.1f}x, slowest switch {switch_ratio:.1f}x")
    print(f"memory after baseline: {base_peak:.0f} MiB")
    print(f"slowest page: {slowest_step}")
    window.close()
    print(f"open to capture: {big_open:.0f} ms")
    print(f"slowest page switch: {big_switches[slowest_step]:.0f} ms")
    print(f"peak memory: {peak_mib():.0f} MiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=2000, help="screenshots in the vault")
    parser.add_argument("--chat-pictures", type=int, default=-1, help="pictures in the chat export (default items/2)")
    parser.add_argument("--vault", type=Path, help="build the vault here and keep it (reused when present)")
    parser.add_argument("--shots", type=Path, help="save a picture of every page here")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.chat_pictures < 0:
        args.chat_pictures = min(args.items // 2, MAX_CHAT_PICTURES)
    if args.build is not None:
        build_vault(args.build, args.items, args.chat_pictures)
        return 0
    with tempfile.TemporaryDirectory(prefix="ek-gui-scale-") as temporary:
        measure(args, Path(temporary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
