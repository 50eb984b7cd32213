"""Issue 15, point 13: the database keeps the membership rules too, so that a bug or the admin cannot store what
the services refuse. Each test writes the bad row directly, bypassing the services, and expects IntegrityError."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from members.models import Membership, Status
from tests.factories import make_body, make_membership

pytestmark = pytest.mark.django_db


def test_db_one_open_membership_per_person_per_body() -> None:
    membership = make_membership(body=make_body(), status=Status.ACTIVE)
    second = Membership(person=membership.person, body=membership.body, status=Status.CANDIDATE)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_db_a_second_membership_after_an_ended_one_is_allowed() -> None:
    membership = make_membership(body=make_body(), status=Status.ACTIVE)
    Membership.objects.filter(pk=membership.pk).update(status=Status.ENDED, ended_on=date(2026, 6, 1))
    Membership(person=membership.person, body=membership.body, status=Status.CANDIDATE).save()
    assert Membership.objects.filter(person=membership.person, body=membership.body).count() == 2


def test_db_term_end_after_term_start() -> None:
    membership = make_membership(body=make_body(), status=Status.ACTIVE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(term_end=membership.term_start)


def test_db_trial_end_not_before_trial_start() -> None:
    membership = make_membership(body=make_body(), status=Status.TRIAL)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(trial_end=date(2025, 12, 31))


def test_db_ended_membership_has_an_end_date() -> None:
    membership = make_membership(body=make_body(), status=Status.ACTIVE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(status=Status.ENDED, ended_on=None)
