"""The HTML pages: home, class lists, search, entity pages, escaping and security headers."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from server import create_app

XSS_TRIG = """
@prefix gt: <https://w3id.org/gtkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .

<https://w3id.org/gtkg/ontology> {
  gt:Gene a owl:Class ; rdfs:label "gene"@en .
}
<https://w3id.org/gtkg/source/evil> {
  <https://w3id.org/gtkg/gene/XSS> a gt:Gene ;
    rdfs:label "<script>window.__xss = 1</script>"@en ;
    skos:definition "<img src=x onerror=\\"window.__xss = 2\\">"@en ;
    skos:altLabel "\\"><script>window.__xss = 3</script>"@en .
}
<https://w3id.org/gtkg/graph/sources> {
  <https://w3id.org/gtkg/source/evil> a gt:Source ; rdfs:label "</script><script>window.__xss = 4</script>"@en .
}
"""


def xss_store(tmp_path: Path) -> Path:
    """A tiny store whose labels try to inject script."""
    from graph.store import write_release

    path = tmp_path / "xss-store"
    write_release(path, ox.parse(XSS_TRIG.encode(), format=ox.RdfFormat.TRIG))
    return path


@pytest.fixture(scope="module")
def client(built_store_path):
    app = create_app({"STORE": str(built_store_path), "TESTING": True})
    return app.test_client()


def test_home_shows_counts_entry_points_and_links(client, store):
    page = client.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
    for link in (
        'href="/class/Therapy"',
        'href="/class/Gene"',
        'href="/class/Disease"',
        'href="/queries"',
        'href="/sparql"',
        'href="/downloads"',
        'href="/.well-known/void"',
        'action="/search"',
    ):
        assert link in page
    therapies = int(
        next(
            iter(
                store.query(
                    "SELECT (COUNT(DISTINCT ?t) AS ?n) { ?t a <https://w3id.org/gtkg/ontology#Therapy> }"
                )
            )
        )["n"].value
    )
    assert f'<span class="count">{therapies:,}</span>' in page


def test_home_charts_approvals_per_year_and_agency(client, store):
    page = client.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
    fda_2017 = int(
        next(
            iter(
                store.query(
                    """PREFIX gt: <https://w3id.org/gtkg/ontology#>
                    SELECT (COUNT(DISTINCT ?a) AS ?n) {
                      ?a a gt:RegulatoryApproval ; gt:byAgency <https://w3id.org/gtkg/organisation/fda> ;
                         gt:eventDate ?d FILTER(YEAR(?d) = 2017) }"""
                )
            )
        )["n"].value
    )
    assert fda_2017 >= 3  # Kymriah, Yescarta, Luxturna
    assert "Approvals per year" in page
    row_2017 = page.split('<th scope="row">2017</th>', 1)[1].split("</tr>", 1)[0]
    assert (
        'href="/timeline?agency=fda&amp;kind=approval&amp;kind=label-expansion&amp;from=2017&amp;to=2017"'
        in row_2017
    )
    assert f'title="U.S. Food and Drug Administration: {fda_2017}"' in row_2017


def test_class_list_sorts_and_paginates(client):
    first = client.get("/class/Disease?size=10&page=1").get_data(as_text=True)
    second = client.get("/class/Disease?size=10&page=2").get_data(as_text=True)
    assert 'rel="next"' in first and 'rel="prev"' in second
    asc = client.get("/class/Gene?sort=label&order=asc").get_data(as_text=True)
    desc = client.get("/class/Gene?sort=label&order=desc").get_data(as_text=True)
    first_asc = asc.split('<ol class="members"')[1].split("</a>")[0]
    first_desc = desc.split('<ol class="members"')[1].split("</a>")[0]
    assert first_asc != first_desc
    assert client.get("/class/NoSuchClass").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("RPE65", "https://w3id.org/gtkg/gene/RPE65"),
        ("rpe65", "https://w3id.org/gtkg/gene/RPE65"),
        ("HGNC:10294", "https://w3id.org/gtkg/gene/RPE65"),
        ("voretigene", "https://w3id.org/gtkg/therapy/luxturna"),
        ("aav9", "https://w3id.org/gtkg/serotype/aav9"),
        ("Zolgensma", "https://w3id.org/gtkg/therapy/zolgensma"),
    ],
)
def test_search_json_ranks_exact_matches_first(client, query, expected):
    response = client.get(f"/search?q={query}", headers={"Accept": "application/json"})
    assert response.content_type == "application/json"
    results = response.get_json()["results"]
    assert results and results[0]["iri"] == expected


def test_search_html(client):
    page = client.get("/search?q=aav9", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'href="/serotype/aav9"' in page
    assert "Nothing matches" in client.get("/search?q=zzzqqq").get_data(as_text=True)


def test_entity_page_groups_relations_with_sources_and_identifiers(client):
    page = client.get("/gene/RPE65", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "genenames.org" in page, "HGNC notation links out"
    assert 'class="source"' in page, "each fact names its source"
    assert 'href="/therapy/luxturna"' in page, "targeted by Luxturna (the derived inverse)"
    fda = client.get("/organisation/fda", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Referenced by" in fda and 'href="/approval/abecma-fda"' in fda
    assert "is by agency of" not in fda and "_:" not in fda


def test_saved_query_pages_leave_the_search_box_empty(client):
    """The header search box once showed the saved query object, server path included."""
    page = client.get(
        "/queries/therapies-by-vector?vector=https://w3id.org/gtkg/vector/aav",
        headers={"Accept": "text/html"},
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "SavedQuery(" not in text and "/queries/rq/" not in text
    assert 'name="q" value=""' in text
    zolgensma = client.get("/therapy/zolgensma").get_data(as_text=True)
    assert 'id="graph-data"' in zolgensma and "/gene/SMN1" in zolgensma
    assert "inferred" in zolgensma, "types from the reasoner are shown and marked"


def test_prices_show_their_currency(client, store):
    rows = list(
        store.query(
            "SELECT ?p ?c { ?p <https://w3id.org/gtkg/ontology#amount> ?a ; "
            "<https://w3id.org/gtkg/ontology#currency> ?c } LIMIT 1"
        )
    )
    assert rows, "no price with an amount in the data"
    path = rows[0]["p"].value.replace("https://w3id.org/gtkg", "")
    assert f"{rows[0]['c'].value} " in client.get(path).get_data(as_text=True)


def test_security_headers_on_every_response(client):
    for path in ("/", "/therapy/luxturna", "/search?q=x", "/ontology", "/nope/nope"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"]


def test_labels_are_escaped(tmp_path):
    app = create_app({"STORE": str(xss_store(tmp_path)), "TESTING": True})
    client = app.test_client()
    for path in ("/gene/XSS", "/search?q=script", "/class/Gene", "/gene/XS"):
        page = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
        assert "<script>window.__xss" not in page
        assert "<img src=x" not in page
        assert "</script><script>" not in page
    page = client.get("/gene/XSS").get_data(as_text=True)
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in page


def test_ontology_page_has_an_anchor_and_usage_count_per_term(client):
    page = client.get("/ontology", headers={"Accept": "text/html"}).get_data(as_text=True)
    for term in ("Therapy", "AAVSerotype", "targetsGene", "geneSymbol"):
        assert f'id="{term}"' in page
    assert "used " in page and "subclass of" in page


def test_downloads_page_lists_every_format(client):
    page = client.get("/downloads").get_data(as_text=True)
    for name in (
        "gtkg.ttl.gz",
        "gtkg.nt.gz",
        "gtkg.nq.gz",
        "gtkg.trig.gz",
        "gtkg.jsonld.gz",
        "gtkg.rdf.gz",
        "gtkg-ontology.ttl",
        "gtkg-shapes.ttl",
    ):
        assert f"/downloads/{name}" in page


def test_sparql_editor_for_browsers_description_for_clients(client):
    html = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert b'id="yasgui"' in html.data and b"yasgui.min.js" in html.data
    turtle = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert turtle.content_type.startswith("text/turtle") and b"well-known/void" in turtle.data


@pytest.mark.parametrize(
    ("disease", "subtype_therapy"),
    [("spinal-muscular-atrophy", "zolgensma"), ("beta-thalassemia", "zynteglo")],
)
def test_disease_page_rolls_up_its_subtypes_therapies(client, disease, subtype_therapy):
    """A therapy for a subtype (SMA type 1, transfusion-dependent beta-thalassaemia) is listed on
    the parent disease's page, as the saved query therapies-for-disease lists it."""
    page = client.get(f"/disease/{disease}", headers={"Accept": "text/html"}).text
    assert 'id="therapies"' in page
    table = page.split('id="therapies"', 1)[1].split("</table>", 1)[0]
    assert f'href="/therapy/{subtype_therapy}"' in table
    assert "subtype" in table


