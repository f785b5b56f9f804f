"""``gtkg build``: curated sources → RDF → reasoning → SHACL → a new store release, atomically.

Nothing is written to the store unless every check passed; a failure raises a
domain error carrying a readable report and leaves the live release untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode
from rdflib import RDF, RDFS, SKOS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, XSD

from graph.derive import derive
from graph.errors import InvalidGraph, SourceError
from graph.iris import graph_iri, rebase
from graph.progress import Progress
from graph.reference import reference_files
from graph.search import write_index
from graph.settings import DEFAULT_BASE_IRI
from graph.sources import CuratedSources, load_curated
from graph.store import write_release
from graph.summary import write_summary
from graph.terms import quads_to_oxigraph
from ontology import GT, load_ontology, load_shapes
from ontology import reasoning as owl_reasoning
from ontology.validation import Violation, validate

ONTOLOGY_GRAPH = URIRef(DEFAULT_BASE_IRI + "ontology")
DECLARATION_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
SCHEMA = Namespace("https://schema.org/")


@dataclass
class BuildResult:
    release: Path | None
    curated_quads: int
    inferred_triples: int
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class CheckedGraph:
    """The outcome of every check, ready to be written."""

    sources: CuratedSources
    ontology: Graph
    derived: Graph
    inferred: Graph
    timings: dict[str, float]


def build(settings: dict[str, Any], progress: Progress | None = None) -> BuildResult:
    """Check the curated graph and write it (plus the reference layer) as the live release."""
    progress = progress or Progress(quiet=True)
    checked = check(settings, progress)
    timings = checked.timings
    base = settings["BASE_IRI"]
    dataset = assemble(checked, base, settings["REFERENCE_LAYER"])
    quads = quads_to_oxigraph(dataset.quads((None, None, None, None)))
    files: list[Path] = []
    if settings["REFERENCE_LAYER"]:
        with progress.step("preparing the reference layer", timings, "reference"):
            files = reference_files(settings, progress)
    with progress.step(f"writing a new release of {settings['STORE']}", timings, "store"):
        derive = _reference_links(base) if settings["REFERENCE_LAYER"] else None
        finish = _search_index(progress, timings)
        release = write_release(settings["STORE"], quads, files, derive, finish)
    return BuildResult(release, len(checked.sources.dataset), len(checked.inferred), timings)


def check(settings: dict[str, Any], progress: Progress | None = None) -> CheckedGraph:
    """Load, check vocabulary, reason and validate; raise on the first failing stage."""
    progress = progress or Progress(quiet=True)
    timings: dict[str, float] = {}
    with progress.step(f"reading curated sources in {settings['DATA_DIR']}", timings, "load"):
        sources = load_curated(settings["DATA_DIR"])
        ontology = load_ontology()
        _check_named_graphs(sources)
        _check_registered_sources(sources)
        _check_vocabulary(sources, ontology)
    with progress.step("deriving inverse links and market status", timings, "derive"):
        curated = _union(sources.dataset)
        derived = derive(curated, ontology)
        data = curated + derived
    inferred = Graph()
    if settings["REASONER"]:
        with progress.step("reasoning with HermiT", timings, "reason"):
            # The reasoner raises the tree's own InconsistentOntology (with its culprits) and
            # ReasonerFailed: nothing to translate.
            inferred = owl_reasoning.infer(ontology, data)
    with progress.step("validating against the SHACL shapes", timings, "validate"):
        report = validate(data + inferred + ontology, load_shapes(), ontology)
    if not report.conforms:
        violations = [v for v in report.results if _is_violation(v)]
        if violations:
            raise InvalidGraph(format_violations(violations, sources), violations)
    return CheckedGraph(sources, ontology, derived, inferred, timings)


def assemble(checked: CheckedGraph, base: str, reference_layer: bool = False) -> Dataset:
    """The dataset to store: curated graphs, the ontology, inferred types, build provenance."""
    dataset = Dataset()
    for s, p, o, g in checked.sources.dataset.quads((None, None, None, None)):
        dataset.add((s, p, o, g))
    for s, p, o in checked.ontology:
        dataset.add((s, p, o, ONTOLOGY_GRAPH))
    inferred_graph = graph_iri("inferred")
    for s, p, o in checked.inferred:
        dataset.add((s, p, o, inferred_graph))
    derived_graph = graph_iri("derived")
    for s, p, o in checked.derived:
        dataset.add((s, p, o, derived_graph))
    derived = ["sources", "derived", "inferred"] + (["links"] if reference_layer else [])
    for triple in _build_provenance(derived):
        dataset.add((*triple, graph_iri("sources")))
    return rebase(dataset, base)


def _reference_links(base: str) -> Callable[[Any], Iterable[Any]]:
    """Link curated diseases to their MONDO records once both layers sit in the new release."""
    from graph.importers.links import link_reference

    return lambda store: link_reference(store, base, NamedNode(str(graph_iri("links", base))))


def _search_index(progress: Progress, timings: dict[str, float]) -> Callable[[Any, Path], None]:
    """Write the release's search index and summary beside it, before it goes live."""

    def finish(store: Any, release: Path) -> None:
        with progress.step("indexing names for search", timings, "search"):
            write_index(store, release)
        with progress.step(
            "summarising the release (counts for pages and /health)", timings, "summary"
        ):
            write_summary(store, release)

    return finish


