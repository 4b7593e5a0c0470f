"""Benchmark: receive one large file from a "phone" into a case, against ``evidence-kit add`` of the same file.

Run by hand: ``python benchmarks/receive.py [--mib 1024]``.
A Python client plays the phone (same wire format as the page: 1 MiB chunks,
ChaCha20-Poly1305) and sends to ``evidence-kit receive --bind 127.0.0.1
--max-files 1``; the receiver runs under a small wrapper so its own peak
resident memory is measured alone.  In the same run, ``evidence-kit add`` of
the same file gives the baseline (the same intake from a local file).  Prints
both times, their ratio, and both peak RSS (target for the receiver: under
200 MiB whatever the size, since chunks are streamed into the vault).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evidence_kit.receiver.protocol import CHUNK_SIZE, Kind, key_from_fragment, seal  # noqa: E402

WRAPPER = (
    "import resource, subprocess, sys; p = subprocess.Popen(sys.argv[1:], stdout=sys.stdout); p.wait();"
    "print(json.dumps({'rss_kib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}), flush=True)"
)


def send_file(url: str, path: Path) -> None:
    parts = urlsplit(url)
    key = key_from_fragment(parts.fragment)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    file_id = os.urandom(16)
    size = path.stat().st_size
    meta = json.dumps({"name": path.name, "size": size, "type": "video/mp4", "lastModified": 0}).encode()
    conn.request("POST", f"{parts.path}f/{file_id.hex()}", seal(key, Kind.META, file_id, meta))
    assert conn.getresponse().read() is not None
    pieces = max(1, -(-size // CHUNK_SIZE))
    with open(path, "rb") as handle:
        for index in range(pieces):
            last = index == pieces - 1
            message = seal(key, Kind.CHUNK, file_id, handle.read(CHUNK_SIZE), index, last)
            path = f"{parts.path}f/{file_id.hex()}/{index}" + ("?last=1" if last else "")
            while True:
                conn.request("PUT", path, message)
                response = conn.getresponse()
                response.read()
                if response.status != 429:  # too fast: wait as the page does
                    break
                time.sleep(0.2)
            if response.status not in (200, 204):
                raise SystemExit(f"chunk {index}: HTTP {response.status}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mib", type=int, default=1024)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ek-bench-receive-"))
    env = dict(os.environ, EVIDENCE_KIT_PASSPHRASE="benchmark passphrase", PYTHONPATH=str(ROOT))
    try:
        source = work / "recording.mp4"
        block = os.urandom(8 << 20)
        with open(source, "wb") as handle:
            handle.write(b"\x00\x00\x00\x18ftypmp42")
            remaining = (args.mib << 20) - 12
            while remaining > 0:
                handle.write(block[: min(len(block), remaining)])
                remaining -= len(block)
        for name in ("received", "added"):
            subprocess.run(
                [sys.executable, "-m", "evidence_kit", "case", "create", str(work / name)],
                env=env,
                check=True,
                capture_output=True,
            )

        command = [sys.executable, "-m", "evidence_kit", "receive", str(work / "received")]
        command += ["--bind", "127.0.0.1", "--json", "--max-files", "1"]
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", "import json;" + WRAPPER, *command],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        assert process.stdout is not None
        url = json.loads(process.stdout.readline())["url"]
        try:
            send_file(url, source)
        except BaseException:
            os.killpg(process.pid, signal.SIGTERM)  # the wrapper and the receiver it runs
            raise
        lines = [json.loads(line) for line in process.stdout.read().splitlines()]
        process.wait(timeout=300)
        received = time.perf_counter() - start
        receive_rss = lines[-1]["rss_kib"] / 1024

        wrapper = "import json;" + WRAPPER.replace("stdout=sys.stdout", "stdout=subprocess.DEVNULL")
        start = time.perf_counter()
        added = subprocess.run(
            [sys.executable, "-c", wrapper, sys.executable, "-m", "evidence_kit", "add", str(work / "added")]
            + [str(source)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        add_time = time.perf_counter() - start
        add_rss = json.loads(added.stdout.splitlines()[-1])["rss_kib"] / 1024

        mib = args.mib
        print(f"file                  : {mib} MiB")
        rate = mib / received
        print(f"receive (phone → case): {received:7.2f} s ({rate:5.0f} MiB/s), peak RSS {receive_rss:5.0f} MiB")
        print(f"add (local file)      : {add_time:7.2f} s ({mib / add_time:5.0f} MiB/s), peak RSS {add_rss:5.0f} MiB")
        print(f"ratio receive / add   : {received / add_time:7.2f}")
        print("target: receiver peak RSS under 200 MiB whatever the size")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
