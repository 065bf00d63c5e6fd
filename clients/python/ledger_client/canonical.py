"""RFC 8785 canonical JSON, as ledgerd writes it: the bytes receipts and leaves are hashed over.

Numbers are IEEE 754 doubles, written as ECMAScript's Number.prototype.toString writes them, as the
daemon does: an integer it wrote out in full (1e20 as 100000000000000000000) is the double it stands
for, not an integer out of range. Member names sort by their UTF-16 code units; strings keep their
code points (no Unicode normalization).
"""

import json
import math
from typing import Any

#: The largest integer below which every integer is a double exactly.
EXACT_INTEGERS = 2**53


def dumps(value: Any) -> bytes:
    """The canonical UTF-8 bytes of a JSON value (as `json.loads` gives it)."""
    parts: list = []
    _write(value, parts)
    return "".join(parts).encode("utf-8")


def _write(value: Any, parts: list) -> None:
    if value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, (int, float)):
        parts.append(number(value))
    elif isinstance(value, str):
        parts.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, (list, tuple)):
        parts.append("[")
        for index, element in enumerate(value):
            if index:
                parts.append(",")
            _write(element, parts)
        parts.append("]")
    elif isinstance(value, dict):
        parts.append("{")
        for index, name in enumerate(sorted(value, key=lambda key: key.encode("utf-16-be"))):
            if index:
                parts.append(",")
            parts.append(json.dumps(name, ensure_ascii=False))
            parts.append(":")
            _write(value[name], parts)
        parts.append("}")
    else:
        raise TypeError(f"{type(value).__name__} is not a JSON value")


def number(value: float) -> str:
    """A number as ECMA-262 7.1.12.1 writes the double it is (RFC 8785 section 3.2.2.3)."""
    double = float(value)
    if not math.isfinite(double):
        raise ValueError("JSON has no form for NaN or infinity")
    if double == 0:
        return "0"
    if double.is_integer() and abs(double) < EXACT_INTEGERS:
        return str(int(double))
    # repr gives the shortest digits that read back as the same double, as ECMA-262 asks; lay them out.
    mantissa, _, exponent = repr(abs(double)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + (int(exponent) if exponent else 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0") or "0"
    k, n = len(digits), point
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * -n + digits
    else:
        text = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if n - 1 >= 0 else "-") + str(abs(n - 1))
    return ("-" if double < 0 else "") + text


def check_exact(value: Any, where: str = "value") -> None:
    """Refuses a Python integer the ledger cannot keep exactly: it keeps numbers as doubles, and an
    integer past 2**53 that no double equals would be stored as another number."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, float)):
        return
    if isinstance(value, int):
        if abs(value) >= EXACT_INTEGERS and int(float(value)) != value:
            raise ValueError(
                f"{where} {value} cannot be kept exactly: the ledger keeps numbers as doubles; send it as a string"
            )
    elif isinstance(value, dict):
        for name, element in value.items():
            check_exact(element, f"{where}.{name}")
    elif isinstance(value, (list, tuple)):
        for index, element in enumerate(value):
            check_exact(element, f"{where}[{index}]")
