"""The response cache: hits repeat the body, keys separate what differs, ETags, a new release misses.

Each server here has one worker, so its one cache sees every request; every
query carries a unique comment, so tests sharing a server never share entries.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
import requests

POINT = "SELECT ?p ?o {{ <https://w3id.org/gtkg/therapy/luxturna> ?p ?o }} ORDER BY ?p ?o # {tag}"
JSON = "application/sparql-results+json"


def fresh(template: str = POINT) -> str:
    return template.format(tag=uuid.uuid4().hex)


@pytest.fixture(scope="module")
def cached(server_factory, built_store_path: Path):
    """One worker (one cache), a 5-row bound so truncated answers are cached too."""
    return server_factory(built_store_path, GTKG_WORKERS="1", GTKG_RESULT_LIMIT="5")


def ask(url: str, query: str, accept: str = JSON, **params: str) -> requests.Response:
    return requests.get(
        url + "/sparql", params={"query": query, **params}, headers={"Accept": accept}
    )


def test_second_identical_request_is_a_hit_with_the_same_body(cached) -> None:
    query = fresh()
    first, second = ask(cached.url, query), ask(cached.url, query)
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.headers["X-GTKG-Cache"] == "miss" and second.headers["X-GTKG-Cache"] == "hit"
    assert first.content == second.content
    assert first.headers["ETag"] == second.headers["ETag"]
    assert first.headers["ETag"].startswith('"') and not first.headers["ETag"].startswith("W/")
    for response in (first, second):
        assert response.headers["Content-Type"] == second.headers["Content-Type"]
        assert "public" in response.headers["Cache-Control"]
        assert "max-age=60" in response.headers["Cache-Control"]
        assert "Accept" in response.headers["Vary"]
        assert response.headers["X-GTKG-Truncated"] == "true"  # 5-row bound: kept on a hit
        assert len(response.json()["results"]["bindings"]) == 5


def test_get_and_post_of_one_query_share_an_entry(cached) -> None:
    query = fresh()
    got = ask(cached.url, query)
    posted = requests.post(
        cached.url + "/sparql",
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": JSON},
    )
    assert got.headers["X-GTKG-Cache"] == "miss" and posted.headers["X-GTKG-Cache"] == "hit"
    assert got.content == posted.content and got.headers["ETag"] == posted.headers["ETag"]


def test_format_dataset_and_query_text_make_separate_entries(cached) -> None:
    query = fresh()
    graph = "https://w3id.org/gtkg/source/fda-luxturna"
    variants = [
        ask(cached.url, query),
        ask(cached.url, query, accept="application/sparql-results+xml"),
        ask(cached.url, query, accept="*/*", format="csv"),
        ask(cached.url, query, **{"default-graph-uri": graph}),
        ask(cached.url, query, **{"named-graph-uri": graph}),
        ask(cached.url, query + " "),
    ]
    assert [r.status_code for r in variants] == [200] * len(variants)
    assert [r.headers["X-GTKG-Cache"] for r in variants] == ["miss"] * len(variants)
    assert len({r.headers["ETag"] for r in variants}) == len(variants)
    assert "<sparql" in variants[1].text and variants[2].text.startswith("p,o")
    again = [ask(cached.url, query), ask(cached.url, query, accept="*/*", format="csv")]
    assert [r.headers["X-GTKG-Cache"] for r in again] == ["hit", "hit"]
    assert again[1].content == variants[2].content


def test_if_none_match_gives_304_without_a_body(cached) -> None:
    query = fresh()
    first = ask(cached.url, query)
    etag = first.headers["ETag"]
    response = requests.get(
        cached.url + "/sparql",
        params={"query": query},
        headers={"Accept": JSON, "If-None-Match": etag},
    )
    assert response.status_code == 304 and response.content == b""
    assert response.headers["ETag"] == etag
    other = requests.get(
        cached.url + "/sparql",
        params={"query": query},
        headers={"Accept": JSON, "If-None-Match": '"something-else"'},
    )
    assert other.status_code == 200 and other.content == first.content
    xml = requests.get(  # same query, other format: the held ETag does not match
        cached.url + "/sparql",
        params={"query": query},
        headers={"Accept": "application/sparql-results+xml", "If-None-Match": etag},
    )
    assert xml.status_code == 200 and xml.headers["ETag"] != etag


def test_errors_are_not_cached(cached) -> None:
    bad = "SELECT ?x { ?x ?y } # " + uuid.uuid4().hex
    responses = [ask(cached.url, bad), ask(cached.url, bad)]
    assert [r.status_code for r in responses] == [400, 400]
    assert all("ETag" not in r.headers and "X-GTKG-Cache" not in r.headers for r in responses)


def test_saved_queries_use_the_cache(cached) -> None:
    url = cached.url + "/queries/therapies-for-disease.csv"
    sma = {"disease": "https://w3id.org/gtkg/disease/spinal-muscular-atrophy"}
    first, second = requests.get(url, params=sma), requests.get(url, params=sma)
    assert first.status_code == 200 and first.headers["X-GTKG-Cache"] in {"miss", "hit"}
    assert second.headers["X-GTKG-Cache"] == "hit" and second.content == first.content
    other = requests.get(url, params={"disease": "https://w3id.org/gtkg/disease/hemophilia"})
    assert other.headers["ETag"] != first.headers["ETag"]
    unchanged = requests.get(url, params=sma, headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304


def test_a_cache_of_zero_bytes_keeps_nothing(server_factory, built_store_path: Path) -> None:
    server = server_factory(built_store_path, GTKG_WORKERS="1", GTKG_CACHE_BYTES="0")
    query = fresh()
    responses = [ask(server.url, query), ask(server.url, query)]
    assert [r.headers["X-GTKG-Cache"] for r in responses] == ["miss", "miss"]
    assert responses[0].content == responses[1].content
    assert responses[0].headers["ETag"] == responses[1].headers["ETag"]


def test_a_new_release_misses_and_changes_the_etag(
    server_factory, built_store_path: Path, tmp_path: Path
) -> None:
    from graph.build import build
    from graph.settings import load_settings

    path = tmp_path / "store"
    shutil.copytree(built_store_path, path, symlinks=True)
    server = server_factory(path, GTKG_WORKERS="1")
    query = fresh()
    before = [ask(server.url, query), ask(server.url, query)]
    assert [r.headers["X-GTKG-Cache"] for r in before] == ["miss", "hit"]

    build(load_settings({"STORE": str(path), "REFERENCE_LAYER": False}, environ={}))
    after = [ask(server.url, query), ask(server.url, query)]
    assert [r.headers["X-GTKG-Cache"] for r in after] == ["miss", "hit"]
    assert after[0].headers["ETag"] != before[0].headers["ETag"]
    assert after[0].json() == before[0].json()  # same sources, same answer, new release
    stale = requests.get(
        server.url + "/sparql",
        params={"query": query},
        headers={"Accept": JSON, "If-None-Match": before[0].headers["ETag"]},
    )
    assert stale.status_code == 200


def test_repeated_hits_and_304s_answer_as_flask_did(cached) -> None:
    """From the third identical request on, the fast path answers: same headers, same body."""
    query = fresh()
    sma = {"disease": "https://w3id.org/gtkg/disease/spinal-muscular-atrophy"}
    origin = {"Accept": JSON, "Origin": "https://example.org"}
    form = {"Content-Type": "application/x-www-form-urlencoded", "Accept": JSON}
    requests_ = {
        "get": lambda: requests.get(
            cached.url + "/sparql", params={"query": query}, headers=origin
        ),
        "post": lambda: requests.post(cached.url + "/sparql", data={"query": query}, headers=form),
        "saved": lambda: requests.get(
            cached.url + "/queries/therapies-for-disease.csv", params=sma
        ),
    }
    for name, send in requests_.items():
        responses = [send() for _ in range(4)]
        assert [r.status_code for r in responses] == [200] * 4, name
        assert [r.headers["X-GTKG-Cache"] for r in responses[1:]] == ["hit"] * 3, name
        headers = [{k: v for k, v in r.headers.items() if k != "Date"} for r in responses[1:]]
        assert headers[0] == headers[1] == headers[2], name
        assert len({r.content for r in responses}) == 1, name
        if name == "post":
            continue
        etag = responses[0].headers["ETag"]
        held = [
            requests.get(responses[0].url, headers={**origin, "If-None-Match": etag})
            for _ in range(3)
        ]
        assert [r.status_code for r in held] == [304] * 3, name
        headers = [{k: v for k, v in r.headers.items() if k != "Date"} for r in held]
        assert headers[0] == headers[1] == headers[2] and held[0].headers["ETag"] == etag
    get = requests_["get"]()
    assert get.headers["Access-Control-Allow-Origin"] == "https://example.org"
    assert get.headers["X-Content-Type-Options"] == "nosniff"
    assert get.headers["X-GTKG-Truncated"] == "true"
    saved = requests_["saved"]()
    assert saved.headers["Link"] == '</queries/therapies-for-disease>; rel="describedby"'
