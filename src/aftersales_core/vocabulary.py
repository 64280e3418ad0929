"""The shared vocabulary of after-sales service: channels, categories, priorities, claim kinds.

Policies, tickets, SLA clocks, metrics and care programmes all speak these words, so they live
on their own floor, below everything that uses them.

Channels and categories are **open**: the built-in ones are enum members with labels in
Vietnamese and English, and an application adds its own — in code with `Channel.add` /
`Category.add`, or in the ``[vocabulary]`` table of its commitment file. An added value is a
member of the same enum (``Channel("facebook")`` is a `Channel`), so every API that takes a
channel takes it; a value nobody added is still refused, with the known values in the message.
Priorities and claim kinds stay closed: the SLA and the policies give them meaning.

Labels come from the value's own table (``label(lang)``); `use_translations` installs a lookup
consulted first (a gettext catalogue, for instance), so labels can be translated without
changing this module.

Examples:
    >>> from aftersales_core.vocabulary import Channel, Priority
    >>> Channel("zalo_oa") is Channel.ZALO_OA
    True
    >>> Priority.URGENT > Priority.NORMAL
    True
    >>> facebook = Channel.add("facebook", en="Facebook Messenger")
    >>> Channel("facebook") is facebook, facebook == "facebook", facebook.label("vi")
    (True, True, 'Facebook Messenger')
    >>> Channel("fax")
    Traceback (most recent call last):
    ...
    aftersales_core.errors.ValidationError: channel: 'fax' must be one of: hotline, email, zalo_oa, ...facebook...
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Self

import attrs

from .errors import InvalidTypeError, ValidationError

__all__ = [
    "Category",
    "Channel",
    "ClaimKind",
    "Priority",
    "Term",
    "Vocabulary",
    "use_translations",
]

LANGUAGES = ("vi", "en")
_VALUE = re.compile(r"[a-z][a-z0-9_]{0,62}")

Translations = Callable[[str, str, str], "str | None"]
"""``lookup(field, value, lang)`` -> a label, or ``None`` to fall back to the value's own."""

_translations: list[Translations] = []


def use_translations(lookup: Translations | None) -> None:
    """Install (or, with ``None``, remove) a lookup consulted first for every label.

    The hook for translation catalogues: ``lookup("channel", "email", "vi")`` returns a
    label or ``None``, and ``None`` falls back to the label the value was given.

    Examples:
        >>> use_translations(lambda field, value, lang: "E-mail" if value == "email" else None)
        >>> Channel.EMAIL.label("en"), Channel.HOTLINE.label("en")
        ('E-mail', 'Hotline')
        >>> use_translations(None)
        >>> Channel.EMAIL.label("en")
        'Email'
    """
    _translations.clear()
    if lookup is not None:
        _translations.append(lookup)


# The built-in values' labels, (Vietnamese, English).
_BUILTIN_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "channel": {
        "hotline": ("Hotline", "Hotline"),
        "email": ("Email", "Email"),
        "zalo_oa": ("Zalo OA", "Zalo OA"),
        "live_chat": ("Chat trực tuyến", "Live chat"),
        "chatbot": ("Chatbot", "Chatbot"),
        "in_store": ("Tại cửa hàng", "In store"),
        "web": ("Website", "Website"),
        "phone_app": ("Ứng dụng di động", "Mobile app"),
    },
    "category": {
        "warranty": ("Bảo hành", "Warranty"),
        "return": ("Đổi trả", "Return"),
        "technical_support": ("Hỗ trợ kỹ thuật", "Technical support"),
        "complaint": ("Khiếu nại", "Complaint"),
        "installation": ("Lắp đặt", "Installation"),
        "maintenance": ("Bảo trì", "Maintenance"),
        "delivery": ("Giao hàng", "Delivery"),
        "billing": ("Thanh toán", "Billing"),
        "other": ("Khác", "Other"),
    },
}


