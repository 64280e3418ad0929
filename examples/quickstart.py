"""Quickstart: the value types of aftersales_core on the numbers Vietnamese shops publish.

A translation company charges 1,500,000 ₫, promises a 100% refund when 20% or more of a
translation is wrong, and a lifetime warranty; a phone shop sells a 12-month warranty.
Run with ``make demo``.
"""

from decimal import Decimal

import pendulum

from aftersales_core import Money, Term, parse_duration

TZ = "Asia/Ho_Chi_Minh"


def main() -> None:
    paid = Money(1_500_000, "VND")
    print(f"Contract price:            {paid.format('vi_VN')}")

    # 100% refund at >= 20% errors; a partial 30% goodwill refund otherwise (rounded half-up).
    for error_rate in (Decimal("0.25"), Decimal("0.12")):
        ratio = Decimal(1) if error_rate >= Decimal("0.2") else Decimal("0.3")
        refund = paid * ratio
        print(f"Refund at {error_rate:.0%} errors:      {refund.format('vi_VN')}")

    # The refund goes back to two payment methods (card paid 2/3, wallet 1/3): not a đồng lost.
    card, wallet = Money(1_000_001, "VND").allocate([2, 1])
    print(f"Split 1.000.001 ₫ 2:1:      {card.format('vi_VN')} + {wallet.format('vi_VN')}")

    bought = pendulum.datetime(2026, 1, 31, 10, tz=TZ)
    phone_warranty_ends = Term(months=12).end(bought)
    assert phone_warranty_ends is not None
    print(f"Phone bought:              {bought.to_datetime_string()} ({TZ})")
    print(f"12-month warranty ends:    {phone_warranty_ends.to_datetime_string()}")
    print(f"1-month term from 31 Jan:  {Term(months=1).end(bought).to_date_string()}")  # type: ignore[union-attr]
    print(f"Lifetime warranty ends:    {Term.lifetime().end(bought)}")

    response = parse_duration("30m")
    print(f"Hotline answers within:    {response.in_minutes()} minutes ({response})")


if __name__ == "__main__":
    main()