def test_non_disease_page_has_no_therapy_rollup(client):
    page = client.get("/therapy/zolgensma", headers={"Accept": "text/html"}).text
    assert 'id="therapies"' not in page


def test_timeline_filters_by_agency_kind_and_years(client):
    """What the FDA decided in 2017 is in the permalink's rows, and nothing else is."""
    data = client.get("/timeline?agency=fda&from=2017&to=2017&format=json").get_json()
    assert data["count"] == len(data["events"]) > 0
    assert {e["jurisdiction"] for e in data["events"]} == {"https://w3id.org/gtkg/organisation/fda"}
    assert all(e["date"].startswith("2017") for e in data["events"])
    assert "https://w3id.org/gtkg/therapy/luxturna" in {e["product"] for e in data["events"]}
    withdrawals = client.get("/timeline?kind=withdrawal&format=json").get_json()["events"]
    assert "https://w3id.org/gtkg/therapy/glybera" in {e["product"] for e in withdrawals}
    assert {e["kind"].rsplit("#", 1)[1] for e in withdrawals} == {"Withdrawal"}


def test_timeline_exports_and_shows_the_sparql_behind_it(client, store):
    import csv
    import html
    import io
    import re

    page = client.get("/timeline?product=skysona", headers={"Accept": "text/html"}).text
    assert "Skysona" in page and "/timeline?product=skysona&amp;format=csv" in page
    query = html.unescape(re.search(r'<textarea name="query"[^>]*>(.*?)</textarea>', page, re.S)[1])
    from_sparql = {s["event"].value for s in store.query(query)}
    body = client.get("/timeline?product=skysona", headers={"Accept": "text/csv"}).text
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows and {r["event"] for r in rows} == from_sparql
    assert {r["productLabel"] for r in rows} == {"Skysona"}


