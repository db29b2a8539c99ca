import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commitments.models import AuditRecord
from indicators.models import Measurement
from indicators.services import measurement_record
from tests.factories import IndicatorFactory, cast_of_users

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def indicator():
    return IndicatorFactory()


@pytest.fixture
def cast(indicator):
    return cast_of_users(indicator.commitment)


def record(indicator, actor, **values):
    values = {"date": D(2016, 6, 1), "value": "42,5", "source": "data.gouv.fr"} | values
    return measurement_record(
        indicator=indicator, actor=actor, channel="form", as_of=D(2016, 7, 1), **values
    )


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
def test_who_may_record_a_measurement(indicator, cast, who, allowed):
    if allowed:
        m, changed, _created = record(indicator, cast[who])
        assert changed and m.value == Decimal("42.5")
        assert AuditRecord.objects.get().actor == cast[who]
    else:
        with pytest.raises(PermissionDenied):
            record(indicator, cast[who])
        assert not Measurement.objects.exists()
        assert not AuditRecord.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"value": "beaucoup"}, "value"),
        ({"value": "NaN"}, "value"),
        ({"value": "1e20"}, "value"),
        ({"date": None}, "date"),
        ({"date": D(2017, 1, 1)}, "date"),
        ({"evidence_url": "pas une adresse"}, "evidence_url"),
    ],
)
def test_bad_input_is_refused_with_the_field_and_nothing_saved(indicator, cast, values, field):
    with pytest.raises(ValidationError) as exc:
        record(indicator, cast["owner"], **values)
    assert field in exc.value.message_dict
    assert not Measurement.objects.exists()


def test_a_second_value_on_the_same_date_corrects_the_first_and_is_audited(indicator, cast):
    record(indicator, cast["owner"], value="10")
    _, changed, _created = record(indicator, cast["owner"], value="12")
    assert changed
    assert Measurement.objects.get().value == 12
    update = AuditRecord.objects.filter(action="update").get()
    assert update.changes["value"] == ["10", "12"]
    _, changed, _created = record(indicator, cast["owner"], value="12")
    assert not changed
    assert AuditRecord.objects.count() == 2


def test_a_qualitative_indicator_takes_a_level_of_its_scale():
    ind = IndicatorFactory(
        kind="qualitative",
        levels=["Aucune", "Partielle", "Complète"],
        baseline_value=0,
        target_value=2,
    )
    owner = cast_of_users(ind.commitment)["owner"]
    with pytest.raises(ValidationError) as exc:
        measurement_record(indicator=ind, date=D(2016, 1, 1), level=3, actor=owner, channel="form")
    assert "level" in exc.value.message_dict
    with pytest.raises(ValidationError):
        measurement_record(
            indicator=ind, date=D(2016, 1, 1), level="1.5", actor=owner, channel="form"
        )
    m, _, _ = measurement_record(
        indicator=ind, date=D(2016, 1, 1), level=1, actor=owner, channel="form"
    )
    assert m.value == 1