def format_violations(violations: Iterable[Violation], sources: CuratedSources) -> str:
    """One paragraph per violation: focus node, path, message, and where it was written."""
    lines = []
    for v in violations:
        where = ", ".join(
            f"{path.name}:{line}" if line else path.name
            for path, line in sources.where(v.focus_node)
        )
        path = f" {v.path}" if v.path is not None else ""
        lines.append(f"- {v.focus_node}{path}: {v.message}" + (f"  [{where}]" if where else ""))
    return "SHACL validation failed:\n" + "\n".join(lines)


def _is_violation(violation: Violation) -> bool:
    return str(violation.severity).endswith("Violation")


def _union(dataset: Dataset) -> Graph:
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _check_named_graphs(sources: CuratedSources) -> None:
    """Every curated fact must sit in the named graph of its source."""
    default = sources.dataset.default_graph
    for s, _, _ in default:
        paths = ", ".join(str(p) for p, _ in sources.where(s)) or "?"
        raise SourceError(f"{s} is stated outside any GRAPH <source> block", paths)


def _check_registered_sources(sources: CuratedSources) -> None:
    """Every named graph holding facts must be a source described in the register of sources."""
    register = graph_iri("sources")
    described = {s for s, _, _, _ in sources.dataset.quads((None, RDF.type, GT.Source, None))}
    for context in sources.dataset.graphs():
        name = context.identifier
        if name == register or name == sources.dataset.default_graph.identifier:
            continue
        if name not in described and len(context):
            subject = next(iter(context.subjects()))
            paths = ", ".join(f"{p.name}:{n}" if n else p.name for p, n in sources.where(subject))
            raise SourceError(
                f"facts sit in the named graph <{name}>, which is not a registered source: "
                f"describe it as a gt:Source (title, URL or citation, publisher, date) in "
                f"GRAPH gtgraph:sources, or move the facts into the graph of their source",
                paths or "?",
            )


def _check_vocabulary(sources: CuratedSources, ontology: Graph) -> None:
    """Every gt: term the data uses must be declared in the ontology."""
    declared = {s for kind in DECLARATION_TYPES for s in ontology.subjects(RDF.type, kind)} | set(
        ontology.subjects(RDF.type, OWL.NamedIndividual)
    )
    unknown: dict[URIRef, Any] = {}
    for s, p, o, _ in sources.dataset.quads((None, None, None, None)):
        for term in (p, o) if p == RDF.type else (p,):
            if isinstance(term, URIRef) and term.startswith(str(GT)) and term not in declared:
                unknown.setdefault(term, s)
    if unknown:
        details = "; ".join(
            f"{term} (used on {subject}, {', '.join(str(p) for p, _ in sources.where(subject))})"
            for term, subject in unknown.items()
        )
        raise InvalidGraph(f"terms not declared in the ontology: {details}")


DERIVED_GRAPHS = {
    "sources": (
        "descriptions of the sources",
        "The graph in which every source of gtkg (document, regulator page, database, "
        "reasoner) is described: title, address, publisher, licence, dates.",
    ),
    "derived": (
        "links and market status derived by the build",
        "Facts the build derives from the curated ones: super-properties of role-typed links "
        "(every gene role is also targets gene), the inverse of every link (has approval, "
        "treated by, targeted by …), and each therapy's market status per jurisdiction, set by "
        "its latest approval, withdrawal or discontinuation there.",
    ),
    "inferred": (
        "OWL reasoner inferences",
        "Class memberships inferred by the HermiT OWL reasoner from the ontology and the "
        "curated facts during the build.",
    ),
    "links": (
        "links to the reference layer",
        "Links from curated diseases to the MONDO classes they match exactly, derived during "
        "the build from the skos:exactMatch statements of both layers.",
    ),
}


def _build_provenance(names: Iterable[str]) -> Iterable[tuple]:
    """Describe the graphs the build derives as sources, so every fact can answer 'says who?'."""
    now = Literal(datetime.now(UTC).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
    for name in names:
        graph = graph_iri(name)
        label, definition = DERIVED_GRAPHS[name]
        yield graph, RDF.type, GT.Source
        yield graph, RDFS.label, Literal(label, lang="en")
        yield graph, SKOS.definition, Literal(definition, lang="en")
        yield graph, PROV.generatedAtTime, now
        if name != "sources":
            yield graph, PROV.wasDerivedFrom, ONTOLOGY_GRAPH
