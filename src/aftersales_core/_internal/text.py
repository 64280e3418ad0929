"""Wording shared by the policies' ``describe(lang)``: Vietnamese and English."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal

from ..errors import ValidationError
from ..money import Money
from ..terms import Term
from .exact import own_context

__all__ = [
    "LANGS",
    "check_lang",
    "days",
    "duration",
    "money",
    "number",
    "percent",
    "section",
    "term",
]

LANGS = ("vi", "en")

_LOCALES = {"vi": "vi_VN", "en": "en_US"}


def check_lang(lang: object) -> str:
    """``lang`` if it is a supported language code, else a ValidationError."""
    if lang not in _LOCALES:
        raise ValidationError(field="lang", value=lang, rule="must be 'vi' or 'en'")
    return str(lang)


@own_context
def number(value: Decimal | int, lang: str) -> str:
    """A plain number, with the decimal comma in Vietnamese."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",") if lang == "vi" else text


@own_context
def percent(ratio: Decimal, lang: str) -> str:
    """A ratio as a percentage: ``Decimal("0.999")`` -> ``"99,9%"`` / ``"99.9%"``."""
    return number(ratio * 100, lang) + "%"


def money(amount: Money, lang: str) -> str:
    """An amount in the conventions of the language's locale."""
    return amount.format(_LOCALES[lang])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def days(n: int, lang: str) -> str:
    """``7 ngày`` / ``7 days``."""
    return f"{n} ngày" if lang == "vi" else _plural(n, "day")


def duration(value: timedelta, lang: str) -> str:
    """Hours, minutes and seconds: ``4 giờ`` / ``4 hours``, ``1 giờ 30 phút``."""
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    words = ("giờ", "phút", "giây") if lang == "vi" else ("hour", "minute", "second")
    parts = [
        (f"{n} {w}" if lang == "vi" else _plural(n, w))
        for n, w in zip((hours, minutes, secs), words, strict=True)
        if n
    ]
    return " ".join(parts) or ("0 phút" if lang == "vi" else "0 minutes")


def term(value: Term, lang: str) -> str:
    """A finite term: ``12 tháng`` / ``12 months`` (lifetimes are worded by the caller)."""
    words = ("năm", "tháng", "ngày") if lang == "vi" else ("year", "month", "day")
    counts = (value.years, value.months, value.days)
    parts = [
        (f"{n} {w}" if lang == "vi" else _plural(n, w))
        for n, w in zip(counts, words, strict=True)
        if n
    ]
    return " ".join(parts) or days(0, lang)


def section(title: str, lines: Iterable[str]) -> str:
    """A Markdown section: a level-3 heading and a bullet list."""
    bullets = "\n".join(f"- {line}" for line in lines)
    return f"### {title}\n\n{bullets}\n"
