"""Content negotiation shared by every view: Accept with q-values, a ``format`` parameter, 406.

A view lists what it can answer in as ``Offer``s (preferred first) and calls
``negotiate``; it gets the chosen offer back, or a ``NotAcceptable`` (406) that
names every offered media type and format name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import has_request_context, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import NotAcceptable


@dataclass(frozen=True)
class Offer:
    """One way to answer: a short ``key`` (format parameter), its media type, aliases, other names."""

    key: str
    mimetype: str
    aliases: tuple[str, ...] = ()
    names: tuple[str, ...] = ()

    def matches_name(self, value: str) -> bool:
        value = value.strip().lower()
        return value == self.key or value in self.names or value in self.media_types

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.mimetype, *self.aliases)


class NotAcceptableError(NotAcceptable):
    """406 that lists what the resource is offered in."""

    def __init__(self, offers: Sequence[Offer], asked: str) -> None:
        self.offers = tuple(offers)
        listed = ", ".join(f"{o.mimetype} (format={o.key})" for o in self.offers)
        super().__init__(f"cannot answer in {asked}; offered: {listed}")


def negotiate(
    offers: Sequence[Offer], accept: MIMEAccept | None = None, format_param: str | None = None
) -> Offer:
    """Pick the offer for this request: ``format`` wins over Accept; no Accept means the first."""
    if format_param is None and has_request_context():
        format_param = request.values.get("format")
    if format_param:
        for offer in offers:
            if offer.matches_name(format_param):
                return offer
        raise NotAcceptableError(offers, f"format={format_param!r}")
    if accept is None and has_request_context():
        accept = request.accept_mimetypes
    if not accept:
        return offers[0]
    return best_offer(offers, accept)


def best_offer(offers: Sequence[Offer], accept: MIMEAccept) -> Offer:
    """The offer the Accept header ranks highest, or 406.

    Ties go to a canonical media type over an alias (``text/*`` picks text/csv,
    not text/xml), then to the earlier offer.
    """
    ranked = []
    for index, offer in enumerate(offers):
        for alias, media_type in enumerate(offer.media_types):
            quality = accept.quality(media_type)
            if quality > 0:
                ranked.append((quality, alias == 0, -index, offer))
    if not ranked:
        raise NotAcceptableError(offers, f"Accept: {accept}")
    return max(ranked, key=lambda rank: rank[:3])[3]


def offered_types(offers: Sequence[Offer]) -> list[str]:
    """The canonical media types of ``offers``, for Link/Vary headers and error bodies."""
    return [offer.mimetype for offer in offers]
