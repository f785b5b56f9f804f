"""A researcher's path through the site in real headless Chromium (Debian's, driven by Playwright).

Screenshots go to test-artifacts/ (ignored by git; CI keeps them as artefacts).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is required (apt-get install chromium; make test does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    page.errors = errors
    outside: list[str] = []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    page.outside = outside
    yield page
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_to_zolgensma_to_smn1_with_the_graph(page):
    page.goto("/")
    assert "gene therapy knowledge graph" in page.content()
    shot(page, "01-home")
    page.fill("main form.search input[name=q]", "AAV9")
    page.press("main form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=AAV9")
    shot(page, "02-search-aav9")
    page.click("ol.results a[href='/serotype/aav9']")
    page.wait_for_url("**/serotype/aav9")
    page.click("a[href='/therapy/zolgensma']")
    page.wait_for_url("**/therapy/zolgensma")
    assert page.inner_text("h1") == "Zolgensma"
    page.wait_for_function("window.gtkgGraph && window.gtkgGraph.nodes().length > 1")
    nodes = page.evaluate("window.gtkgGraph.nodes().length")
    assert nodes > 3
    assert page.evaluate("window.gtkgGraph.nodes().some(n => n.data('href') === '/gene/SMN1')")
    shot(page, "03-zolgensma")
    page.click("table.relations a[href='/gene/SMN1']")
    page.wait_for_url("**/gene/SMN1")
    assert "SMN1" in page.inner_text("h1")
    page.wait_for_function("window.gtkgGraph && window.gtkgGraph.nodes().length > 1")
    shot(page, "04-smn1")
    # clicking a node of the graph opens that entity's page
    page.evaluate(
        "window.gtkgGraph.nodes().filter(n => n.data('href') === '/therapy/zolgensma').emit('tap')"
    )
    page.wait_for_url("**/therapy/zolgensma")
    assert not page.errors, page.errors
    assert not page.outside, f"requests left the server: {page.outside}"


def test_yasgui_runs_a_query_and_a_saved_query(page):
    page.goto("/sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    query = "SELECT ?therapy ?label WHERE { ?therapy a <https://w3id.org/gtkg/ontology#Therapy> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
    page.evaluate(
        "q => { const tab = window.gtkgYasgui.getTab(); tab.setQuery(q); tab.query(); }", query
    )
    page.wait_for_selector(".yasr table.dataTable tbody tr td", timeout=20000)
    assert "Abecma" in page.inner_text(".yasr")  # the first of the ordered labels
    shot(page, "05-yasgui-query")
    page.click("button.example >> nth=0")
    page.wait_for_function(
        "() => { const rows = document.querySelectorAll('.yasr table.dataTable tbody tr');"
        " return rows.length > 0 && !document.querySelector('.yasr').innerText.includes('Zolgensma'); }",
        timeout=20000,
    )
    shot(page, "06-yasgui-saved-query")
    assert not page.errors, page.errors
    assert not page.outside, f"requests left the server: {page.outside}"


def test_saved_query_page_from_the_catalogue(page, live_server):
    page.goto("/queries")
    page.click("main a[href='/queries/approvals-per-agency']")
    page.wait_for_url("**/queries/approvals-per-agency")
    page.click("main form.params button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("table.results tbody tr").count() > 0
    shot(page, "07-saved-query")
    assert not page.outside, f"requests left the server: {page.outside}"


def test_script_in_a_label_stays_inert(browser, tmp_path, server_factory):
    from tests.test_pages import xss_store

    server = server_factory(xss_store(tmp_path))
    context = browser.new_context(base_url=server.url)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("/gene/XSS", "/search?q=script", "/class/Gene"):
        page.goto(path)
        page.wait_for_load_state("load")
    assert page.evaluate("window.__xss === undefined")
    assert not dialogs
    context.close()