@pytest.mark.parametrize("query", ["from=20x", "to=99999", "kind=approvals"])
def test_timeline_refuses_a_malformed_filter_naming_it(client, query):
    response = client.get(f"/timeline?{query}", headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert query.split("=")[0] in response.get_json()["message"]


def test_landscape_lists_every_product_once_with_its_facts(client, store):
    data = client.get("/landscape?format=json").get_json()
    products = {p["product"]: p for p in data["products"]}
    events = {
        s["t"].value
        for s in store.query(
            "SELECT DISTINCT ?t { ?e <https://w3id.org/gtkg/ontology#concernsTherapy> ?t }"
        )
    }
    assert set(products) == events and data["count"] == len(events)
    luxturna = products["https://w3id.org/gtkg/therapy/luxturna"]
    assert "adds RPE65" in luxturna["genes"] and "AAV2" in luxturna["serotype"]
    assert "U.S. Food and Drug Administration 2017-12-19" in luxturna["firstApprovals"]
    assert "authorised" in luxturna["status"]


def test_landscape_facets_text_and_sort_live_in_the_url(client):
    # the status facet is tied to its jurisdiction: withdrawn in the EU, not anywhere
    eu = "European Commission: withdrawn"
    withdrawn = client.get("/landscape", query_string={"status": eu, "format": "json"}).json
    assert "Glybera" in {p["name"] for p in withdrawn["products"]}
    assert all(eu in p["status"] for p in withdrawn["products"])
    authorised = client.get(
        "/landscape", query_string={"status": "European Commission: authorised", "format": "json"}
    ).json["products"]
    assert "Skysona" not in {p["name"] for p in authorised}
    by_text = client.get("/landscape?q=SMN1&format=json").get_json()["products"]
    assert "Zolgensma" in {p["name"] for p in by_text}
    assert all("smn1" in " ".join(p.values()).lower() for p in by_text)
    names = [
        p["name"]
        for p in client.get("/landscape?sort=name&order=desc&format=json").json["products"]
    ]
    assert names == sorted(names, key=str.casefold, reverse=True)
    page = client.get("/landscape", query_string={"status": eu}, headers={"Accept": "text/html"})
    assert 'href="/therapy/glybera"' in page.text
    assert "/landscape?status=European+Commission%3A+withdrawn&amp;format=csv" in page.text
    csv_body = client.get(
        "/landscape", query_string={"status": eu}, headers={"Accept": "text/csv"}
    ).text
    assert csv_body.splitlines()[0].startswith("product,name,inn,category")
    assert client.get("/landscape?sort=cost").status_code == 400


def test_a_source_page_lists_the_statements_it_supports(client):
    """What a reader cites: the FDA Skysona page states its BLA number, so its page says so."""
    page = client.get("/source/fda-skysona", headers={"Accept": "text/html"}).text
    assert 'id="statements"' in page
    table = page.split('id="statements"', 1)[1].split("</table>", 1)[0]
    assert 'href="/therapy/skysona"' in table and "BLA 125755" in table
    assert 'id="statements"' not in client.get("/therapy/skysona").text


def test_every_page_says_how_to_cite_it_with_the_release(client, built_store_path):
    import json
    import re

    release = (built_store_path / "current").resolve().name
    for path in ("/", "/therapy/luxturna", "/landscape?status=withdrawn", "/timeline"):
        page = client.get(path, headers={"Accept": "text/html"}).text
        assert "Cite this page" in page, path
        text = re.search(r'<p class="cite-text">(.*?)</p>', page, re.S)[1]
        assert release in text and path.split("?")[0] in text, text
        csl = json.loads(
            re.search(r'<pre class="cite-csl">(.*?)</pre>', page, re.S)[1].replace("&#34;", '"')
        )
        assert csl["version"].endswith("+" + release) and csl["type"] == "dataset"
        assert "@misc{gtkg-" in page
    assert (
        "https://w3id.org/gtkg/therapy/luxturna "
        in client.get("/therapy/luxturna.html", headers={"Accept": "text/html"})
        .text.split('class="cite-text">', 1)[1]
        .split("</p>", 1)[0]
        + " "
    )
    missing = client.get("/therapy/no-such-thing", headers={"Accept": "text/html"})
    assert missing.status_code == 404 and "Cite this page" not in missing.text


def test_compare_lines_up_two_to_four_entities_of_one_kind(client):
    data = client.get("/compare?ids=therapy/zolgensma,itvisma&format=json").get_json()
    assert [e["label"] for e in data["entities"]] == ["Zolgensma", "Itvisma"]
    routes = next(p for p in data["properties"] if p["property"].endswith("#administeredBy"))
    zolgensma, itvisma = ([v["text"] for v in cell] for cell in routes["values"])
    assert zolgensma != itvisma  # intravenous against intrathecal
    assert all(v["sources"] for cell in routes["values"] for v in cell)
    page = client.get(
        "/compare?ids=serotype/aav8&ids=serotype/aav9", headers={"Accept": "text/html"}
    )
    assert page.status_code == 200 and 'class="differs"' in page.text
    for bad, status in (
        ("therapy/zolgensma", 400),
        ("therapy/zolgensma,gene/SMN1", 400),
        ("therapy/zolgensma,therapy/no-such", 404),
        ("a,b,c,d,e", 400),
    ):
        response = client.get(f"/compare?ids={bad}", headers={"Accept": "application/json"})
        assert response.status_code == status, bad


def test_compare_is_reachable_from_the_landscape_and_entity_pages(client):
    landscape = client.get("/landscape", headers={"Accept": "text/html"}).text
    assert '<form method="get" action="/compare">' in landscape
    assert 'name="ids" value="therapy/luxturna"' in landscape
    entity = client.get("/therapy/luxturna", headers={"Accept": "text/html"}).text
    assert 'action="/compare"' in entity and 'value="therapy/luxturna"' in entity


def test_health_answers_from_the_release_summary_and_deep_counts_the_store(tmp_path):
    """The probe reads the summary the build wrote (here doctored, to prove no count ran);
    ?deep=1 counts the store itself."""
    import json

    from graph.store import write_release
    from graph.summary import summary_path, write_summary

    path = tmp_path / "store"
    release = write_release(path, ox.parse(XSS_TRIG.encode(), format=ox.RdfFormat.TRIG))
    written = json.loads(write_summary(ox.Store(str(release)), release).read_text())
    assert written["quads"] > written["triples"] > 0
    summary_path(release).write_text(json.dumps({**written, "quads": 12345, "triples": 678}))
    client = create_app({"STORE": str(path), "TESTING": True}).test_client()
    assert client.get("/health").get_json()["quads"] == 12345
    deep = client.get("/health?deep=1").get_json()
    assert (deep["quads"], deep["triples"]) == (written["quads"], written["triples"])
    assert deep["query"] == "ok" and deep["release"] == release.name


def test_the_build_writes_a_summary_matching_its_release(built_store_path, store):
    from graph.summary import read_summary

    summary = read_summary((built_store_path / "current").resolve())
    assert summary is not None
    assert summary["quads"] == len(store)
    counts = {c["iri"].rsplit("#", 1)[1]: c["count"] for c in summary["classes"]}
    assert counts["GeneTherapyProduct"] > 30 and counts["NucleicAcidDrug"] > 20
    assert any(r["year"] == "2017" for r in summary["approvalsByYear"])


@pytest.mark.parametrize(
    "url",
    [
        "/landscape?from=%C2%B2%C2%B3%C2%B2%C2%B3",  # superscript digits: isdigit() but no year
        "/timeline?to=%E2%91%A0%E2%91%A1%E2%91%A2%E2%91%A3",
        "/landscape?" + "&".join(f"area=a{i}" for i in range(30)),  # a page of 30 chips
        "/timeline?agency=http://a%3E%20%7D%20;%20SELECT",  # no IRI
    ],
)
def test_hostile_filters_are_refused_with_400(client, url):
    assert client.get(url, headers={"Accept": "application/json"}).status_code == 400


def test_a_404_respects_the_clients_q_values(client):
    for accept, kind in (
        ("text/html;q=0, application/json", "application/json"),
        ("application/json, text/html;q=0.1", "application/json"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html"),
    ):
        response = client.get("/no-such-page", headers={"Accept": accept})
        assert (response.status_code, response.mimetype) == (404, kind), accept


def test_a_large_source_page_is_a_bounded_scan(client):
    from server.linked_data import MAX_STATEMENTS

    page = client.get("/source/gene-therapy-explained", headers={"Accept": "text/html"}).text
    table = page.split('id="statements"', 1)[1].split("</table>", 1)[0]
    assert 0 < table.count("<li>") <= MAX_STATEMENTS
    assert "all of them as CSV" in page.split('id="statements"', 1)[1].split("<table", 1)[0]


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("/serotype/AAV9", "/serotype/aav9"),
        ("/gene/rpe65", "/gene/RPE65"),
        ("/therapy/Zolgensma.ttl", "/therapy/zolgensma.ttl"),
    ],
)
def test_a_slug_in_the_wrong_case_redirects_to_the_entity(client, typed, canonical):
    response = client.get(typed)
    assert response.status_code == 301 and response.headers["Location"] == canonical


def test_the_ontology_has_a_title_and_document_urls(client):
    page = client.get("/ontology", headers={"Accept": "text/html"}).text
    assert "<h1>gtkg: the gene therapy knowledge graph ontology</h1>" in page
    turtle = client.get("/ontology.ttl")
    assert turtle.status_code == 200 and turtle.mimetype == "text/turtle"
    assert "gt:Therapy" in turtle.text or "ontology#Therapy" in turtle.text
    assert client.get("/ontology.rdf").mimetype == "application/rdf+xml"
    assert client.get("/ontology.xyz").status_code == 406
