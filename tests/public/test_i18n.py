"""French by default, English through the visible switch; every catalogue entry translated."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
# The project's catalogue and the apps' own (an app may carry its strings in <app>/locale/).
CATALOGUES = sorted(
    {*ROOT.glob("locale/*/LC_MESSAGES/django.po"), *ROOT.glob("*/locale/*/LC_MESSAGES/django.po")}
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def test_french_is_the_default(client, demo):
    html = client.get("/").content.decode()
    assert '<html lang="fr"' in html
    assert "Tableau de bord" in html


def test_the_switch_stores_english_and_goes_back_to_the_same_page(client, demo):
    response = client.post("/langue/", {"language": "en", "next": "/engagements/?status=late"})
    assert response.status_code == 302
    assert response["Location"] == "/engagements/?status=late"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/engagements/?status=late").content.decode()
    assert '<html lang="en"' in html
    assert "Filter the commitments" in html
    assert 'name="language" value="fr" lang="fr">Français</button>' in html


def test_the_switch_refuses_a_foreign_next_url(client, db):
    response = client.post("/langue/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_entry_of_the_english_catalogue_is_translated_with_the_same_placeholders(catalogue):
    po = polib.pofile(str(catalogue))
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()][:5]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()][:5]
    for entry in po.translated_entries():
        for source, target in (
            [(entry.msgid, entry.msgstr)]
            if not entry.msgid_plural
            else [(entry.msgid_plural, entry.msgstr_plural[1])]
        ):
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(target)), (
                entry.msgid
            )