class _OpenVocabulary(enum.StrEnum):
    """An enum whose set of values an application may extend (`add`)."""

    # Set on each subclass: the name of the field in errors and the built-in labels (vi, en).
    _field: ClassVar[str]
    _labels: ClassVar[dict[str, tuple[str, str]]]
    _added: ClassVar[dict[str, Any]]

    def __init_subclass__(cls, *, field: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._field = field
        cls._labels = dict(_BUILTIN_LABELS[field])
        cls._added = {}

    @classmethod
    def add(cls, value: str, *, en: str | None = None, vi: str | None = None) -> Self:
        """Add ``value`` to the known values (or return it if it was added with these labels).

        Args:
            value: Lower-case letters, digits and ``_``, starting with a letter.
            en: The English label (default: the value, capitalised, ``_`` as spaces).
            vi: The Vietnamese label (default: the English one).

        Raises:
            ValidationError: A malformed value, a built-in value, or a value added
                before with other labels.
        """
        field = cls._field
        if not isinstance(value, str):
            raise InvalidTypeError(field=field, value=value, rule="must be text")
        if not _VALUE.fullmatch(value):
            raise ValidationError(
                field=field,
                value=value,
                rule="must be lower-case letters, digits and _, starting with a letter",
            )
        if value in cls._value2member_map_:
            raise ValidationError(field=field, value=value, rule=f"is a built-in {field}")
        english = en if en is not None else value.replace("_", " ").capitalize()
        labels = (vi if vi is not None else english, english)
        for lang, text in zip(LANGUAGES, labels, strict=True):
            if not isinstance(text, str) or not text.strip():
                raise ValidationError(
                    field=f"{field}.{lang}", value=text, rule="must be non-empty text"
                )
        known = cls._added.get(value)
        if known is not None:
            if cls._labels[value] != labels:
                raise ValidationError(
                    field=field,
                    value=value,
                    rule=f"was added with the labels {cls._labels[value]}; it cannot change",
                )
            return known  # type: ignore[no-any-return]
        # A pseudo-member, as Flag makes for combined values: an instance of the enum,
        # equal to its text, not listed when the enum is iterated (the built-ins are).
        member = str.__new__(cls, value)
        member._name_ = value.upper()
        member._value_ = value
        cls._added[value] = member
        cls._labels[value] = labels
        return member

    @classmethod
    def known(cls) -> tuple[Self, ...]:
        """The built-in values, then the added ones in the order they were added.

        Examples:
            >>> Category.known()[:2]
            (<Category.WARRANTY: 'warranty'>, <Category.RETURN: 'return'>)
        """
        return (*cls, *cls._added.values())

    @classmethod
    def is_builtin(cls, value: str) -> bool:
        """Whether ``value`` is one of the enum's own members (not an added value)."""
        return value in cls._value2member_map_

    @classmethod
    def _missing_(cls, value: object) -> Any:
        found = cls._added.get(value) if isinstance(value, str) else None
        if found is None:
            known = ", ".join(cls.known())
            raise ValidationError(field=cls._field, value=value, rule=f"must be one of: {known}")
        return found

    def label(self, lang: str = "en") -> str:
        """The value's name for people, in ``"vi"`` or ``"en"``.

        Examples:
            >>> Channel.IN_STORE.label("vi"), Channel.IN_STORE.label("en")
            ('Tại cửa hàng', 'In store')
        """
        if lang not in LANGUAGES:
            raise ValidationError(field="lang", value=lang, rule="must be one of: vi, en")
        for lookup in _translations:
            text = lookup(self._field, self.value, lang)
            if text is not None:
                return text
        return self._labels[self.value][LANGUAGES.index(lang)]


class Channel(_OpenVocabulary, field="channel"):
    """Where a request reaches the business (*kênh tiếp nhận*); open (`add`).

    Examples:
        >>> [c.value for c in Channel][:3]
        ['hotline', 'email', 'zalo_oa']
    """

    HOTLINE = "hotline"
    EMAIL = "email"
    ZALO_OA = "zalo_oa"
    LIVE_CHAT = "live_chat"
    CHATBOT = "chatbot"
    IN_STORE = "in_store"
    WEB = "web"
    PHONE_APP = "phone_app"


class Category(_OpenVocabulary, field="category"):
    """What a request is about, as classified at intake (*phân loại*); open (`add`).

    Examples:
        >>> Category("technical_support")
        <Category.TECHNICAL_SUPPORT: 'technical_support'>
    """

    WARRANTY = "warranty"
    RETURN = "return"
    TECHNICAL_SUPPORT = "technical_support"
    COMPLAINT = "complaint"
    INSTALLATION = "installation"
    MAINTENANCE = "maintenance"
    DELIVERY = "delivery"
    BILLING = "billing"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class Term:
    """A value an application adds to an open vocabulary, with its labels.

    Attributes:
        value: The value (``"facebook"``).
        en: The English label; ``None``: the value, capitalised.
        vi: The Vietnamese label; ``None``: the English one.

    Examples:
        >>> Term(value="phone", en="Phone", vi="Điện thoại").value
        'phone'
    """

    value: str = attrs.field(validator=attrs.validators.instance_of(str))
    en: str | None = None
    vi: str | None = None


def _terms(values: Iterable[Term]) -> tuple[Term, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidTypeError(field="terms", value=values, rule="must be a list of terms")
    out = tuple(values)
    for term in out:
        if not isinstance(term, Term):
            raise InvalidTypeError(field="terms", value=term, rule="must be a Term")
    return out


@attrs.frozen(kw_only=True)
class Vocabulary:
    """The channels and categories an application adds, as its commitment file states them.

    In a commitment file::

        [vocabulary]
        channels = [{ value = "facebook", en = "Facebook Messenger" }]
        categories = [{ value = "spare_parts", en = "Spare parts", vi = "Phụ tùng" }]

    Reading the file installs them (`install`) before the rest of the file is read, so its
    contacts and SLA targets may use them.

    Examples:
        >>> Vocabulary(channels=[Term(value="phone", vi="Điện thoại")]).install()
        >>> Channel("phone").label("vi")
        'Điện thoại'
    """

    channels: tuple[Term, ...] = attrs.field(default=(), converter=_terms)
    categories: tuple[Term, ...] = attrs.field(default=(), converter=_terms)

    def install(self) -> None:
        """Add every term to its vocabulary (`Channel.add`, `Category.add`).

        Raises:
            ValidationError: As `Channel.add`, the field naming the term
                (``channels[0].value``); terms before the refused one stay added.
        """
        for name, kind, terms in (
            ("channels", Channel, self.channels),
            ("categories", Category, self.categories),
        ):
            for i, term in enumerate(terms):
                try:
                    kind.add(term.value, en=term.en, vi=term.vi)
                except ValidationError as exc:
                    part = exc.field.rpartition(".")[2] if "." in exc.field else "value"
                    raise ValidationError(
                        field=f"{name}[{i}].{part}", value=exc.value, rule=exc.rule
                    ) from None


class Priority(enum.StrEnum):
    """How urgent a request is; priorities compare by urgency, not by name.

    Examples:
        >>> sorted([Priority.URGENT, Priority.LOW, Priority.NORMAL])
        [<Priority.LOW: 'low'>, <Priority.NORMAL: 'normal'>, <Priority.URGENT: 'urgent'>]
        >>> Priority.HIGH.rank
        2
    """

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        """0 for LOW up to 3 for URGENT."""
        return _PRIORITY_RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Priority):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Priority):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Priority):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Priority):
            return NotImplemented
        return self.rank >= other.rank


_PRIORITY_RANK = {p: i for i, p in enumerate(Priority)}


class ClaimKind(enum.StrEnum):
    """What a customer asks for in a claim.

    Examples:
        >>> ClaimKind.WARRANTY.value
        'warranty'
    """

    WARRANTY = "warranty"
    RETURN = "return"
    EXCHANGE = "exchange"
    REFUND = "refund"
    REPAIR = "repair"
    COMPLAINT = "complaint"
    INSTALLATION = "installation"
    MAINTENANCE = "maintenance"
    DELIVERY = "delivery"
