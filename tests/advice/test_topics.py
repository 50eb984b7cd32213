"""The topic catalogue is data loaded by migration (W-ADV-1 a-i, W-CON-1 a-k)."""

import pytest

from advice.models import Topic, TopicKind

pytestmark = pytest.mark.django_db


def test_w_adv_1_nine_advice_topics() -> None:
    codes = list(Topic.objects.filter(kind=TopicKind.ADVICE).values_list("code", flat=True))
    assert codes == [f"ADV-{letter}" for letter in "abcdefghi"]


def test_w_con_1_eleven_consent_topics() -> None:
    codes = list(Topic.objects.filter(kind=TopicKind.CONSENT).values_list("code", flat=True))
    assert codes == [f"CON-{letter}" for letter in "abcdefghijk"]


def test_w_adv_1_w_con_1_topics_have_title_article_and_long_stay_flag() -> None:
    assert Topic.objects.get(code="ADV-g").title == "De begroting en de jaarrekening"
    assert Topic.objects.get(code="CON-a").article == "Wmcz 2018 art. 8 lid 1 onder a"
    long_stay = set(Topic.objects.filter(long_stay_only=True).values_list("code", flat=True))
    assert long_stay == {"ADV-h", "ADV-i", "CON-g", "CON-h", "CON-i"}
    assert all(topic.title and topic.article for topic in Topic.objects.all())
