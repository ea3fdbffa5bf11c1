from datetime import date

from bot.clock import ManualClock
from bot.services.cases import CaseService, NewCase
from bot.services.importer import CohortImporter
from bot.services.stats import compute_stats, render_stats
from models import Case
from models.enums import Rank
from tests.data.cohorts import closed_row, row, to_csv

ROWS = [
    row(name="甲", cohort="A", reason="inaction", principal="yes"),
    row(name="乙", cohort="A", reason="poverty_alleviation", rank="county_or_above"),
    closed_row(name="丙", cohort="B", reason="party_building", disposition="promoted"),
    closed_row(name="丁", cohort="B", placement="other_unit", rank="staff", principal="yes"),
    closed_row(name="戊", cohort="", placement="other_unit", disposition="removed"),
]


async def seed(clock: ManualClock) -> None:
    await CohortImporter(clock).import_bytes("c.csv", to_csv(ROWS))


async def test_counts_everything(db: None, clock: ManualClock) -> None:
    await seed(clock)
    assert await compute_stats() == {
        "total": 5,
        "active": 2,
        "completed": 3,
        "principal": {"yes": 2, "no": 3},
        "by_cohort": {"A": 2, "B": 2, "": 1},
        "by_rank": {"section": 3, "county_or_above": 1, "staff": 1},
        "by_category": {"discipline": 3, "key_tasks": 1, "party_building": 1},
        "by_reason": {"inaction": 3, "poverty_alleviation": 1, "party_building": 1},
        "by_placement": {"original_unit": 1, "other_unit": 2},
        "by_disposition": {"promoted": 1, "removed": 1},
    }


async def test_cohort_filter(db: None, clock: ManualClock) -> None:
    await seed(clock)
    figures = await compute_stats("B")
    assert (figures["total"], figures["active"], figures["completed"]) == (2, 0, 2)
    assert figures["by_cohort"] == {"B": 2}
    assert figures["principal"] == {"yes": 1, "no": 1}
    assert figures["by_placement"] == {"original_unit": 1, "other_unit": 1}
    assert (await compute_stats("nobody"))["total"] == 0


async def test_scope_queryset_limits_the_counts(db: None, clock: ManualClock) -> None:
    await seed(clock)
    figures = await compute_stats(cases=Case.filter(status="active"))
    assert (figures["total"], figures["by_placement"]) == (2, {})


async def test_cases_opened_in_the_chat_count_too(db: None, clock: ManualClock) -> None:
    new = NewCase("己", "白云县", Rank.STAFF, "disunity", date(2026, 3, 2), 4, cohort="A")
    await CaseService(clock).open(new)
    assert (await compute_stats("A"))["by_reason"] == {"disunity": 1}


async def test_table_has_catalog_labels(db: None, clock: ManualClock) -> None:
    await seed(clock)
    figures = await compute_stats()
    zh = render_stats(figures, "zh-CN")
    assert zh.splitlines()[:3] == [
        "干部召回管理统计",
        "共召回干部 5 名：管理期中 2 名，已期满办结 3 名。",
        "其中主要负责人 2 名，其他 3 名。",
    ]
    for text in (
        "党建工作",
        "不作为",
        "县处级及以上",
        "回原单位",
        "免职",
        "提拔重用",
        "（未填批次）",
    ):
        assert text in zh
    assert "discipline" not in zh and "other_unit" not in zh
    en = render_stats(figures, "en")
    assert "5 cadres recalled: 2 in their management period, 3 concluded." in en
    assert "By reason category" in en and "inaction" in en.lower()


async def test_table_of_one_cohort_and_of_nothing(db: None, clock: ManualClock) -> None:
    await seed(clock)
    text = render_stats(await compute_stats("A"), "zh-CN", "A")
    assert text.startswith("干部召回管理统计（批次：A）") and "按批次" not in text
    assert render_stats(await compute_stats("Z"), "en", "Z").endswith("No recalls yet.")


async def test_reasons_given_only_as_a_category_are_listed(db: None, clock: ManualClock) -> None:
    await seed(clock)
    text = render_stats(await compute_stats(), "zh-CN")
    assert "党建工作（未细分具体原因）" in text
    english = render_stats(await compute_stats(), "en")
    assert "(no specific reason)" in english
