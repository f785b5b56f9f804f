"""The product and regulatory model (issue 9), asked as a researcher and a reviewer would.

Competency questions run on the session ``store`` (one real build of graph/data); the
derivation tests load a temporary copy of the data, add one file, and see what changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from graph.derive import derive
from graph.sources import load_curated
from ontology import GT, load_ontology

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "graph" / "data"
BASE = "https://w3id.org/gtkg/"

PREFIXES = f"""
PREFIX gt: <https://w3id.org/gtkg/ontology#>
PREFIX therapy: <{BASE}therapy/>
PREFIX gene: <{BASE}gene/>
PREFIX org: <{BASE}organisation/>
PREFIX tissue: <{BASE}tissue/>
PREFIX serotype: <{BASE}serotype/>
PREFIX vector: <{BASE}vector/>
PREFIX strategy: <{BASE}strategy/>
PREFIX status: <{BASE}market-status/>
PREFIX cellsource: <{BASE}cell-source/>
PREFIX product: <{BASE}gene-product/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def ask(store, sparql: str) -> bool:
    return bool(store.query(PREFIXES + "ASK { " + sparql + " }"))


def values(store, sparql: str) -> set[str]:
    solutions = store.query(PREFIXES + sparql)
    name = solutions.variables[0].value
    return {s[name].value for s in solutions if s[name] is not None}


def saved_column(store, name: str, column: str, **params: str) -> set[str]:
    from queries.run import run

    return {s[column].value for s in run(store, name, params) if s[column] is not None}


# ------------------------------------------------------------ categories


def test_leqvio_is_a_nucleic_acid_drug_and_not_a_gene_therapy_product(store) -> None:
    assert ask(store, "therapy:leqvio a gt:NucleicAcidDrug , gt:SmallInterferingRNADrug")
    assert not ask(store, "therapy:leqvio a gt:GeneTherapyProduct")


def test_every_product_has_exactly_one_category(store) -> None:
    both = values(store, "SELECT ?t WHERE { ?t a gt:GeneTherapyProduct , gt:NucleicAcidDrug }")
    neither = values(
        store,
        """SELECT ?t WHERE { ?t a gt:Therapy ; gt:hasRegulatoryEvent ?event .
             FILTER NOT EXISTS { ?t a gt:GeneTherapyProduct }
             FILTER NOT EXISTS { ?t a gt:NucleicAcidDrug } }""",
    )
    assert not both and not neither, (both, neither)


def test_approved_gene_therapies_hold_no_oligonucleotide_drug(store) -> None:
    therapies = saved_column(store, "approved-gene-therapies", "therapy")
    assert BASE + "therapy/luxturna" in therapies and BASE + "therapy/kymriah" in therapies
    for drug in ("leqvio", "onpattro", "spinraza", "exondys-51"):
        assert BASE + f"therapy/{drug}" not in therapies
    oligos = saved_column(store, "nucleic-acid-drugs", "therapy")
    assert BASE + "therapy/leqvio" in oligos
    assert not therapies & oligos


# ------------------------------------------------------------ gene roles


def test_spinraza_modulates_smn2_splicing_and_is_not_gene_silencing(store) -> None:
    assert ask(store, "therapy:spinraza gt:modulatesSplicingOf gene:SMN2")
    assert ask(store, "therapy:spinraza a gt:SpliceSwitchingOligonucleotide")
    assert ask(store, "therapy:spinraza gt:increasesLevelOf product:survival-motor-neuron-protein")
    assert not ask(store, "therapy:spinraza gt:knocksDownGene ?gene")
    assert not ask(store, "therapy:spinraza gt:usesStrategy strategy:gene-silencing")
    assert not ask(store, "therapy:spinraza a gt:GeneSilencingTherapy")


