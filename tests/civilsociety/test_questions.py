"""Public questions: confirmation by link, the owners told, answers, anti-abuse (honeypot,
limits per address and per e-mail, length and links), the erasure of addresses and the
overdue rule with injected dates, the weekly digest's section."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from civilsociety import limits
from civilsociety.digest import overdue_questions_section
from civilsociety.models import Question
from civilsociety.questions import (
    erase_expired_addresses,
    question_answer,
    question_ask,
    question_confirm,
)
from civilsociety.selectors import overdue_questions
from commitments.models import AuditRecord

pytestmark = pytest.mark.django_db

TEXT = "Quand le décret d'application sera-t-il publié au Journal officiel ?"


def _ask(world, **kwargs):
    values = {
        "commitment": world["commitment"],
        "display_name": "Camille",
        "email": "camille@example.org",
        "text": TEXT,
        "ip": "203.0.113.7",
    } | kwargs
    return question_ask(**values)


def _token_from_mail() -> str:
    match = re.search(r"/questions/confirmer/([^/\s]+)/", mail.outbox[-1].body)
    assert match
    return match[1]


def test_a_question_is_public_only_once_confirmed_and_the_owners_are_told(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        question = _ask(world)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["camille@example.org"]
    token = _token_from_mail()
    assert question.confirmed_at is None
    assert not AuditRecord.objects.filter(object_type="question").exists()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = question_confirm(token=token)
    assert confirmed is not None and confirmed.confirmed_at is not None
    told = sorted(addr for m in mail.outbox[1:] for addr in m.to)
    assert told == sorted(
        [world["cast"]["owner"].email, world["cast"]["co_owner"].email]
    )  # the lead's and the co-owner's members, not the outsider
    assert all("Camille" in m.body for m in mail.outbox[1:])
    # twice: nothing more
    with django_capture_on_commit_callbacks(execute=True):
        assert question_confirm(token=token).pk == question.pk
    assert len(mail.outbox) == 3
    record = AuditRecord.objects.get(object_type="question")
    assert "camille@example.org" not in str(record.changes)
    assert TEXT not in str(record.changes) and record.changes["text_sha256"][1]
    assert question_confirm(token="nope") is None


def test_the_confirmation_page_and_the_ask_page(world, client):
    c = world["commitment"]
    url = reverse("civilsociety:question-new", args=[c.plan.slug, c.number])
    response = client.get(url)
    assert response.status_code == 200 and b'name="website"' in response.content
    response = client.post(
        url,
        {"display_name": "Camille", "email": "camille@example.org", "text": TEXT, "website": ""},
    )
    assert response.status_code == 200 and Question.objects.count() == 1
    response = client.get(reverse("civilsociety:question-confirm", args=["inconnu"]))
    assert response.status_code == 404


def test_the_honeypot_refuses_and_records_nothing(world, client):
    c = world["commitment"]
    url = reverse("civilsociety:question-new", args=[c.plan.slug, c.number])
    response = client.post(
        url,
        {"display_name": "Bot", "email": "bot@example.org", "text": TEXT, "website": "http://spam"},
    )
    assert response.status_code == 400
    assert "envoi automatique" in response.content.decode()
    assert Question.objects.count() == 0 and len(mail.outbox) == 0


def test_rate_limits_per_client_address_and_per_email(world, client):
    for n in range(limits.MAX_PER_ADDRESS):
        _ask(world, email=f"personne{n}@example.org")
    with pytest.raises(ValidationError, match="depuis votre connexion"):
        _ask(world, email="encore@example.org")
    assert Question.objects.count() == limits.MAX_PER_ADDRESS
    for n in range(limits.MAX_PER_EMAIL):
        _ask(world, email="meme@example.org", ip=f"198.51.100.{n}")
    with pytest.raises(ValidationError, match="cette adresse"):
        _ask(world, email="meme@example.org", ip="198.51.100.200")
    # the page says it in English too
    c = world["commitment"]
    url = reverse("civilsociety:question-new", args=[c.plan.slug, c.number])
    response = client.post(
        url,
        {"display_name": "Sam", "email": "meme@example.org", "text": TEXT},
        HTTP_ACCEPT_LANGUAGE="en",
        REMOTE_ADDR="192.0.2.1",
    )
    assert response.status_code == 400
    assert "Too many questions sent for this e-mail address" in response.content.decode()


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"text": "Trop court"}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"text": TEXT + " https://a.fr https://b.fr https://c.fr"}, "text"),
        ({"display_name": ""}, "display_name"),
        ({"display_name": "Voir www.spam.fr"}, "display_name"),
        ({"email": "pas-une-adresse"}, "email"),
    ],
)
def test_length_link_and_address_limits(world, bad, field):
    with pytest.raises(ValidationError) as error:
        _ask(world, **bad)
    assert field in error.value.message_dict
    assert Question.objects.count() == 0


def _confirmed(world, *, days_ago: int = 0, **kwargs) -> Question:
    question = _ask(
        world,
        ip=f"192.0.2.{Question.objects.count() + 1}",
        email=f"q{Question.objects.count()}@example.org",
        **kwargs,
    )
    when = timezone.now() - datetime.timedelta(days=days_ago)
    Question.objects.filter(pk=question.pk).update(confirmed_at=when, created_at=when)
    question.refresh_from_db()
    return question


@pytest.mark.parametrize("who", ["owner", "co_owner", "coordinator"])
def test_the_owning_administration_answers_signed(world, who):
    question = _confirmed(world)
    question_answer(
        question=question,
        answer="Le décret paraîtra en mars.",
        actor=world["cast"][who],
        source="form",
    )
    question.refresh_from_db()
    assert question.answered_at is not None and question.answer == "Le décret paraîtra en mars."
    assert question.answer_administration is not None
    if who == "co_owner":
        assert question.answer_administration != world["commitment"].lead_administration
    else:
        assert question.answer_administration == world["commitment"].lead_administration


@pytest.mark.parametrize("who", ["anonymous", "outsider", "reviewer"])
def test_askers_outsiders_and_reviewers_cannot_answer(world, who, client):
    question = _confirmed(world)
    with pytest.raises(PermissionDenied):
        question_answer(
            question=question, answer="Réponse", actor=world["cast"][who], source="form"
        )
    url = reverse("workspace:question-answer", args=[question.pk])
    if who != "anonymous":
        client.force_login(world["cast"][who])
    response = client.post(url, {"answer": "Réponse"})
    assert response.status_code in (302, 404)
    question.refresh_from_db()
    assert question.answered_at is None and question.answer == ""


def test_addresses_are_erased_thirty_days_after_closing_once(
    world, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    answered = _confirmed(world, days_ago=40)
    Question.objects.filter(pk=answered.pk).update(
        answered_at=timezone.now() - datetime.timedelta(days=31), answer="Oui."
    )
    recent = _confirmed(world, days_ago=40)
    Question.objects.filter(pk=recent.pk).update(
        answered_at=timezone.now() - datetime.timedelta(days=5), answer="Oui."
    )
    open_question = _confirmed(world, days_ago=90)
    unconfirmed = _ask(world, ip="192.0.2.99", email="jamais@example.org")
    Question.objects.filter(pk=unconfirmed.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert erase_expired_addresses(as_of=today) == 2
    emails = dict(Question.objects.values_list("pk", "email"))
    assert emails[answered.pk] == "" and emails[unconfirmed.pk] == ""
    assert emails[recent.pk] and emails[open_question.pk]
    # run twice: done once
    assert erase_expired_addresses(as_of=today) == 0
    # the recent one, 30 days after its answer (an injected date)
    assert erase_expired_addresses(as_of=today + datetime.timedelta(days=24)) == 0
    assert erase_expired_addresses(as_of=today + datetime.timedelta(days=25)) == 1
    # the command does the same, idempotently
    call_command(
        "erase_askers_addresses", "--date", (today + datetime.timedelta(days=400)).isoformat()
    )
    assert Question.objects.exclude(email="").count() == 1  # the open one is kept
    # an erased unconfirmed question can no longer be confirmed
    assert Question.objects.get(pk=unconfirmed.pk).token_hash == ""


def test_overdue_after_thirty_days_and_listed_in_the_digest(world):
    today = timezone.localdate()
    old = _confirmed(world, days_ago=30)
    _confirmed(world, days_ago=29)
    answered = _confirmed(world, days_ago=60)
    Question.objects.filter(pk=answered.pk).update(answered_at=timezone.now(), answer="Oui.")
    rows = overdue_questions(as_of=today)
    assert [r.question.pk for r in rows] == [old.pk] and rows[0].days_open == 30
    # an injected date: tomorrow the second one is overdue too
    assert len(overdue_questions(as_of=today + datetime.timedelta(days=1))) == 2
    section = overdue_questions_section(today)
    assert section is not None and len(section.items) == 1
    assert "30" in section.items[0].detail
    assert overdue_questions_section(today - datetime.timedelta(days=5)) is None
