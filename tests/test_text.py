"""Splitting long messages the way Telegram counts them."""

from bot.text import split_message, utf16_len


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
