"""Weight initialisers.

The scale of the initial weights decides whether ``|f'(u)·w|`` starts below or above 1, so the
initialiser is one of the remedies: Xavier/Glorot keeps tanh/sigmoid layers' variance steady,
He/Kaiming does the same for ReLU. The seed's "weights between 0 and 1" is ``uniform(0, 1)``.

``orthogonal`` (Saxe et al. 2014) draws a matrix with orthonormal rows or columns: a square one
keeps the length of every vector it multiplies, forwards and backwards, exactly rather than on
average, so a deep linear net starts with every singular value of its Jacobian equal to 1 (the QR
decomposition behind it costs O(n³): a second or more for layers thousands wide). ``lsuv``
(layer-sequential unit variance, Mishkin & Matas 2016) starts from orthogonal matrices and then
rescales each layer, first to last, until its net input has variance 1 on a batch of data; that
second part needs the data, so :class:`gradsim.engine.trainer.Trainer` does it (see
:mod:`gradsim.engine.lsuv`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import limits
from .text import Text, clip

INIT_NAMES = (
    "uniform", "normal", "xavier_uniform", "xavier_normal", "he_uniform", "he_normal", "constant",
    "orthogonal", "lsuv",
)
# a recurrent network's weight_hh may also start as the identity (IRNN: Le, Jaitly & Hinton 2015);
# feed-forward layers do not offer it
RECURRENT_INIT_NAMES = ("uniform", "normal", "xavier_uniform", "xavier_normal", "he_uniform", "he_normal",
                        "constant", "orthogonal", "identity")


@dataclass
class Init:
    """An initialiser by name with its parameters.

    ``uniform``: U(a, b); ``normal``: N(0, sigma²); ``xavier_*``: variance 2/(fan_in+fan_out);
    ``he_*``: variance 2/fan_in; ``constant``: every weight = value; ``orthogonal``: orthonormal
    rows (fan_out <= fan_in) or columns; ``identity`` (a recurrent weight_hh only, see
    :data:`RECURRENT_INIT_NAMES`): ones on the diagonal. ``gain`` multiplies the result of any of them (a quick
    way to make an exploding net: he_normal with gain 3); for ``lsuv`` it is the standard
    deviation every layer's net input is fitted to (1: unit variance).
    """

    name: str = "xavier_uniform"
    a: float = 0.0
    b: float = 1.0
    sigma: float = 0.1
    value: float = 0.0
    gain: float = 1.0
    params: dict = field(default_factory=dict)  # unused spare room for forward compatibility

    def validate(self, where: str = "init.", names: tuple[str, ...] = INIT_NAMES) -> "Init":
        """Check the name (one of ``names``) and the parameters against :mod:`limits` (the control
        panel's ranges). Errors name the field as ``<where><key>`` (``init.weights.gain``)."""
        if self.name not in names:
            raise ValueError(Text("{field}: unknown initialiser {name!r} (known: {known})", field=f"{where}name",
                                  name=clip(str(self.name)), known=", ".join(names)))
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
        elif n == "identity":
            w = np.eye(fan_out, fan_in)
        elif n in ("orthogonal", "lsuv"):
            w = orthogonal(rng, shape)
            if n == "lsuv":  # the data fit sets the scale (gain = the fitted standard deviation)
                return w.astype(dtype, copy=False)
        else:
            raise ValueError(f"unknown initialiser {n!r}")
        return (self.gain * w).astype(dtype, copy=False)

    def moments(self, fan_in: int, fan_out: int) -> tuple[float, float] | None:
        """Mean and variance of one weight of a ``(fan_out, fan_in)`` matrix, gain included; None
        for ``lsuv``, whose scale depends on the data it is fitted on.

        Orthogonal weights are not independent, but their variance is 1/max(fan_in, fan_out) and
        a matrix with orthonormal columns preserves every vector's length, so the second moments
        a fan-in recursion tracks come out as for independent weights of that variance.
        """
        n, g2 = self.name, self.gain * self.gain
        if n == "uniform":
            mean, var = (self.a + self.b) / 2, (self.b - self.a) ** 2 / 12
        elif n == "normal":
            mean, var = 0.0, self.sigma ** 2
        elif n in ("xavier_uniform", "xavier_normal"):
            mean, var = 0.0, 2.0 / (fan_in + fan_out)
        elif n in ("he_uniform", "he_normal"):
            mean, var = 0.0, 2.0 / fan_in
        elif n == "constant":
            mean, var = self.value, 0.0
        elif n == "orthogonal":
            mean, var = 0.0, 1.0 / max(fan_in, fan_out)
        else:
            return None
        return self.gain * mean, g2 * var

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


def orthogonal(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """A uniformly random ``(rows, cols)`` matrix with orthonormal rows (rows <= cols) or columns.

    The Q of a Gaussian matrix's QR decomposition, its columns' signs fixed by R's diagonal so that
    the distribution is uniform over orthogonal matrices (Mezzadri 2007).
    """
    rows, cols = shape
    a = rng.normal(size=(max(rows, cols), min(rows, cols)))
    q, r = np.linalg.qr(a)
    d = np.sign(np.diag(r))
    q *= np.where(d == 0, 1.0, d)
    return q if rows >= cols else q.T
