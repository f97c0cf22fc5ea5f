"""The written breakdown says what section 5 of the Secretary General's report on 2023 says,
from the records, in Markdown and in a Word document."""

import io
import re
from datetime import date

import docx
import pytest

from cbm.models import AnnualPlan, PlanItem, PlanStatsSnapshot
from cbm.reports import breakdown_docx, breakdown_markdown
from cbm.stats import store_snapshot
from cica_site.dates import DatePrecision
from tests import factories

pytestmark = pytest.mark.django_db

ZERO_AREAS_2023 = [6, 7, 8, 9, 13, 14, 15]

KEY_SENTENCES_30_NOVEMBER = [
    "The CICA Plan of Implementation of CBMs and provisional calendar for 2023, approved by "
    "the SOC in December 2022, consisted of 41 items.",
    "As of 30 November 2023, 27 CICA events have been completed and 3 are still ahead in 2023.",
    "It is expected that 30 events will be completed by the end of 2023.",
    "11 items were postponed by their organizers.",
    "Out of the 30 CICA events of 2023, 17 were meetings of permanent CICA bodies and "
    "consultative mechanisms and 13 were CBM events under the CICA Catalogue of CBMs.",
    "By dimension, the 13 CBM events were: 5 in the new challenges and threats dimension, "
    "3 in the economic dimension, 2 in the environmental dimension, 2 in the human dimension "
    "and 1 in the military-political dimension.",
    "Below is a breakdown of the CBM events by the 18 priority areas of the CICA Catalogue of CBMs:",
    'CICA workshop "Counter radicalization", organized by India as coordinator of this '
    "priority area, 2 February 2023.",
    "CICA event on open-source intelligence in criminal investigations, organized by Türkiye "
    "as coordinator of this priority area, 6–10 February 2023.",
    "Offline seminar within military-political dimension, organized by Kazakhstan as "
    "coordinator of the dimension, 23–24 August 2023.",
    "Expert meeting on the development of transit and transport potential of CICA countries, "
    "organized by Kazakhstan, 12 July 2023.",
    "CICA Youth Development Forum, organized by China as co-coordinator of the dimension, "
    "31 August 2023.",
    # Still ahead on 30 November: the report's own "to be organized".
    "Online training course on psychological interventions in drug use disorders treatment, "
    "to be organized by Iran as coordinator of this priority area, 11 December 2023.",
]


@pytest.fixture
def plan_2023(reference_data):
    return AnnualPlan.objects.get(year=2023)


@pytest.fixture
def snapshot_30_november(plan_2023):
    return store_snapshot(plan_2023, date(2023, 11, 30))


def areas_with_no_events(text: str, year: int) -> list[int]:
    return [
        int(number)
        for number in re.findall(rf"^(\d+)\. [^\n]*:\*? no events in {year}\.$", text, re.MULTILINE)
    ]


def test_breakdown_says_what_the_2023_report_says(snapshot_30_november):
    text = breakdown_markdown(snapshot_30_november)
    for sentence in KEY_SENTENCES_30_NOVEMBER:
        assert sentence in text


def test_no_events_in_2023_under_exactly_the_seven_empty_areas(snapshot_30_november):
    text = breakdown_markdown(snapshot_30_november)
    assert areas_with_no_events(text, 2023) == ZERO_AREAS_2023
    assert text.count("no events in 2023") == 7


def test_areas_are_listed_in_catalogue_order_under_their_dimensions(snapshot_30_november):
    text = breakdown_markdown(snapshot_30_november)
    numbers = [int(n) for n in re.findall(r"^(\d+)\. ", text, re.MULTILINE)]
    assert numbers == list(range(1, 19))
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    # Areas 1 and 18 are whole dimensions and stand without a heading of their own.
    assert headings == [
        "New challenges and threats dimension",
        "Economic dimension",
        "Environmental dimension",
    ]
    assert "1. *Military-political dimension:*" in text
    assert "18. *Human dimension:*" in text


def test_at_the_end_of_the_year_nothing_is_still_ahead(plan_2023):
    text = breakdown_markdown(store_snapshot(plan_2023, date(2023, 12, 31)))
    assert "As of 31 December 2023, 30 CICA events have been completed." in text
    assert "still ahead" not in text
    assert "to be organized" not in text
    assert "organized by Iran as coordinator of this priority area, 11 December 2023." in text


