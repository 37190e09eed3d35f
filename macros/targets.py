"""The stretch-target calculator of the 共贏 phase (20% target − 13% history = 7 points)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StretchTarget:
    """A target set above the market average, and how far it stretches past history."""

    market_average: float
    historical_uplift: float
    target_uplift: float
    points: bool = False  # a rate (續保率) raised by percentage points, not a count raised by a ratio

    @property
    def stretch_points(self) -> float:
        """Percentage points the target asks beyond what the store has already done."""
        return round(self.target_uplift - self.historical_uplift, 2)

    @property
    def target_value(self) -> float:
        """The target: the market average raised by the target uplift (points added, or a ratio applied)."""
        return self._raised(self.target_uplift)

    @property
    def expected_value(self) -> float:
        """What history alone predicts: the market average raised by the historical uplift."""
        return self._raised(self.historical_uplift)

    def _raised(self, uplift: float) -> float:
        if self.points:
            return round(self.market_average + uplift, 2)
        return round(self.market_average * (1 + uplift / 100), 2)


def stretch_target(market_average: float, historical_uplift: float, target_uplift: float,
                   points: bool = False) -> StretchTarget:
    """Check the inputs and compute the stretch."""
    if market_average <= 0:
        raise ValueError(f"市場平均值必須大於 0（收到 {market_average}）")
    if target_uplift < historical_uplift:
        raise ValueError(f"目標上浮 {target_uplift}% 低於過去的 {historical_uplift}%：這不是挑戰，請檢查數字")
    if points and market_average + target_uplift > 100:
        raise ValueError(f"市場平均 {market_average}% 加 {target_uplift} 個百分點超過 100%，請檢查數字")
    return StretchTarget(market_average, historical_uplift, target_uplift, points)
