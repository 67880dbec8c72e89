"""Canary exposure (Carlini et al., "The Secret Sharer", USENIX Security 2019).

exposure = log2 |R| - log2 rank, where rank is the canary's position among all |R|
possible secrets of its format ordered by the model's likelihood. Two estimates:

- `rank_exposure`: the exact rank among m sampled candidates,
  log2(m + 1) - log2(rank). Model-free, but it cannot exceed log2(m + 1).
- `extrapolated_exposure` (what the report calls `exposure`): the paper's
  extrapolation. A skew-normal distribution is fitted to the candidates'
  log-likelihoods and exposure = -log2 P(X ≥ canary's log-likelihood), capped at
  log2 |R| (the canary cannot rank above first). We fit by the method of moments
  (skewness clipped to the family's range); SciPy is not a dependency, so the tail
  uses Owen's T function by Gauss–Legendre quadrature.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]
_MAX_SKEW = 0.99  # the skew-normal family's skewness is below 0.9953 in absolute value


@dataclass(frozen=True, slots=True)
class SkewNormal:
    loc: float
    scale: float
    shape: float

    @classmethod
    def fit(cls, samples: F64) -> SkewNormal:
        """Method-of-moments fit (Azzalini's parameterisation)."""
        values = np.asarray(samples, dtype=np.float64)
        mean = float(values.mean())
        std = float(values.std())
        if std == 0.0:
            return cls(mean, 0.0, 0.0)
        skew = float(np.mean(((values - mean) / std) ** 3))
        skew = max(-_MAX_SKEW, min(_MAX_SKEW, skew))
        power = abs(skew) ** (2 / 3)
        delta = math.copysign(math.sqrt(math.pi / 2 * power / (power + ((4 - math.pi) / 2) ** (2 / 3))), skew)
        delta = max(-0.999, min(0.999, delta))
        shape = delta / math.sqrt(1 - delta * delta)
        scale = std / math.sqrt(1 - 2 * delta * delta / math.pi)
        loc = mean - scale * delta * math.sqrt(2 / math.pi)
        return cls(loc, scale, shape)

    def sf(self, x: float) -> float:
        """P(X ≥ x)."""
        if self.scale == 0.0:
            return 0.0 if x > self.loc else 1.0
        z = (x - self.loc) / self.scale
        value = 0.5 * math.erfc(z / math.sqrt(2)) + 2 * owens_t(z, self.shape)
        return min(1.0, max(0.0, value))


_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(24)


def owens_t(h: float, a: float) -> float:
    """T(h, a) = 1/(2π) ∫_0^a exp(-h²(1+x²)/2) / (1+x²) dx, by composite Gauss–Legendre."""
    if a == 0.0:
        return 0.0
    if a < 0:
        return -owens_t(h, -a)
    # The integrand narrows to width ~1/|h| near 0: panels are finer there.
    panels = 64
    edges = a * (np.linspace(0.0, 1.0, panels + 1) ** 2)
    left, right = edges[:-1, None], edges[1:, None]
    x = (right - left) / 2 * _NODES[None, :] + (right + left) / 2
    values = np.exp(-0.5 * h * h * (1 + x * x)) / (1 + x * x)
    total = float(np.sum(values * _WEIGHTS[None, :] * (right - left) / 2))
    return total / (2 * math.pi)


def rank_of(canary: float, candidates: F64) -> int:
    """1 + candidates at least as likely as the canary (ties count against memorisation)."""
    return 1 + int(np.count_nonzero(np.asarray(candidates) >= canary))


def rank_exposure(canary: float, candidates: F64) -> float:
    samples = len(candidates)
    return math.log2(samples + 1) - math.log2(rank_of(canary, candidates))


def extrapolated_exposure(canary: float, candidates: F64, space_bits: float) -> float:
    """Exposure from the fitted tail. Candidates with -inf log-likelihood (impossible under the
    model) rank below any finite canary: the fit uses the finite ones, weighted by their share."""
    values = np.asarray(candidates, dtype=np.float64)
    if math.isnan(canary):
        raise ValueError("canary score is NaN")
    if canary == -math.inf:
        return 0.0
    finite = values[np.isfinite(values)]
    if len(finite) < 2:
        return min(space_bits, rank_exposure(canary, values))
    tail = SkewNormal.fit(finite).sf(canary) * len(finite) / len(values)
    if not math.isfinite(tail):
        return min(space_bits, rank_exposure(canary, values))
    if tail <= 0.0:
        return space_bits
    return max(0.0, min(space_bits, -math.log2(tail)))
