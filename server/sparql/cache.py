"""A per-worker cache of complete query responses, keyed by release and everything the body depends on.

Why: the graph only changes when a new release goes live, so a repeated
read-only query (the same text, dataset, format and bound) has the same bytes
until then. The key names the release, so a new release misses at once; the
first lookup that sees a new release drops every older entry. The ETag is a
hash of the key, not of the body: it is known before the query runs, so an
``If-None-Match`` is answered with 304 without running anything.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from server.sparql.executor import Header, Job


@dataclass(frozen=True)
class Entry:
    header: Header
    body: bytes


def cache_key(release: str, memory: bool, job: Job) -> tuple:
    """Everything the response body depends on (the time limit is not: a timeout is no body)."""
    return (
        release,
        memory,  # unordered rows may come in another order from the other engine
        job.query,
        job.default_graph,
        job.named_graphs,
        job.format,
        job.limit,
        tuple((name, str(term)) for name, term in job.substitutions),
    )


def etag_for(key: tuple) -> str:
    """A strong ETag (unquoted) naming the key; equal in every worker for the same key."""
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32]


class ResponseCache:
    """LRU of response bodies up to ``capacity`` bytes, none larger than ``entry_limit``."""

    def __init__(self, capacity: int, entry_limit: int) -> None:
        self.capacity = max(0, capacity)
        self.entry_limit = min(max(0, entry_limit), self.capacity)
        self.entries: OrderedDict[tuple, Entry] = OrderedDict()
        self.size = 0
        self.release: str | None = None
        self.lock = threading.Lock()

    def accepts(self, length: int) -> bool:
        """Whether a body of ``length`` bytes would be kept (decided before streaming it)."""
        return self.capacity > 0 and length <= self.entry_limit

    def get(self, key: tuple) -> Entry | None:
        with self.lock:
            self._follow(key[0])
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: Entry) -> None:
        if not self.accepts(len(entry.body)):
            return
        with self.lock:
            if key[0] != self.release:  # a response of a release no longer live
                return
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            self.entries[key] = entry
            self.size += len(entry.body)
            while self.size > self.capacity:
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped.body)

    def _follow(self, release: str) -> None:
        """A new release makes every entry stale: drop them all (under the lock)."""
        if release != self.release:
            self.entries.clear()
            self.size = 0
            self.release = release
