"""Activation functions and their derivatives.

Each activation works on the pre-activation ``u`` (what the seed calls *net*) and exposes
``forward(u)`` and ``derivative(u, a)`` (``a`` is the cached output). ``max_derivative`` is the
largest value of ``f'``; it is what makes sigmoid vanish (0.25) and what the saturation measurement
compares against.

Derivatives are accurate to a few ulps over the whole float range, not only near 0: the textbook
shortcuts from the cached output (σ′ = a(1 − a), tanh′ = 1 − a², ELU′ = a + α) subtract nearly equal
numbers in the tails, where the true slope is tiny but not zero (σ′(40) ≈ 4e-18, yet 1 − σ(40) is
exactly 0 in float64). A unit whose slope is 1e-18 is *saturated*; one whose slope is 0 is *dead*,
and the app tells the learner which. So σ′ = ½ / (1 + cosh u), tanh′ = 1 / cosh² u and
ELU′ = α·eᵘ (u ≤ 0), each one ufunc more than the shortcut at most.

Softmax is only valid on the output layer; its Jacobian is not diagonal, so it provides
``backward(grad_a, a)`` (a Jacobian-vector product) and is normally fused with cross-entropy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Activation:
    """Base class: an element-wise activation ``a = f(u)``."""

    name = "base"
    max_derivative = 1.0
    elementwise = True
    # True when f'(u) >= 0 for every u (NaN aside): the saturation measurement then skips abs().
    nonnegative_derivative = False

    def forward(self, u: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def derivative(self, u: np.ndarray, a: np.ndarray) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def forward_unguarded(self, u: np.ndarray) -> np.ndarray:
        """:meth:`forward` for callers that already silence floating-point warnings.

        The network's forward pass runs under ``np.errstate(all="ignore")``; an activation whose
        fastest formula may overflow harmlessly (sigmoid's e^-u → ∞ gives exactly 0) skips its
        own guard here.
        """
        return self.forward(u)

    def derivative_into(self, u: np.ndarray, a: np.ndarray, out: np.ndarray) -> np.ndarray:
        """:meth:`derivative` written into ``out`` (the trainer's reused per-step buffer)."""
        np.copyto(out, self.derivative(u, a))
        return out

    def backward(self, grad_a: np.ndarray, u: np.ndarray, a: np.ndarray) -> np.ndarray:
        """∂L/∂u from ∂L/∂a."""
        return grad_a * self.derivative(u, a)

    def params(self) -> dict:
        return {}

    def describe(self) -> str:
        return self.name


@dataclass(frozen=True)
class Sigmoid(Activation):
    """σ(u) = 1 / (1 + e^-u); σ' = σ(1 − σ) ≤ 0.25, the root of vanishing gradients."""

    name = "sigmoid"
    max_derivative = 0.25
    nonnegative_derivative = True

    def forward(self, u):
        with np.errstate(over="ignore", under="ignore"):
            return self.forward_unguarded(u)

    def forward_unguarded(self, u):
        # 1 / (1 + e^-u) in four in-place calls. Where e^-u overflows to ∞ (u < -709.8 in float64,
        # -88.7 in float32) the result is exactly 0, and σ(u) is below the smallest normal number
        # there anyway: only the warning is spurious, hence the errstate in forward() (the
        # network's pass has one of its own).
        out = np.negative(u)
        np.exp(out, out=out)
        out += 1.0
        return np.reciprocal(out, out=out)

    def derivative(self, u, a):
        with np.errstate(over="ignore"):  # cosh(|u| > 710) = ∞ gives the right 0
            return self.derivative_into(u, a, np.empty_like(u))

    def derivative_into(self, u, a, out):
        # σ′(u) = σ(u)σ(−u) = 1 / (2 + eᵘ + e⁻ᵘ): no cancellation for large |u| (see the module)
        np.cosh(u, out=out)
        out += 1.0
        return np.divide(0.5, out, out=out)


@dataclass(frozen=True)
class Tanh(Activation):
    """tanh(u); tanh' = 1 − tanh² ≤ 1, zero-centred but still saturating."""

    name = "tanh"
    nonnegative_derivative = True

    def forward(self, u):
        return np.tanh(u)

    def derivative(self, u, a):
        with np.errstate(over="ignore"):  # cosh(|u| > 710) = ∞ gives the right 0
            return self.derivative_into(u, a, np.empty_like(u))

    def derivative_into(self, u, a, out):
        # tanh′(u) = 1 / cosh²(u), accurate where 1 − tanh² would cancel to 0 (|u| > 19)
        np.cosh(u, out=out)
        np.multiply(out, out, out=out)
        return np.reciprocal(out, out=out)


@dataclass(frozen=True)
class ReLU(Activation):
    """max(0, u); derivative exactly 1 where active, so it neither shrinks nor grows gradients."""

    name = "relu"
    nonnegative_derivative = True

    def forward(self, u):
        return np.maximum(u, 0.0)

    def derivative(self, u, a):
        return (u > 0).astype(u.dtype)

    def derivative_into(self, u, a, out):
        return np.greater(u, 0.0, out=out)


@dataclass(frozen=True)
class LeakyReLU(Activation):
    """u for u > 0, αu otherwise: a small slope keeps 'dead' units trainable."""

    alpha: float = 0.01
    name = "leaky_relu"
    nonnegative_derivative = True

    def forward(self, u):
        return np.where(u > 0, u, self.alpha * u)

    def derivative(self, u, a):
        return np.where(u > 0, 1.0, self.alpha).astype(u.dtype)

    def params(self):
        return {"alpha": self.alpha}

    def describe(self):
        return f"leaky_relu(α={self.alpha:g})"


@dataclass(frozen=True)
class ELU(Activation):
    """u for u > 0, α(e^u − 1) otherwise: smooth, negative outputs push mean activation to 0."""

    alpha: float = 1.0
    name = "elu"
    nonnegative_derivative = True

    def forward(self, u):
        return np.where(u > 0, u, self.alpha * np.expm1(np.minimum(u, 0.0)))

    def derivative(self, u, a):
        return self.derivative_into(u, a, np.empty_like(u))

    def derivative_into(self, u, a, out):
        # f′(u) = α eᵘ for u <= 0, computed as such: a + α would cancel (a → −α), losing all
        # precision below u ≈ −37 and giving 0 instead of eᵘ
        np.minimum(u, 0.0, out=out)
        np.exp(out, out=out)  # 1 wherever u >= 0
        if self.alpha != 1.0:
            np.multiply(out, self.alpha, out=out, where=~(u > 0))
        return out

    @property
    def max_derivative(self):  # type: ignore[override]
        return max(1.0, self.alpha)

    def params(self):
        return {"alpha": self.alpha}

    def describe(self):
        return f"elu(α={self.alpha:g})"


@dataclass(frozen=True)
class Linear(Activation):
    """Identity: f'(u) = 1."""

    name = "linear"
    nonnegative_derivative = True

    def forward(self, u):
        return u.copy()

    def derivative(self, u, a):
        return np.ones_like(u)


@dataclass(frozen=True)
class Softmax(Activation):
    """Row-wise softmax for the output layer; pair it with cross-entropy."""

    name = "softmax"
    nonnegative_derivative = True
    max_derivative = 0.25
    elementwise = False

    def forward(self, u):
        shifted = u - u.max(axis=1, keepdims=True)
        e = np.exp(shifted)
        return e / e.sum(axis=1, keepdims=True)

    def derivative(self, u, a):
        """Diagonal of the Jacobian, ∂a_j/∂u_j = a_j(1 − a_j); used for saturation only.

        Only a row's largest probability can be near 1, where 1 − a_j cancels; there 1 − a_j is
        the sum of the row's other probabilities, which is accurate."""
        out = a * (1.0 - a)
        if a.ndim == 2 and a.shape[1] > 1 and a.shape[0]:
            rows = np.arange(a.shape[0])
            top = np.argmax(a, axis=1)
            others = a.copy()
            others[rows, top] = 0.0
            out[rows, top] = a[rows, top] * others.sum(axis=1)
        return out

    def backward(self, grad_a, u, a):
        return a * (grad_a - np.sum(grad_a * a, axis=1, keepdims=True))


HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "linear")
OUTPUT_ACTIVATIONS = ("sigmoid", "linear", "softmax", "tanh")
_CLASSES = {
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "elu": ELU,
    "linear": Linear,
    "softmax": Softmax,
}


def make_activation(name: str, alpha: float | None = None) -> Activation:
    """Build an activation by name; ``alpha`` applies to leaky_relu and elu only."""
    try:
        cls = _CLASSES[name]
    except KeyError:
        known = ", ".join(sorted(_CLASSES))
        raise ValueError(f"unknown activation {name!r} (known: {known})") from None
    if alpha is not None and cls in (LeakyReLU, ELU):
        return cls(alpha=float(alpha))
    return cls()
