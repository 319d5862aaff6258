"""地方公共団体コード: five digits and a check digit (JIS X 0402)."""

from __future__ import annotations

WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first_five: str) -> int:
    """The check digit for the first five digits: 11 minus the weighted sum mod 11, last digit."""
    total = sum(int(digit) * weight for digit, weight in zip(first_five, WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def lg_code_problem(code: str) -> str | None:
    """Japanese description of what is wrong with `code`, or None when it is valid."""
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return f'地方公共団体コードは半角数字6桁です: "{code}"'
    expected = check_digit(code[:5])
    if int(code[5]) != expected:
        return f"地方公共団体コード {code} の検査数字（6桁目）は {expected} のはずです"
    return None
