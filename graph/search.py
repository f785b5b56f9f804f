"""Find entities by label, synonym, symbol or identifier, fast, without a text engine.

The index is a SQLite file written once per store release, at build time, next
to the release (``<store>/releases/<id>.search.sqlite``); every server worker
opens it read-only and shares the operating system's page cache, so nothing is
loaded into Python and the first search is as fast as the next.

One SPARQL query reads every searchable string once (labels, altLabels,
symbols, INNs, notations); the index keeps them normalised (case-folded,
accents and punctuation dropped: ``HGNC:10294`` → ``hgnc 10294``) in a table
``entries`` and every (word, entry) pair in a table ``words``, each with a
B-tree on the normalised text. A query is normalised the same way; the rarest
of its words is looked up as a prefix (a range scan ``word >= w AND word < w
+ U+10FFFF``), so are whole strings starting with the query, and the few
candidates are checked for the other words. Ranking: exact match of the whole
string, then the string starting with the query, then every query word
starting a word; labels before symbols and notations before synonyms; shorter
first. A very common word (thousands of entries) is looked at for its first
``MAX_CANDIDATES`` entries only, after every string that starts with the query.
"""

from __future__ import annotations

import fcntl
import os
import re
import sqlite3
import tempfile
import threading
import time
import unicodedata
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib.namespace import RDFS, SKOS

from ontology import GT

# (predicate, rank): the lower the rank, the stronger a match on that field.
FIELDS = {
    str(RDFS.label): 0,
    str(SKOS.prefLabel): 0,
    str(GT.geneSymbol): 1,
    str(SKOS.notation): 1,
    str(GT.internationalNonproprietaryName): 2,
    str(SKOS.altLabel): 2,
}
TEXT_QUERY = (
    "SELECT ?s ?p ?text WHERE { VALUES ?p { "
    + " ".join(f"<{p}>" for p in FIELDS)
    + " } ?s ?p ?text FILTER(isIRI(?s)) }"
)
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
MAX_CANDIDATES = 500
# Bounds of ``suggest`` (text looked at, words, characters a word, lookups, seconds).
SUGGEST_CHARS = 200
SUGGEST_WORDS = 4
SUGGEST_WORD = 24
SUGGEST_LOOKUPS = 16
SUGGEST_SECONDS = 0.25
NON_WORD = re.compile(r"[\W_]+")
LAST = "\U0010ffff"  # sorts after every other character, in Python and in SQLite (UTF-8)
SUFFIX = ".search.sqlite"
VERSION = 1  # PRAGMA user_version of the file; a file of another version is rebuilt
BATCH = 50_000

SCHEMA = """
CREATE TABLE fields (id INTEGER PRIMARY KEY, iri TEXT NOT NULL);
CREATE TABLE entities (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, label TEXT);
CREATE TABLE entries (
  id INTEGER PRIMARY KEY, norm TEXT NOT NULL, entity INTEGER NOT NULL,
  field INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE TEMP TABLE pairs (word TEXT NOT NULL, entry INTEGER NOT NULL);
"""
INDEXES = """
CREATE INDEX entries_norm ON entries (norm);
CREATE TABLE words (word TEXT, entry INTEGER, PRIMARY KEY (word, entry)) WITHOUT ROWID;
INSERT INTO words SELECT word, entry FROM pairs ORDER BY word, entry;
DROP TABLE pairs;
"""
# Whole strings starting with the query, and entries with a word starting with the
# rarest query word: the first MAX_CANDIDATES of each in sorted order, as before.
CANDIDATES = """
SELECT e.id, e.norm, e.text, f.iri, n.iri, n.label
FROM entries e JOIN fields f ON f.id = e.field JOIN entities n ON n.id = e.entity
WHERE e.id IN (
  SELECT id FROM (
    SELECT id FROM entries WHERE norm >= :whole AND norm < :whole_end ORDER BY norm, id LIMIT :max
  )
  UNION
  SELECT entry FROM (
    SELECT entry FROM words WHERE word >= :word AND word < :word_end ORDER BY word, entry
    LIMIT :max
  )
)
ORDER BY e.id
"""
SPAN = "SELECT count(*) FROM (SELECT 1 FROM words WHERE word >= ? AND word < ? LIMIT ?)"


def normalise(text: str) -> str:
    """Case-folded, accents stripped, every run of punctuation a single space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return NON_WORD.sub(" ", stripped).strip()


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str
    matched: str
    field: str
    score: tuple


def index_path(release: str | os.PathLike[str]) -> Path:
    """The index file of a store release: beside it, named after it (pruned with it)."""
    release = Path(release)
    return release.parent / f"{release.name}{SUFFIX}"


def write_index(store: Any, release: str | os.PathLike[str]) -> Path:
    """Write the index of ``store`` (anything answering SPARQL) for ``release``, atomically.

    The signature is that of ``graph.store.write_release``'s ``finish`` hook.
    """
    target = index_path(release)
    _write_file(target, text_rows(store))
    return target


def text_rows(store: Any) -> Iterator[tuple[str, str, str]]:
    """(entity IRI, predicate IRI, text) of every searchable string in the store."""
    for row in store.query(TEXT_QUERY):
        yield row["s"].value, row["p"].value, row["text"].value


def ensure_index(store: Any, release: str | os.PathLike[str]) -> Path:
    """The release's index file, written first (once, under a file lock) if it is missing.

    Releases built before the index existed have none; concurrent workers wait for
    the one that writes it.
    """
    target = index_path(release)
    if _usable(target):
        return target
    with open(target.with_name(target.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _usable(target):
            write_index(store, release)
    return target


def open_index(store: Any) -> SearchIndex:
    """The index of the store's live release; a private temporary one for stores without releases."""
    release = getattr(store, "release", None)
    if release is None:
        return SearchIndex.from_store(store)
    try:
        return SearchIndex(ensure_index(store, release))
    except OSError:  # a read-only store folder: keep the index to this process
        return SearchIndex.from_store(store)


