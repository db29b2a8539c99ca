from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commitments.models import AuditRecord, Commitment
from commitments.services import commitment_update_implementation
from tests.factories import CommitmentFactory, cast_of_users

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment():
    return CommitmentFactory()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("owner", True),
        ("co_owner", True),
        ("outsider", False),
        ("coordinator", True),
    ],
)
def test_who_may_edit_the_implementation_details(commitment, who, allowed):
    actor = cast_of_users(commitment)[who]
    call = lambda: commitment_update_implementation(  # noqa: E731
        commitment=commitment,
        actor=actor,
        source="form",
        cost_amount=Decimal(250000),
        contact_name="Jeanne Martin",
    )
    if allowed:
        assert call() is True
        assert Commitment.objects.get().cost_amount == 250000
        record = AuditRecord.objects.get()
        assert record.changes["cost_amount"] == [None, "250000"]
    else:
        with pytest.raises(PermissionDenied):
            call()
        assert Commitment.objects.get().cost_amount is None
        assert not AuditRecord.objects.exists()


def test_no_additional_cost_with_an_amount_is_refused(commitment):
    coordinator = cast_of_users(commitment)["coordinator"]
    with pytest.raises(ValidationError) as exc:
        commitment_update_implementation(
            commitment=commitment,
            actor=coordinator,
            source="form",
            no_additional_cost=True,
            cost_amount=Decimal(5),
        )
    assert "cost_amount" in exc.value.message_dict
    assert not AuditRecord.objects.exists()


def test_only_implementation_fields_can_be_changed(commitment):
    coordinator = cast_of_users(commitment)["coordinator"]
    with pytest.raises(ValidationError) as exc:
        commitment_update_implementation(
            commitment=commitment, actor=coordinator, source="api", title="Autre"
        )
    assert "title" in exc.value.message_dict


def test_a_bad_contact_email_is_refused(commitment):
    owner = cast_of_users(commitment)["owner"]
    with pytest.raises(ValidationError) as exc:
        commitment_update_implementation(
            commitment=commitment, actor=owner, source="form", contact_email="pas-un-courriel"
        )
    assert "contact_email" in exc.value.message_dict
