"""Confidence intervals for shares counted on few cases.

Redaction recall per name origin, automation-bias rates and the evaluation report's name
recall all compare shares of groups that may hold a dozen cases. A share of 13 in 15
says little on its own; its Wilson 95% interval says how little. One function, here in the
core, so every part states the same interval for the same counts.
"""

from __future__ import annotations

import math

Z_95 = 1.959963984540054
"""The standard normal quantile for a two-sided 95% interval."""


def wilson_interval(count: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval of ``count / total`` (sound at 0, at 1 and on small totals).

    Raises ValueError for a total of 0, where no share exists, or a count outside 0..total.
    """
    if total <= 0 or not 0 <= count <= total:
        raise ValueError(f"a share needs 0 <= count <= total and total > 0, got {count} of {total}")
    share = count / total
    denominator = 1 + z * z / total
    centre = (share + z * z / (2 * total)) / denominator
    spread = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total)) / denominator
    return max(0.0, centre - spread), min(1.0, centre + spread)
