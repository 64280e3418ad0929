"""The fixed facts of the sample: an electronics shop in Ho Chi Minh City, its catalogue and staff.

Everything random lives in :mod:`._plan`; this module holds only constants and
the calendars, so that the shape of the data set can be read in one place.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import NamedTuple

from ..calendar import BusinessCalendar, country_holidays

__all__ = [
    "AGENTS",
    "AS_OF",
    "CATEGORY_LAG",
    "CHANNELS",
    "FAMILY_NAMES",
    "GIVEN_NAMES",
    "MIDDLE_NAMES",
    "NOTES",
    "PRIORITIES",
    "PRODUCTS",
    "RESOLUTION_HOURS",
    "START",
    "TARGET_HOURS",
    "TZ",
    "TZ_NAME",
    "Product",
    "desk_calendar",
    "holidays",
]

TZ_NAME = "Asia/Ho_Chi_Minh"
TZ = timezone(timedelta(hours=7))  # Vietnam keeps UTC+7 all year: a fixed offset is exact
START = datetime(2026, 1, 1, tzinfo=TZ)  # when the shop's commitment 2026.1 took effect
AS_OF = datetime(2027, 1, 1, tzinfo=TZ)  # the export's "now": a year that includes Tết 2026


class Product(NamedTuple):
    """One line of the catalogue."""

    sku: str
    category: str
    price: int  # VND
    weight: float  # share of sales
    installed: bool  # the shop sends a technician to install it
    delivered: bool  # delivered to the customer's home even when bought in store
    serial: str  # serial-number prefix, "" when the product has none
    tickets: tuple[tuple[str, float], ...]  # ticket categories and their weights


_PHONE_TICKETS = (
    ("technical_support", 0.34),
    ("warranty", 0.3),
    ("return", 0.12),
    ("complaint", 0.08),
    ("billing", 0.1),
    ("delivery", 0.06),
)
_INSTALLED_TICKETS = (
    ("installation", 0.42),
    ("warranty", 0.2),
    ("technical_support", 0.12),
    ("delivery", 0.08),
    ("complaint", 0.07),
    ("return", 0.04),
    ("billing", 0.03),
    ("maintenance", 0.04),
)
_APPLIANCE_TICKETS = (
    ("warranty", 0.36),
    ("delivery", 0.2),
    ("technical_support", 0.1),
    ("complaint", 0.1),
    ("return", 0.1),
    ("billing", 0.08),
    ("maintenance", 0.06),
)
_SMALL_TICKETS = (
    ("warranty", 0.35),
    ("return", 0.25),
    ("technical_support", 0.2),
    ("complaint", 0.1),
    ("billing", 0.1),
)

PRODUCTS: tuple[Product, ...] = (
    Product("PHONE-A15", "phone", 4_990_000, 0.16, False, False, "A15", _PHONE_TICKETS),
    Product("PHONE-S24", "phone", 19_990_000, 0.07, False, False, "S24", _PHONE_TICKETS),
    Product("PHONE-IP15", "phone", 22_990_000, 0.06, False, False, "IP15", _PHONE_TICKETS),
    Product("LAPTOP-X14", "laptop", 15_490_000, 0.07, False, False, "X14", _PHONE_TICKETS),
    Product("TV-55QLED", "tv", 13_990_000, 0.07, True, True, "TV55", _INSTALLED_TICKETS),
    Product("AC-12000BTU", "air_conditioner", 9_290_000, 0.1, True, True, "AC12", _INSTALLED_TICKETS),
    Product("WASHER-9KG", "washing_machine", 7_190_000, 0.06, True, True, "WM9", _INSTALLED_TICKETS),
    Product("FRIDGE-300L", "refrigerator", 8_490_000, 0.06, False, True, "RF300", _APPLIANCE_TICKETS),
    Product("EARBUDS-PRO", "audio", 1_290_000, 0.13, False, False, "", _SMALL_TICKETS),
    Product("WATCH-FIT", "smartwatch", 2_490_000, 0.08, False, False, "WF", _SMALL_TICKETS),
    Product("RICECOOKER-18", "kitchen", 1_190_000, 0.14, False, False, "", _SMALL_TICKETS),
)  # fmt: skip

# Where requests arrive; in store only while the shop is open.
CHANNELS = (
    ("hotline", 0.3),
    ("zalo_oa", 0.24),
    ("email", 0.13),
    ("live_chat", 0.14),
    ("in_store", 0.13),
    ("web", 0.06),
)
# The commitment sets targets for normal and urgent requests, so the desk uses those two.
PRIORITIES = ("normal", "urgent")

# Days from receipt of the goods to the request: (kind, a, b) — "uniform" between a and
# b, or "lognormal" with median a and spread b.
CATEGORY_LAG = {
    "installation": ("lognormal", 0.8, 0.6),
    "delivery": ("uniform", 0.0, 2.5),
    "return": ("uniform", 0.2, 8.0),
    "technical_support": ("lognormal", 12.0, 1.2),
    "warranty": ("uniform", 14.0, 330.0),
    "complaint": ("lognormal", 3.0, 1.0),
    "billing": ("lognormal", 5.0, 1.0),
    "maintenance": ("uniform", 150.0, 200.0),
}
# Median business hours from the first response to the resolution, by category.
RESOLUTION_HOURS = {
    "installation": 14.0,
    "warranty": 18.0,
    "return": 6.0,
    "technical_support": 3.5,
    "complaint": 9.0,
    "delivery": 7.0,
    "billing": 4.5,
    "maintenance": 15.0,
}
# How late feels to a customer (hours to resolve, on the wall clock): it shapes their
# answers to the survey, whichever commitment a report later applies.
TARGET_HOURS = {"urgent": 6.0, "normal": 48.0}

NOTES = {
    "installation": ("Hẹn lịch lắp đặt", "Cần lắp đặt sau khi giao hàng"),
    "warranty": ("Máy không lên nguồn", "Màn hình bị sọc", "Pin sụt nhanh", "Máy kêu to"),
    "return": ("Muốn đổi sang màu khác", "Sản phẩm không đúng mô tả"),
    "technical_support": ("Không kết nối được Wi-Fi", "Hướng dẫn cài đặt ứng dụng"),
    "complaint": ("Giao hàng trễ hẹn", "Chưa được gọi lại như đã hẹn"),
    "delivery": ("Chưa nhận được hàng", "Đổi địa chỉ giao hàng"),
    "billing": ("Xuất hóa đơn VAT", "Hồ sơ trả góp chưa được duyệt"),
    "maintenance": ("Vệ sinh máy lạnh định kỳ", "Bảo dưỡng định kỳ"),
}

FAMILY_NAMES = (
    ("Nguyễn", 0.38), ("Trần", 0.11), ("Lê", 0.095), ("Phạm", 0.07), ("Hoàng", 0.05),
    ("Huỳnh", 0.05), ("Phan", 0.045), ("Vũ", 0.04), ("Võ", 0.04), ("Đặng", 0.02),
    ("Bùi", 0.02), ("Đỗ", 0.015), ("Hồ", 0.015), ("Ngô", 0.015), ("Dương", 0.01), ("Lý", 0.005),
)  # fmt: skip
MIDDLE_NAMES = ("Văn", "Thị", "Minh", "Ngọc", "Thanh", "Đức", "Gia", "Hoài", "Quốc", "Thu")
GIVEN_NAMES = (
    "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Khánh",
    "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Phong", "Phương", "Quân", "Quang",
    "Sơn", "Tâm", "Thảo", "Trang", "Trung", "Tú", "Tuấn", "Vy", "Yến",
)  # fmt: skip
AGENTS = ("lan", "minh", "hoa", "tuan", "thao", "khoa", "ngoc", "phuc")


@lru_cache(maxsize=1)
def holidays() -> frozenset[date]:
    """Vietnam's public holidays over the sample's year (Tết 2026 included)."""
    return country_holidays("VN", years=range(START.year, AS_OF.year + 1))


@lru_cache(maxsize=1)
def desk_calendar() -> BusinessCalendar:
    """When the shop and its support desk work: every day 08:00–21:00, closed on holidays."""
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return BusinessCalendar(
        timezone=TZ_NAME, weekly=dict.fromkeys(days, ("08:00-21:00",)), holidays=holidays()
    )
