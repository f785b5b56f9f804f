"""The members of a class in every order its page offers, read once per store release.

A deep page of ``/class/Gene`` used to be an ORDER BY over the whole class and a
big OFFSET on every request (6–7 s on the full graph). Now a worker reads a
class's members once (one unordered GROUP BY), sorts them in Python for each
sort key and order the page offers, exactly as that ORDER BY did, and a page
is a slice. The cache follows the live release and is bounded in members.
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict

import pyoxigraph as ox
from flask import current_app

from server.store_access import get_store

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
# One row per member: its IRI and one of its labels (the same SAMPLE the pages always showed).
CLASS_MEMBERS = f"""
SELECT ?class ?s (SAMPLE(?l) AS ?label) WHERE {{
  ?sub <{RDFS}subClassOf>* ?class . ?s a ?sub . FILTER(isIRI(?s))
  OPTIONAL {{ ?s <{RDFS}label> ?l }}
}} GROUP BY ?class ?s
"""
SORTS = ("label", "iri")
MAX_CACHED_MEMBERS = 250_000  # per worker, all classes together (~60 MB at most)
EXTENSION = "gtkg.class_members"
_swap = threading.Lock()

Member = tuple[str, str | None]  # (IRI, label or None)


def label_key(label: str | None) -> tuple[int, str]:
    """``LCASE(STR(?label))`` as SPARQL orders it: an unbound label before every string."""
    return (0, "") if label is None else (1, label.lower())


class ClassMembers:
    """One class's members, and an index array per (sort key, descending) once asked for."""

    def __init__(self, members: list[Member]) -> None:
        self.members = members
        self._orders: dict[tuple[str, bool], array] = {}

    @classmethod
    def read(cls, store, node: ox.NamedNode) -> ClassMembers:
        rows = store.query(CLASS_MEMBERS, substitutions={ox.Variable("class"): node})
        return cls([(r["s"].value, r["label"].value if r["label"] else None) for r in rows])

    def __len__(self) -> int:
        return len(self.members)

    def page(self, sort: str, descending: bool, start: int, stop: int) -> list[Member]:
        """Members ``start`` to ``stop`` (0-based) in the asked order."""
        return [self.members[i] for i in self.order(sort, descending)[start:stop]]

    def order(self, sort: str, descending: bool) -> array:
        key = (sort, descending)
        found = self._orders.get(key)
        if found is None:  # two threads may both sort: same result, no lock needed
            found = self._orders[key] = array("I", self._sorted(sort, descending))
        return found

    def _sorted(self, sort: str, descending: bool) -> list[int]:
        """``ORDER BY [DESC](key) STR(?s)``: ties stay in ascending IRI order either way."""
        members = self.members
        by_iri = sorted(range(len(members)), key=lambda i: members[i][0])
        if sort == "iri":
            return by_iri[::-1] if descending else by_iri  # IRIs are unique: no ties
        return sorted(by_iri, key=lambda i: label_key(members[i][1]), reverse=descending)


class MemberCache:
    """Members of the recently listed classes of one release, ``budget`` members at most.

    One class is read at a time per worker: concurrent first visits of a big class
    wait for one read instead of each running it.
    """

    def __init__(self, release: str, budget: int = MAX_CACHED_MEMBERS) -> None:
        self.release = release
        self.budget = budget
        self._entries: OrderedDict[str, ClassMembers] = OrderedDict()
        self._lock = threading.Lock()
        self._reading = threading.Lock()

    def get(self, store, node: ox.NamedNode) -> ClassMembers:
        """The members of ``node``, read now if no other request has (callers check ``mentioned``)."""
        found = self._lookup(node.value)
        if found is not None:
            return found
        with self._reading:
            found = self._lookup(node.value)
            if found is None:
                found = ClassMembers.read(store, node)
                self._keep(node.value, found)
        return found

    def _lookup(self, key: str) -> ClassMembers | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def _keep(self, key: str, members: ClassMembers) -> None:
        with self._lock:
            self._entries[key] = members
            total = sum(len(m) for m in self._entries.values())
            while total > self.budget and len(self._entries) > 1:
                _, dropped = self._entries.popitem(last=False)
                total -= len(dropped)


def mentioned(store, node: ox.NamedNode) -> bool:
    """Whether any quad names ``node``, in two index lookups.

    Reading a class's members takes ~0.4 s on the full graph even for a tiny
    class; a made-up class name must not cost that.
    """
    return any(
        next(iter(store.quads(*pattern)), None) is not None
        for pattern in ((node, None, None, None), (None, None, node, None))
    )


def class_members(node: ox.NamedNode) -> ClassMembers:
    """The members of the class ``node`` in the live release, from this worker's cache."""
    store = get_store()
    release = str(getattr(store, "release", id(store)))
    cache = current_app.extensions.get(EXTENSION)
    if cache is None or cache.release != release:
        with _swap:
            cache = current_app.extensions.get(EXTENSION)
            if cache is None or cache.release != release:
                cache = current_app.extensions[EXTENSION] = MemberCache(release)
    return cache.get(store, node)
