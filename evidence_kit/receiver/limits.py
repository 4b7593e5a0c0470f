"""The receiver's bounds: file size, file count, time, parallel uploads and request rate."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_MINUTES = 30.0


@dataclass(frozen=True)
class ReceiverLimits:
    max_file_size: int = 4 << 30  # 4 GiB, as for imports
    max_files: int = 500  # files stored in one session
    minutes: float = MAX_MINUTES  # the receiver stops by itself after this
    parallel_uploads: int = 4
    requests_per_second: float = 200.0  # sustained, per session; a 1 MiB chunk is one request (Wi-Fi is slower)
    burst: int = 200
    idle_seconds: float = 120.0  # an upload with no chunk for this long is given up (the phone left)

    def __post_init__(self) -> None:
        if not 0 < self.minutes <= MAX_MINUTES:
            raise ValueError("minutes must be in (0, 30]")
        if self.max_files < 1 or self.max_file_size < 1:
            raise ValueError("limits must be positive")


class RateLimiter:
    """A token bucket: ``allow()`` is False once requests come faster than the rate for longer than the burst."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._rate = rate
        self._burst = float(burst)
        self._tokens = float(burst)
        self._clock = clock
        self._last = clock()
        self._lock = threading.Lock()

    def allow(self) -> bool:
        with self._lock:
            now = self._clock()
            self._tokens = min(self._burst, self._tokens + (now - self._last) * self._rate)
            self._last = now
            if self._tokens >= 1:
                self._tokens -= 1
                return True
            return False


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" or value == int(value) else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"
