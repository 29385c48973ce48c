"""Weight initialisers.

The scale of the initial weights decides whether ``|f'(u)·w|`` starts below or above 1, so the
initialiser is one of the remedies: Xavier/Glorot keeps tanh/sigmoid layers' variance steady,
He/Kaiming does the same for ReLU. The seed's "weights between 0 and 1" is ``uniform(0, 1)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import limits
from .text import Text, clip

INIT_NAMES = (
    "uniform", "normal", "xavier_uniform", "xavier_normal", "he_uniform", "he_normal", "constant",
)


@dataclass
class Init:
    """An initialiser by name with its parameters.

    ``uniform``: U(a, b); ``normal``: N(0, sigma²); ``xavier_*``: variance 2/(fan_in+fan_out);
    ``he_*``: variance 2/fan_in; ``constant``: every weight = value. ``gain`` multiplies the
    result of any of them (a quick way to make an exploding net: he_normal with gain 3).
    """

    name: str = "xavier_uniform"
    a: float = 0.0
    b: float = 1.0
    sigma: float = 0.1
    value: float = 0.0
    gain: float = 1.0
    params: dict = field(default_factory=dict)  # unused spare room for forward compatibility

    def validate(self, where: str = "init.") -> "Init":
        """Check the name and the parameters against :mod:`limits` (the control panel's ranges).

        Errors name the field as ``<where><key>`` (``init.weights.gain``)."""
        if self.name not in INIT_NAMES:
            raise ValueError(Text("{field}: unknown initialiser {name!r} (known: {known})", field=f"{where}name",
                                  name=clip(str(self.name)), known=", ".join(INIT_NAMES)))
        for key, bounds in (("a", limits.INIT_VALUE), ("b", limits.INIT_VALUE), ("sigma", limits.INIT_SIGMA),
                            ("value", limits.INIT_VALUE), ("gain", limits.INIT_GAIN)):
            limits.check_number(f"{where}{key}", getattr(self, key), bounds)
        if self.name == "uniform" and self.b < self.a:
            raise ValueError(Text("{field}: must be >= {other}", field=f"{where}b", other=f"{where}a"))
        return self

    def sample(self, rng: np.random.Generator, shape: tuple[int, int], dtype=np.float64) -> np.ndarray:
        """Draw a ``(fan_out, fan_in)`` matrix."""
        fan_out, fan_in = shape
        n = self.name
        if n == "uniform":
            w = rng.uniform(self.a + 0.0, self.b + 0.0, size=shape)  # + 0.0 turns -0.0 into 0.0
        elif n == "normal":
            w = rng.normal(0.0, self.sigma + 0.0, size=shape)  # numpy refuses a scale of -0.0
        elif n == "xavier_uniform":
            lim = np.sqrt(6.0 / (fan_in + fan_out))
            w = rng.uniform(-lim, lim, size=shape)
        elif n == "xavier_normal":
            w = rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=shape)
        elif n == "he_uniform":
            lim = np.sqrt(6.0 / fan_in)
            w = rng.uniform(-lim, lim, size=shape)
        elif n == "he_normal":
            w = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=shape)
        elif n == "constant":
            w = np.full(shape, self.value)
        else:
            raise ValueError(f"unknown initialiser {n!r}")
        return (self.gain * w).astype(dtype, copy=False)

    def describe(self) -> str:
        n = self.name
        if n == "uniform":
            s = f"uniform({self.a:g}, {self.b:g})"
        elif n == "normal":
            s = f"normal(σ={self.sigma:g})"
        elif n == "constant":
            s = f"constant({self.value:g})"
        else:
            s = n
        return s if self.gain == 1 else f"{s}×{self.gain:g}"

    def to_dict(self) -> dict:
        d = {"name": self.name}
        if self.name == "uniform":
            d.update(a=self.a, b=self.b)
        elif self.name == "normal":
            d["sigma"] = self.sigma
        elif self.name == "constant":
            d["value"] = self.value
        if self.gain != 1:
            d["gain"] = self.gain
        return d
