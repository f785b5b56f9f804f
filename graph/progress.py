"""A plain progress display: one line per step with its duration, counts for long loops."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class Progress:
    """Writes ``[step] message … 1.2 s`` lines to a stream (stderr by default); silent if quiet."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet

    def say(self, message: str) -> None:
        if not self.quiet:
            print(message, file=self.stream, flush=True)

    @contextmanager
    def step(
        self, message: str, timings: dict[str, float] | None = None, key: str = ""
    ) -> Iterator[None]:
        """Announce a step, then report (and record under ``key``) how long it took."""
        self.say(f"… {message}")
        started = time.perf_counter()
        yield
        elapsed = time.perf_counter() - started
        if timings is not None:
            timings[key or message] = elapsed
        self.say(f"✓ {message} ({elapsed:.1f} s)")

    def count(self, label: str, done: int) -> None:
        """Called by long loops every few thousand items."""
        self.say(f"  {label}: {done:,}")
