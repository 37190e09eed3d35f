"""The stretch-target calculator of the 共贏 phase, for rates (續保達成率): 20 − 13 = 7 percentage points."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StretchTarget:
    """A rate target set some points above the market average, and how far it stretches past history.

    The article gives 「高於市場目標平均值 20%」 and 「高於市場值 13%」 for a rate without saying whether these are
    percentage points or ratios; the handbook reads them as percentage points, so the stretch is 7 points."""

    market_rate: float
    past_margin: float
    target_margin: float

    @property
    def stretch_points(self) -> float:
        """Percentage points the target asks beyond the margin the store already keeps over the market."""
        return round(self.target_margin - self.past_margin, 2)

    @property
    def target_rate(self) -> float:
        """The target rate: the market average plus the target margin (points)."""
        return round(self.market_rate + self.target_margin, 2)

    @property
    def expected_rate(self) -> float:
        """What history alone predicts: the market average plus the past margin (points)."""
        return round(self.market_rate + self.past_margin, 2)


def stretch_target(market_rate: float, past_margin: float, target_margin: float) -> StretchTarget:
    """Check the inputs (rates in %, margins in percentage points) and compute the stretch."""
    if not 0 <= market_rate <= 100:
        raise ValueError(f"市場平均達成率要在 0–100% 之間（收到 {market_rate}）")
    if target_margin < past_margin:
        raise ValueError(f"目標高出 {target_margin} 個百分點，低於過去的 {past_margin} 個百分點：這不是挑戰，請檢查數字")
    if market_rate + target_margin > 100:
        raise ValueError(f"目標達成率 {market_rate + target_margin}% 超過 100%，請檢查數字")
    return StretchTarget(market_rate, past_margin, target_margin)
