"""The rows migrations seed (vague verbs, glossary) are there for every test, whatever ran before:
a transactional test ends with a flush, and under xdist a worker's files do not run in
pytest-django's order (transactional last). CI once failed on this schedule."""

import pytest

from commitments.models import GlossaryTerm, VagueVerb

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_transactional_test_runs_first_and_its_database_is_flushed_after_it():
    assert VagueVerb.objects.filter(infinitive="renforcer").exists()


def test_the_next_test_still_finds_the_vague_verbs_and_the_glossary():
    assert VagueVerb.objects.filter(infinitive="renforcer").exists()
    assert GlossaryTerm.objects.filter(slug="pgo").exists()