def test_casgevy_disrupts_the_bcl11a_enhancer_and_raises_fetal_haemoglobin(store) -> None:
    assert ask(store, "therapy:casgevy gt:disruptsGene gene:BCL11A ; gt:editsGene gene:BCL11A")
    assert ask(store, 'therapy:casgevy gt:editedRegion ?r FILTER(CONTAINS(?r, "enhancer"))')
    assert ask(
        store,
        """therapy:casgevy gt:increasesLevelOf ?hbf .
           ?hbf rdfs:label "fetal haemoglobin"@en ; gt:encodedBy gene:HBG1 , gene:HBG2""",
    )


def test_kymriah_targets_cd19_through_a_lentiviral_vector(store) -> None:
    assert ask(
        store, "therapy:kymriah gt:targetsAntigen gene:CD19 ; gt:usesVector vector:lentiviral"
    )
    assert ask(store, "gene:CD19 gt:geneSymbol 'CD19'")


def test_every_engineered_t_cell_product_names_its_antigen(store) -> None:
    expected = {
        "abecma": "TNFRSF17",
        "carvykti": "TNFRSF17",
        "kymriah": "CD19",
        "yescarta": "CD19",
        "tecartus": "CD19",
        "breyanzi": "CD19",
        "aucatzyl": "CD19",
        "tecelra": "MAGEA4",
        # approved in China (NMPA) and India (CDSCO)
        "carteyva": "CD19",
        "fucaso": "TNFRSF17",
        "cnct19": "CD19",
        "zevor-cel": "TNFRSF17",
        "nexcar19": "CD19",
    }
    found = {
        (iri.rsplit("/", 1)[1], symbol)
        for iri, symbol in (
            (s["t"].value, s["s"].value)
            for s in store.query(
                PREFIXES + "SELECT ?t ?s WHERE { ?t gt:targetsAntigen/gt:geneSymbol ?s }"
            )
        )
    }
    assert found == set(expected.items())


def test_role_links_are_also_targets_gene_and_the_inverse_is_derived(store) -> None:
    """Existing queries keep working: every role is a gt:targetsGene, in the derived graph."""
    for therapy, gene in (("luxturna", "RPE65"), ("leqvio", "PCSK9"), ("kymriah", "CD19")):
        assert ask(store, f"therapy:{therapy} gt:targetsGene gene:{gene}")
        assert ask(store, f"gene:{gene} gt:targetedBy therapy:{therapy}")
        assert ask(
            store,
            f"GRAPH <{BASE}graph/derived> {{ therapy:{therapy} gt:targetsGene gene:{gene} }}",
        )
    assert not ask(
        store,
        f"""?t gt:targetsGene ?g . FILTER NOT EXISTS {{ GRAPH <{BASE}graph/derived>
             {{ ?t gt:targetsGene ?g }} }}""",
    ), "gt:targetsGene is derived, never curated"


# ------------------------------------------------------------ cell source, anatomy


def test_encelto_is_allogeneic_and_car_t_products_autologous(store) -> None:
    assert ask(store, "therapy:encelto gt:hasCellSource cellsource:allogeneic")
    assert ask(store, "therapy:encelto a gt:AllogeneicCellTherapy")
    assert ask(store, "therapy:kymriah gt:hasCellSource cellsource:autologous")
    missing = values(
        store,
        """SELECT ?t WHERE { ?t a gt:GeneticallyModifiedCellTherapy ; gt:hasApproval ?a .
             FILTER NOT EXISTS { ?t gt:hasCellSource ?source } }""",
    )
    assert not missing


def test_central_nervous_system_tropism_walks_up_the_anatomy(store) -> None:
    found = values(
        store,
        """SELECT ?capsid WHERE { ?capsid gt:hasTropismFor ?part .
             ?part gt:partOf* tissue:central-nervous-system }""",
    )
    assert BASE + "serotype/aav9" in found
    assert not ask(store, "serotype:aav9 gt:hasTropismFor tissue:central-nervous-system")


# ------------------------------------------------------------ market status


