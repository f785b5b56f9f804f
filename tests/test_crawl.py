"""A bounded crawl of the real site: every internal link on every page resolves without 4xx/5xx."""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urljoin, urlsplit

import requests

MAX_PAGES = 400
LINK = re.compile(r"""(?:href|src|action)=["']([^"']+)["']""")


def internal_links(base: str, page_url: str, html: str) -> set[str]:
    found = set()
    for raw in LINK.findall(html):
        url, _ = urldefrag(urljoin(page_url, unescape(raw)))
        if urlsplit(url).netloc == urlsplit(base).netloc and url.startswith(base):
            found.add(url)
    return found


def test_every_internal_link_resolves(live_server):
    start = live_server + "/"
    queue, seen, broken = deque([start]), {start}, []
    session = requests.Session()
    fetched = 0
    while queue and fetched < MAX_PAGES:
        url = queue.popleft()
        response = session.get(url, headers={"Accept": "text/html"}, timeout=60)
        fetched += 1
        if response.status_code >= 400:
            broken.append((url, response.status_code))
            continue
        if not response.headers.get("Content-Type", "").startswith("text/html"):
            continue
        for link in internal_links(live_server, url, response.text) - seen:
            seen.add(link)
            queue.append(link)
    assert not broken, broken
    assert fetched >= 50, f"the crawl reached only {fetched} pages"
