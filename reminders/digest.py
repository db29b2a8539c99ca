"""Sections of the coordinators' weekly digest that other apps add, beside the late milestones.

``reminders`` sits below the apps that have something to add (civil society's overdue
questions…), so it cannot import them: each fills in this registry in its ``AppConfig.ready``
with a provider, a function of the digest's date returning its section (or None when it has
nothing to say). The digest is sent when there are late milestones or any section has items.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DigestItem:
    text: str
    url: str = ""
    detail: str = ""


@dataclass(frozen=True)
class DigestSection:
    title: str
    intro: str = ""
    items: list[DigestItem] = field(default_factory=list)
    # what the section holds in a few words, with its count ("2 questions sans réponse"): the
    # digest's subject lists it beside the late milestones
    summary: str = ""


Provider = Callable[[datetime.date], DigestSection | None]
_providers: dict[str, Provider] = {}


def register_section(key: str, provider: Provider) -> None:
    """Add (or replace: ``ready`` may run twice) the section named ``key``."""
    _providers[key] = provider


def digest_sections(as_of: datetime.date) -> list[DigestSection]:
    """The sections with something to say on ``as_of``, in registration order. Called inside
    the recipient's language."""
    sections = []
    for provider in _providers.values():
        section = provider(as_of)
        if section is not None and section.items:
            sections.append(section)
    return sections
