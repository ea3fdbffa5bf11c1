"""Splitting long messages the way Telegram counts them."""

from bot.chat.text import split_message, utf16_len


def test_parts_respect_utf16_length_and_keep_lines() -> None:
    text = "\n".join(["📋" * 1500, "短行", "x" * 5000])
    parts = split_message(text, 4096)
    assert all(utf16_len(part) <= 4096 for part in parts)
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")


def test_a_cut_never_falls_inside_an_html_entity_or_tag() -> None:
    first, second = split_message("a" * 4093 + "&amp; b", 4096)
    assert first == "a" * 4093 and second == "&amp; b"
    first, second = split_message("a" * 4090 + "&amp;<b>bold</b>", 4096)
    assert first == "a" * 4090 + "&amp;" and second == "<b>bold</b>"


def test_short_text_is_one_part() -> None:
    assert split_message("你好") == ["你好"]
    assert split_message("") == [""]


def test_long_values_survive_translation() -> None:
    from bot.i18n import translate

    summary = "谈" * 4000
    text = translate("zh-CN", "error-name-ambiguous", name=summary)
    assert summary in text and "{???}" not in text


def test_a_moment_is_shown_as_the_reader_s_day() -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from bot.chat.context import AppContext

    class Reader:
        locale = "zh-CN"
        zone = ZoneInfo("Asia/Shanghai")

    # 23:30 UTC on 2 March is 07:30 on 3 March in Beijing.
    shown = AppContext.date(Reader(), datetime(2026, 3, 2, 23, 30, tzinfo=UTC))  # type: ignore[arg-type]
    assert shown == "2026年3月3日"
