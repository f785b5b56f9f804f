"""The RDF terms the importers write, as pyoxigraph nodes, in one place.

``gt:`` terms come from the closed ``ontology.GT`` namespace, so a typo raises at import.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from ontology import GT

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS_NS = "http://purl.org/dc/terms/"
SCHEMA_NS = "https://schema.org/"
PROV_NS = "http://www.w3.org/ns/prov#"
DCAT_NS = "http://www.w3.org/ns/dcat#"

GENE = NamedNode(str(GT.Gene))
DISEASE = NamedNode(str(GT.Disease))
SOURCE = NamedNode(str(GT.Source))
GENE_SYMBOL = NamedNode(str(GT.geneSymbol))
LOCUS_TYPE = NamedNode(str(GT.locusType))
HAS_CAUSAL_GENE = NamedNode(str(GT.hasCausalGene))
HAS_PARENT_DISEASE = NamedNode(str(GT.hasParentDisease))
FILE_NAME = NamedNode(str(GT.fileName))

TYPE = NamedNode(RDF_NS + "type")
LABEL = NamedNode(RDFS_NS + "label")
SEE_ALSO = NamedNode(RDFS_NS + "seeAlso")
ALT_LABEL = NamedNode(SKOS_NS + "altLabel")
DEFINITION = NamedNode(SKOS_NS + "definition")
NOTATION = NamedNode(SKOS_NS + "notation")
EXACT_MATCH = NamedNode(SKOS_NS + "exactMatch")
TITLE = NamedNode(DCTERMS_NS + "title")
LICENSE = NamedNode(DCTERMS_NS + "license")
MODIFIED = NamedNode(DCTERMS_NS + "modified")
URL = NamedNode(SCHEMA_NS + "url")
SHA256 = NamedNode(SCHEMA_NS + "sha256")
VERSION = NamedNode(SCHEMA_NS + "version")
GENERATED_AT = NamedNode(PROV_NS + "generatedAtTime")
DERIVED_FROM = NamedNode(PROV_NS + "wasDerivedFrom")
DISTRIBUTION = NamedNode(DCAT_NS + "distribution")
DISTRIBUTION_CLASS = NamedNode(DCAT_NS + "Distribution")
DOWNLOAD_URL = NamedNode(DCAT_NS + "downloadURL")

XSD_DATE = NamedNode(XSD_NS + "date")
XSD_DATETIME = NamedNode(XSD_NS + "dateTime")

CC0 = NamedNode("https://creativecommons.org/publicdomain/zero/1.0/")
CC_BY_4 = NamedNode("https://creativecommons.org/licenses/by/4.0/")
