"""Find entities by label, synonym, symbol or identifier, fast, without a text engine.

One SPARQL query reads every searchable string once (labels, altLabels,
symbols, INNs, notations); the index keeps them normalised (case-folded,
accents and punctuation dropped: ``HGNC:10294`` → ``hgnc 10294``) and a sorted
list of (word, entry) pairs. A query is normalised the same way; the rarest
of its words is looked up by binary search as a prefix, and the few candidates
are checked for the other words. Ranking: exact match of the whole string,
then the string starting with the query, then every query word starting a
word; labels before symbols and notations before synonyms; shorter first.
A very common word (thousands of entries) is looked at for its first
``MAX_CANDIDATES`` entries only, after every string that starts with the query.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

from graph.store import GraphStore

# (predicate, rank): the lower the rank, the stronger a match on that field.
FIELDS = {
    "http://www.w3.org/2000/01/rdf-schema#label": 0,
    "http://www.w3.org/2004/02/skos/core#prefLabel": 0,
    "https://w3id.org/gtkg/ontology#geneSymbol": 1,
    "http://www.w3.org/2004/02/skos/core#notation": 1,
    "https://w3id.org/gtkg/ontology#internationalNonproprietaryName": 2,
    "http://www.w3.org/2004/02/skos/core#altLabel": 2,
}
TEXT_QUERY = (
    "SELECT ?s ?p ?text WHERE { VALUES ?p { "
    + " ".join(f"<{p}>" for p in FIELDS)
    + " } ?s ?p ?text FILTER(isIRI(?s)) }"
)
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
MAX_CANDIDATES = 500
NON_WORD = re.compile(r"[\W_]+")


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


class SearchIndex:
    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        """``rows``: (entity IRI, predicate IRI, text)."""
        self.iris: list[str] = []
        iri_ids: dict[str, int] = {}
        self.labels: dict[int, str] = {}
        self.entries: list[tuple[str, int, str, str]] = []  # (normalised, iri id, field, text)
        pairs: list[tuple[str, int]] = []
        for iri, predicate, text in rows:
            norm = normalise(text)
            if not norm:
                continue
            iri_id = iri_ids.setdefault(iri, len(iri_ids))
            if iri_id == len(self.iris):
                self.iris.append(iri)
            if predicate == LABEL and iri_id not in self.labels:
                self.labels[iri_id] = text
            entry = len(self.entries)
            self.entries.append((norm, iri_id, predicate, text))
            pairs.extend((word, entry) for word in set(norm.split()))
        pairs.sort()
        whole = sorted((norm, entry) for entry, (norm, *_) in enumerate(self.entries))
        self.whole = [norm for norm, _ in whole]
        self.whole_entries = [entry for _, entry in whole]
        self.words = [word for word, _ in pairs]
        self.word_entries = [entry for _, entry in pairs]

    @classmethod
    def from_store(cls, store: GraphStore) -> SearchIndex:
        rows = [(r["s"].value, r["p"].value, r["text"].value) for r in store.query(TEXT_QUERY)]
        return cls(rows)

    def __len__(self) -> int:
        return len(self.entries)

    def _prefixed(self, word: str, keys: list[str] | None = None) -> range:
        keys = self.words if keys is None else keys
        start = bisect_left(keys, word)
        end = bisect_left(keys, word + "\U0010ffff", lo=start)
        return range(start, end)

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        wanted = normalise(query)
        tokens = wanted.split()
        if not tokens:
            return []
        # Whole strings starting with the query (exact matches among them) are always
        # candidates; of the word-prefix matches, a common word contributes its first few.
        whole = self._prefixed(wanted, self.whole)
        candidates = {self.whole_entries[i] for i in whole[:MAX_CANDIDATES]}
        spans = sorted((self._prefixed(t) for t in set(tokens)), key=len)
        candidates |= {self.word_entries[i] for i in spans[0][:MAX_CANDIDATES]}
        best: dict[int, Hit] = {}
        for entry in candidates:
            norm, iri_id, predicate, text = self.entries[entry]
            words = norm.split()
            if not all(any(w.startswith(t) for w in words) for t in tokens):
                continue
            closeness = 0 if norm == wanted else 1 if norm.startswith(wanted) else 2
            score = (closeness, FIELDS.get(predicate, 3), len(norm), norm)
            if iri_id not in best or score < best[iri_id].score:
                label = self.labels.get(iri_id, text)
                best[iri_id] = Hit(self.iris[iri_id], label, text, predicate, score)
        return sorted(best.values(), key=lambda h: (h.score, h.iri))[:limit]

    def suggest(self, text: str, limit: int = 10) -> list[Hit]:
        """Near matches for a mistyped name: search, then shorten its last word until hits come."""
        words = normalise(text).split()
        while words:
            hits = self.search(" ".join(words), limit)
            if hits:
                return hits
            if len(words[-1]) > 3:
                words[-1] = words[-1][:-1]
            else:
                words.pop()
        return []


def contains_scan(store: GraphStore, query: str, limit: int = 20) -> list[str]:
    """The peer the index is measured against: a plain SPARQL CONTAINS scan (benchmarks only)."""
    import pyoxigraph as ox

    sparql = TEXT_QUERY.replace(
        "FILTER(isIRI(?s))", "FILTER(isIRI(?s) && CONTAINS(LCASE(STR(?text)), LCASE(?q)))"
    ).replace("SELECT ?s ?p ?text", "SELECT DISTINCT ?s ?q")
    rows = store.query(
        sparql + f" LIMIT {int(limit)}", substitutions={ox.Variable("q"): ox.Literal(query)}
    )
    return [r["s"].value for r in rows]
