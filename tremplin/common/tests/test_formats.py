"""One French number format: `10,00 h`, never `10.00 h` nor `10 h` beside `10,50 h`."""

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from tremplin.common.formats import french_number, hours_text


def test_hours_and_numbers_read_french():
    with translation.override("fr"):
        assert hours_text(Decimal("10")) == "10,00 h"
        assert hours_text(Decimal("7.5")) == "7,50 h"
        assert hours_text(26) == "26,00 h"
        assert hours_text(None) == ""
        assert french_number(Decimal("638541"), 0) == "638\xa0541"
        assert french_number(Decimal("1234.5"), 2) == "1\xa0234,50"


def test_the_template_filters_say_the_same():
    template = Template(
        '{% load french %}{{ h|hours }}|{{ n|number:2 }}|{{ code|label:"people.Contract.kind" }}'
    )
    with translation.override("fr"):
        text = template.render(Context({"h": Decimal("10.00"), "n": 3, "code": "cdd_usage"}))
    assert text == "10,00 h|3,00|CDD d&#x27;usage (mises à disposition en AI)"