class SearchIndex:
    """A read-only view of one index file: one SQLite connection per thread."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._uri = self.path.resolve().as_uri() + "?mode=ro&immutable=1"
        self._local = threading.local()
        version = self._db().execute("PRAGMA user_version").fetchone()[0]
        if version != VERSION:
            raise sqlite3.DatabaseError(f"{self.path}: index version {version}, not {VERSION}")

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str]]) -> SearchIndex:
        """An index in a temporary file, removed with the object (small stores, tests)."""
        handle, name = tempfile.mkstemp(prefix="gtkg-", suffix=SUFFIX)
        os.close(handle)
        try:
            _write_file(Path(name), rows)
            index = cls(name)
        except BaseException:
            os.unlink(name)
            raise
        weakref.finalize(index, os.unlink, name)
        return index

    @classmethod
    def from_store(cls, store: Any) -> SearchIndex:
        return cls.from_rows(text_rows(store))

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = sqlite3.connect(self._uri, uri=True)
        return db

    def __len__(self) -> int:
        return self._db().execute("SELECT coalesce(max(id) + 1, 0) FROM entries").fetchone()[0]

    def _rarest(self, tokens: list[str]) -> str:
        """The query word that starts the fewest words (counting stops past the best so far)."""
        db, best, fewest = self._db(), tokens[0], -1
        if len(tokens) == 1:
            return best
        for token in sorted(tokens, key=len, reverse=True):
            n = db.execute(SPAN, (token, token + LAST, fewest)).fetchone()[0]
            if fewest < 0 or n < fewest:
                best, fewest = token, n
        return best

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        wanted = normalise(query)
        tokens = wanted.split()
        if not tokens:
            return []
        word = self._rarest(list(dict.fromkeys(tokens)))
        rows = self._db().execute(
            CANDIDATES,
            {
                "whole": wanted,
                "whole_end": wanted + LAST,
                "word": word,
                "word_end": word + LAST,
                "max": MAX_CANDIDATES,
            },
        )
        best: dict[str, Hit] = {}
        for _, norm, text, predicate, iri, label in rows:
            words = norm.split()
            if not all(any(w.startswith(t) for w in words) for t in tokens):
                continue
            closeness = 0 if norm == wanted else 1 if norm.startswith(wanted) else 2
            score = (closeness, FIELDS.get(predicate, 3), len(norm), norm)
            if iri not in best or score < best[iri].score:
                best[iri] = Hit(iri, label if label is not None else text, text, predicate, score)
        return sorted(best.values(), key=lambda h: (h.score, h.iri))[:limit]

    def suggest(self, text: str, limit: int = 10) -> list[Hit]:
        """Near matches for a mistyped name: search, then shorten its last word until hits come.

        The 404 page passes any path a client sends, so the work is bounded whatever
        the text: its first words only, each cut to a name's length (prefix matching
        loses nothing by that), a few lookups, none started past a deadline.
        """
        words = [w[:SUGGEST_WORD] for w in normalise(text[:SUGGEST_CHARS]).split()]
        words = words[:SUGGEST_WORDS]
        deadline = time.monotonic() + SUGGEST_SECONDS
        for _ in range(SUGGEST_LOOKUPS):
            if not words or time.monotonic() > deadline:
                break
            hits = self.search(" ".join(words), limit)
            if hits:
                return hits
            if len(words[-1]) > 3:
                words[-1] = words[-1][:-1]
            else:
                words.pop()
        return []


def _usable(path: Path) -> bool:
    try:
        SearchIndex(path)
    except sqlite3.Error:
        return False
    return True


def _write_file(target: Path, rows: Iterable[tuple[str, str, str]]) -> None:
    """Fill a new database under a temporary name, then move it into place."""
    partial = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    partial.unlink(missing_ok=True)
    try:
        db = sqlite3.connect(partial)
        try:
            db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
            _fill(db, rows)
            db.executescript(INDEXES)
            db.execute(f"PRAGMA user_version = {VERSION}")
            db.commit()
        finally:
            db.close()
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _fill(db: sqlite3.Connection, rows: Iterable[tuple[str, str, str]]) -> None:
    """Entries in row order (their ids decide ties, as before), their words, entities, fields."""
    entities: dict[str, int] = {}
    labels: dict[int, str] = {}  # the first rdfs:label of an entity names it in results
    fields: dict[str, int] = {}
    entries: list[tuple[int, str, int, int, str]] = []
    words: list[tuple[str, int]] = []
    count = 0
    for iri, predicate, text in rows:
        norm = normalise(text)
        if not norm:
            continue
        entity = entities.setdefault(iri, len(entities))
        if predicate == LABEL:
            labels.setdefault(entity, text)
        entries.append((count, norm, entity, fields.setdefault(predicate, len(fields)), text))
        words.extend((word, count) for word in set(norm.split()))
        count += 1
        if len(entries) >= BATCH:
            _insert(db, entries, words)
    _insert(db, entries, words)
    db.executemany(
        "INSERT INTO entities VALUES (?, ?, ?)",
        ((entity, iri, labels.get(entity)) for iri, entity in entities.items()),
    )
    db.executemany("INSERT INTO fields VALUES (?, ?)", ((i, iri) for iri, i in fields.items()))


def _insert(db: sqlite3.Connection, entries: list, words: list) -> None:
    db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?)", entries)
    db.executemany("INSERT INTO pairs VALUES (?, ?)", words)
    entries.clear()
    words.clear()
