"""Custom 404 and 500 pages in the design of the site."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.utils import translation

from public.views.pages import server_error

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_designed_404_page(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert 'class="fr-header"' in html
    assert 'href="/engagements/"' in html


def test_the_404_page_is_translated(client):
    html = client.get("/nulle-part/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Page not found" in html


def test_the_500_page_renders_without_a_request_context_or_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0), translation.override("fr"):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Erreur inattendue" in html
    assert 'class="fr-header"' in html


def test_a_crashing_view_answers_with_the_500_page(client, monkeypatch):
    from public import selectors

    def boom(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "glossary_terms", boom)
    client.raise_request_exception = False
    response = client.get("/glossaire/")
    assert response.status_code == 500
    assert "Erreur inattendue" in response.content.decode()