def test_docx_opens_and_holds_the_same_breakdown(snapshot_30_november):
    document = docx.Document(io.BytesIO(breakdown_docx(snapshot_30_november)))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    text = "\n".join(p for _, p in paragraphs)
    for sentence in KEY_SENTENCES_30_NOVEMBER:
        assert sentence in text
    assert areas_with_no_events(text, 2023) == ZERO_AREAS_2023
    assert ("Heading 2", "Economic dimension") in paragraphs
    assert ("List", "13. Finance: no events in 2023.") in paragraphs
    bullets = [t for style, t in paragraphs if style.startswith("List Bullet")]
    assert len(bullets) == 13


def test_russian_breakdown_uses_the_russian_names_from_the_records(snapshot_30_november):
    text = breakdown_markdown(snapshot_30_november, language="ru")
    assert "Индия" in text  # India's name_ru
    assert "3. Борьба с терроризмом:" in text  # the area's name_ru
    assert "## Экономическое измерение" in text  # the dimension's name_ru
    assert "2 февраля 2023" in text  # dates in Russian
    document = docx.Document(io.BytesIO(breakdown_docx(snapshot_30_november, language="ru")))
    assert any("Индия" in p.text for p in document.paragraphs)


def test_dates_are_written_as_the_sources_give_them():
    plan = factories.plan(2023)
    area = factories.priority_area()
    factories.cbm_event(
        plan=plan,
        priority_area=area,
        title_en="Month-only seminar",
        start_date=date(2023, 5, 1),
        date_precision=DatePrecision.MONTH,
        status=PlanItem.Status.COMPLETED,
    )
    factories.cbm_event(
        plan=plan,
        priority_area=area,
        title_en="Two-month course",
        start_date=date(2023, 11, 30),
        end_date=date(2023, 12, 2),
        status=PlanItem.Status.COMPLETED,
    )
    text = breakdown_markdown(store_snapshot(plan, date(2023, 12, 31)))
    assert (
        "Month-only seminar, organized by Kazakhstan as coordinator of the dimension, May 2023."
        in text
    )
    assert (
        "Two-month course, organized by Kazakhstan as coordinator of the dimension, 30 November – 2 December 2023."
        in text
    )


def test_titles_from_the_records_cannot_format_the_markdown():
    plan = factories.plan(2023)
    factories.cbm_event(plan=plan, title_en="Seminar *on* [drones]", status="completed")
    text = breakdown_markdown(store_snapshot(plan, date(2023, 12, 31)))
    assert r"Seminar \*on\* \[drones\]" in text


def test_an_area_without_events_says_so_for_the_plans_year():
    plan = factories.plan(2024)
    factories.priority_area(slug="finance", order=13)
    text = breakdown_markdown(store_snapshot(plan, date(2024, 6, 30)))
    assert areas_with_no_events(text, 2024) == [13]


def test_breakdown_runs_the_same_queries_for_5_events_as_for_55(django_assert_num_queries):
    plan = factories.plan(2023)
    area = factories.priority_area()

    def add_events(n):
        for _ in range(n):
            factories.cbm_event(plan=plan, priority_area=area, status="completed")

    def breakdown():
        snapshot = PlanStatsSnapshot.objects.get(pk=store_snapshot(plan, date(2023, 12, 31)).pk)
        with django_assert_num_queries(5):
            return breakdown_markdown(snapshot)

    add_events(5)
    assert breakdown().count("Seminar") == 5
    add_events(50)
    assert breakdown().count("Seminar") == 55


def test_the_breakdown_tells_published_counts_co_organizers_and_events_without_an_area():
    plan = factories.plan(2026, status="approved")
    secretariat = factories.secretariat()
    factories.cbm_event(
        plan=plan,
        title_en="Seminar on tourism",
        start_date=date(2026, 3, 2),
        status="completed",
        participants=67,
        states_represented=20,
        co_organizers=[secretariat],
    )
    factories.cbm_event(
        plan=plan,
        code="2026-environment",
        priority_area=None,
        dimension=factories.dimension("environmental", name_en="Environmental dimension"),
        title_en="Webinar on clean air",
        start_date=date(2026, 4, 2),
        status="completed",
        states_represented=13,
    )

    text = breakdown_markdown(store_snapshot(plan, date(2026, 12, 31)))

    assert (
        "Seminar on tourism, organized by Kazakhstan as coordinator of the dimension, "
        "2 March 2026. Co-organized by CICA Secretariat. 67 participants from 20 states."
    ) in text
    assert "1 CBM event names its dimension but not its priority area:" in text
    assert (
        "- Environmental dimension: Webinar on clean air, organized by Kazakhstan, 2 April 2026. "
        "13 states represented."
    ) in text
    # The numbered areas are the year's, as before: the event without one is not among them.
    assert "10. *Tourism:*" in text