def status(store, therapy: str, agency: str) -> tuple[str, set[str]]:
    solutions = list(
        store.query(
            PREFIXES
            + f"""SELECT ?value ?change WHERE {{ therapy:{therapy} gt:hasMarketStatus ?s .
                 ?s gt:jurisdiction org:{agency} ; gt:statusValue ?value .
                 OPTIONAL {{ ?s gt:withLabelChange ?change }} }}"""
        )
    )
    assert solutions, f"{therapy} has no status with {agency}"
    changes = {s["change"].value for s in solutions if s["change"] is not None}
    return solutions[0]["value"].value.rsplit("/", 1)[1], changes


def test_skysona_is_withdrawn_in_the_eu_and_restricted_in_the_us(store) -> None:
    assert status(store, "skysona", "european-commission")[0] == "withdrawn"
    value, changes = status(store, "skysona", "fda")
    assert value == "authorised"
    assert BASE + "approval/skysona-label-restriction-2025" in changes
    assert ask(store, f"<{BASE}approval/skysona-label-restriction-2025> a gt:LabelRestriction")


def test_withdrawn_and_discontinued_products_are_not_currently_authorised(store) -> None:
    assert status(store, "glybera", "european-commission")[0] == "withdrawn"
    assert status(store, "kynamro", "fda")[0] == "discontinued"
    assert ask(store, "therapy:glybera a gt:ApprovedTherapy")
    assert not ask(store, "therapy:glybera a gt:CurrentlyAuthorisedTherapy")
    assert ask(store, "therapy:skysona a gt:CurrentlyAuthorisedTherapy")


def _statuses(data_dir: Path) -> dict[tuple[str, str], str]:
    curated = Graph()
    for s, p, o, _ in load_curated(data_dir).dataset.quads((None, None, None, None)):
        curated.add((s, p, o))
    derived = derive(curated, load_ontology())
    found = {}
    for node in derived.subjects(GT.statusOf, None):
        therapy = str(derived.value(node, GT.statusOf)).rsplit("/", 1)[1]
        agency = str(derived.value(node, GT.jurisdiction)).rsplit("/", 1)[1]
        found[(therapy, agency)] = str(derived.value(node, GT.statusValue)).rsplit("/", 1)[1]
    return found


def test_market_status_is_derived_from_the_events_alone(tmp_path: Path) -> None:
    """One new withdrawal event in a copy of the data changes the status; nothing else is edited."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    before = _statuses(data)
    assert before[("luxturna", "european-commission")] == "authorised"
    (data / "zz-withdrawal.trig").write_text(
        f"""@prefix gt: <https://w3id.org/gtkg/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
