"""How many votes a proposal needs: pure arithmetic on a policy (the policy itself is read by a selector)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from apps.territories.models import Territory


@dataclass(frozen=True)
class Policy:
    percent: Decimal
    minimum: int
    voting_days: int
    territory: Territory | None = None  # where it was set; None: the site's defaults


def vote_threshold(*, population: int | None, policy: Policy) -> int:
    """Votes for a proposal needs: the policy's share of the population, at least its minimum.

    Where the population is not known, the minimum applies. The threshold never
    exceeds the population itself (a hamlet of 6 people with a minimum of 10).
    """
    minimum = max(1, policy.minimum)
    if not population:
        return minimum
    share = math.ceil(Decimal(population) * policy.percent / 100)
    return max(1, min(max(share, minimum), population))
