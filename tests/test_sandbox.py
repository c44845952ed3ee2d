"""The template sandbox refuses work that is cheap to ask for and huge to do *before* doing it.

A template can hold a long text a thousand times by reference (``[x] * 1000``, an ``append`` loop) at almost
no cost; joining, printing or formatting it would then build gigabytes before any size check after the fact
could stop it. Each case here would, unbounded, make tens of megabytes (sizes are kept small so that the old
code, which made them, still ran quickly); the sandbox must stop it while Python's peak allocation during the
render stays far below that.
"""

from __future__ import annotations

import tracemalloc

import pytest
from jinja2.sandbox import SecurityError

from summarize.report.sandbox import MAX_SIZE, LimitedEnvironment, TemplateLimitError

LONG = '{% set x = "a" * 100000 %}'
APPENDED = LONG + "{% set y = [] %}{% for i in range(500) %}{% set _ = y.append(x) %}{% endfor %}"

HOSTILE = {
    "join_of_one_text_repeated": LONG + "{{ ([x] * 500) | join | length }}",
    "printing_a_list_of_one_text_repeated": LONG + "{{ [x] * 500 }}",
    "join_of_an_appended_list": APPENDED + "{{ y | join | length }}",
    "str_join_of_an_appended_list": APPENDED + "{{ x.join(y) | length }}",
    "join_of_a_generator": APPENDED + "{{ y | map('string') | join | length }}",
    "join_of_an_attribute_generator": LONG
    + "{% set y = [] %}{% for i in range(500) %}{% set _ = y.append([x]) %}{% endfor %}"
    + "{{ y | map(attribute=0) | join | length }}",
    "printing_a_namespace_holding_a_long_list": LONG
    + "{% set ns = namespace(a=[]) %}{% for i in range(500) %}{% set _ = ns.a.append(x) %}{% endfor %}"
    + "{{ ns }}",
    "tilde_doubling": '{% set ns = namespace(a="x") %}{% for i in range(26) %}{% set ns.a = ns.a ~ ns.a %}'
    "{% endfor %}{{ ns.a | length }}",
    "tilde_of_many_parts": LONG
    + "{{ (x ~ x ~ x ~ x ~ x ~ x ~ x ~ x ~ x ~ x ~ x ~ x ~ x ~ x ~ x ~ x) | length }}",
    "format_repeating_a_field": LONG + '{{ ("{0}" * 500).format(x) | length }}',
    "format_repeating_a_width": '{{ ("{0:9999}" * 5000).format(1) | length }}',
    "percent_repeating_a_width": '{{ ("%(a)9999s" * 5000) % {"a": 1} | length }}',
    "format_filter_repeating_a_field": LONG + '{{ ("%s" * 500) | format(x) | length }}',
    "replace_with_a_long_text": '{{ ("a" * 10000) | replace("a", "b" * 5000) | length }}',
    "indent_with_a_wide_margin": '{{ ("a\\n" * 10000) | indent(5000) | length }}',
    "indent_with_a_long_text": '{{ ("a\\n" * 10000) | indent("b" * 5000) | length }}',
    "wordwrap_with_a_long_wrapstring": '{{ ("a" * 10000) | wordwrap(1, wrapstring="b" * 5000) | length }}',
    "expandtabs_wide": '{{ ("\\t" * 10000).expandtabs(5000) | length }}',
    "list_doubling_by_extend": "{% set y = [1] %}{% for i in range(22) %}{% set _ = y.extend(y) %}{% endfor %}"
    "{{ y | length }}",
    "sum_of_lists": "{{ ([[1]] * 3000) | sum(start=[]) | length }}",
    "bytes_repeated": '{{ ("a".encode() * 50000000) | length }}',
    "translate_into_long_texts": '{{ ("a" * 10000).translate({97: "b" * 5000}) | length }}',
    "strftime_padding": '{{ day.strftime("%50000000Y") | length }}',
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_template_stops_before_building_its_result(name):
    from datetime import date

    template = LimitedEnvironment().from_string(HOSTILE[name])
    tracemalloc.start()
    try:
        with pytest.raises((TemplateLimitError, SecurityError)):
            template.render(day=date(2025, 12, 31))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MAX_SIZE, f"{peak / 1e6:.0f} MB allocated before refusing"


def test_the_checks_leave_ordinary_template_work_alone():
    """Formatting, joining, indenting and concatenating the short texts a report is made of still work."""
    env = LimitedEnvironment()
    source = (
        '{{ "{}年{}月，共{:,}件，占{:.1%}".format(2025, 11, 12345, 0.956) }}|{{ ["甲", "乙", "丙"] | join("、") }}|'
        '{{ "一\\n二" | indent(2) }}|{{ [3, 4] | sum }}|{{ "%s年%d件" % (2025, 7) }}|{{ "第" ~ 3 ~ "项" }}|'
        '{{ "收文" | replace("收", "发") }}|{{ ("ab" * 3) | wordwrap(2) }}|{{ ["x"] * 3 }}|{{ day.strftime("%Y") }}'
    )
    from datetime import date

    rendered = env.from_string(source).render(day=date(2025, 12, 31))
    assert rendered.split("|") == [
        "2025年11月，共12,345件，占95.6%",
        "甲、乙、丙",
        "一\n  二",
        "7",
        "2025年7件",
        "第3项",
        "发文",
        "ab\nab\nab",
        "['x', 'x', 'x']",
        "2025",
    ]