GRAPH <{BASE}source/ema-epar-luxturna> {{
    <{BASE}approval/luxturna-ec-withdrawal-test> a gt:Withdrawal ;
        gt:concernsTherapy <{BASE}therapy/luxturna> ;
        gt:byAgency <{BASE}organisation/european-commission> ;
        gt:eventDate "2026-01-15"^^xsd:date .
}}
"""
    )
    after = _statuses(data)
    assert after[("luxturna", "european-commission")] == "withdrawn"
    assert after[("luxturna", "fda")] == before[("luxturna", "fda")] == "authorised"
    changed = {key for key in before if before[key] != after.get(key)}
    assert changed == {("luxturna", "european-commission")}


@pytest.mark.parametrize(
    "events, expected",
    [
        ([("RegulatoryApproval", "2020-01-01"), ("Withdrawal", "2021")], "withdrawn"),
        ([("Withdrawal", "2019-05-01"), ("RegulatoryApproval", "2021-02-02")], "authorised"),
        ([("RegulatoryApproval", "2021"), ("Discontinuation", None)], "discontinued"),
        ([("RegulatoryApproval", "2021-03-01"), ("LabelExpansion", "2023-01-01")], "authorised"),
    ],
)
def test_the_latest_deciding_event_sets_the_status(events, expected) -> None:
    from rdflib import RDF, Literal, URIRef
    from rdflib.namespace import XSD

    data = Graph()
    therapy, agency = URIRef(BASE + "therapy/x"), URIRef(BASE + "organisation/fda")
    data.add((agency, RDF.type, GT.RegulatoryAgency))
    for n, (kind, when) in enumerate(events):
        event = URIRef(BASE + f"approval/x-{n}")
        data.add((event, RDF.type, GT[kind]))
        data.add((event, GT.concernsTherapy, therapy))
        data.add((event, GT.byAgency, agency))
        if when and len(when) == 4:
            data.add((event, GT.eventYear, Literal(when, datatype=XSD.gYear)))
        elif when:
            data.add((event, GT.eventDate, Literal(when, datatype=XSD.date)))
    derived = derive(data, load_ontology())
    node = derived.value(therapy, GT.hasMarketStatus)
    assert str(derived.value(node, GT.statusValue)).endswith("/" + expected)


def test_identifiers_become_links_a_page_can_follow(store) -> None:
    assert ask(store, 'therapy:spinraza gt:drugBankId "DB13161"')
    assert ask(
        store,
        f"""GRAPH <{BASE}graph/derived> {{
              therapy:spinraza rdfs:seeAlso <https://identifiers.org/drugbank:DB13161> }}""",
    )


def test_void_has_link_sets_for_product_identifiers(store) -> None:
    from graph.void import void_description

    triples = void_description(store, BASE, BASE + "dataset", "http://127.0.0.1/sparql", [])
    see_also = "http://www.w3.org/2000/01/rdf-schema#seeAlso"
    linksets = {
        t.subject.value
        for t in triples
        if t.predicate.value == "http://rdfs.org/ns/void#linkPredicate"
        and t.object.value == see_also
    }
    titles = {
        t.object.value
        for t in triples
        if t.subject.value in linksets and t.predicate.value.endswith("title")
    }
    assert {"links to DrugBank", "links to WHO ATC"} <= titles


def test_prices_say_their_kind_and_market(store) -> None:
    assert ask(
        store,
        f"""<{BASE}price/zolgensma-us-wac-2019> gt:priceKind "wholesale acquisition cost" ;
              gt:priceCountry "US" ; gt:priceDate ?date""",
    )
    unkinded = values(
        store, "SELECT ?p WHERE { ?p a gt:Price FILTER NOT EXISTS { ?p gt:priceKind ?k } }"
    )
    assert not unkinded


def test_cargo_types_are_entities_linked_from_vectors_and_products(store) -> None:
    assert ask(
        store,
        """<https://w3id.org/gtkg/vector/lipid-nanoparticle> gt:carriesCargo ?mrna .
           ?mrna a gt:CargoType ; rdfs:label "messenger RNA"@en""",
    )
    assert ask(store, 'therapy:onpattro gt:carriesCargo/rdfs:label "small interfering RNA"@en')


def test_a_pivotal_trial_links_both_ways_and_to_its_registry() -> None:
    """A curator writes the trial's gt:evaluatesTherapy, gt:supportsEvent and gt:nctId; the build
    derives the therapy's gt:evaluatedIn, the approval's gt:supportedBy and the registry link."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    trial = URIRef(BASE + "trial/nct00999609")
    therapy, approval = URIRef(BASE + "therapy/luxturna"), URIRef(BASE + "approval/luxturna-fda")
    data = Graph()
    data.add((trial, RDF.type, GT.ClinicalTrial))
    data.add((trial, GT.evaluatesTherapy, therapy))
    data.add((trial, GT.supportsEvent, approval))
    data.add((trial, GT.nctId, Literal("NCT00999609")))
    derived = derive(data, load_ontology())
    assert (therapy, GT.evaluatedIn, trial) in derived
    assert (approval, GT.supportedBy, trial) in derived
    link = URIRef("https://identifiers.org/clinicaltrials:NCT00999609")
    assert (trial, RDFS.seeAlso, link) in derived
