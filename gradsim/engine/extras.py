"""What the views ask of the live trainer, computed when a snapshot is taken.

A snapshot (:mod:`gradsim.engine.snapshot`) copies what every view needs. Some views need more, and
only while they are on screen: the chain-rule derivation of the selected weight, a finite-difference
check of it, the decision boundary over the input plane and each hidden unit's own map, the
per-layer distributions (with the initialisation theory's prediction, once per network) and the
hidden stack's Jacobian spectrum. Computing
them costs a few milliseconds, so an :class:`ExtrasRequest` remembers which are wanted and for which
weight, and :meth:`ExtrasRequest.take` computes them at most as often as its intervals allow (every
time when forced: a step, a pause, a reset), never on the per-step path. The results are fresh
objects the caller may hand to another thread.

Like everything in the engine this runs in the thread that trains and knows no GUI: the training
worker calls it, and a notebook could.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from . import boundary, distributions, jacobian, recurrent_chain_rule, theory
from .chain_rule import Derivation, derive
from .gradcheck import GradCheck, check_recurrent_weight, check_weight

VIEWS = ("derivation", "boundary", "neurons", "distributions", "jacobian")
BOUNDARY_RESOLUTION = 60
# A live Jacobian is recomputed while training runs: its work is held to about 10 ms here, where
# ``gradsim stats`` allows a second (above it the spectrum says why it is missing).
LIVE_JACOBIAN_WORK = 2e7


def _recurrent(trainer) -> bool:
    return getattr(trainer.spec, "recurrent", None) is not None


def _derive(trainer, k: int, j: int, i: int):
    """The selected weight's derivation: a recurrent network's weights are named as in
    :data:`gradsim.engine.recurrent_chain_rule.MATRIX_INDEX`."""
    if _recurrent(trainer):
        if not recurrent_chain_rule.weight_exists(trainer.spec, k, j, i):
            raise IndexError(f"no weight ({k}, {j}, {i}) in this recurrent network")
        return recurrent_chain_rule.derive(trainer, recurrent_chain_rule.matrix_named(k), j, i)
    return derive(trainer, k=k, j=j, i=i)


@dataclass(frozen=True)
class CheckAnswer:
    """A finite-difference check of ``weight`` (k, j, i) at training step ``step``."""

    weight: tuple[int, int, int]
    result: GradCheck
    step: int


@dataclass(frozen=True)
class Extras:
    """What one snapshot brings besides its copies; None where nothing was asked or due.

    ``boundary`` is :func:`~gradsim.engine.boundary.decision_grid`'s ``(xs, ys, Z)``; ``points`` the
    data ``(x_train, t_train, x_test, t_test)``, sent once per network; ``neuron_grids`` one
    ``(ny, nx, units)`` map per hidden layer (:func:`~gradsim.engine.boundary.neuron_grids`).
    ``distributions`` is :func:`gradsim.engine.distributions.take`'s (its ``inputs`` a copy);
    ``prediction`` the theory's :class:`~gradsim.engine.theory.LayerPrediction` list at
    initialisation for this network, sent once per network; ``jacobian`` the hidden stack's
    :class:`~gradsim.engine.jacobian.JacobianSpectrum` with the current weights.
    """

    derivation: Derivation | None = None   # (a recurrent network's: a RecurrentDerivation)
    check: CheckAnswer | None = None
    boundary: tuple | None = None
    points: tuple | None = None
    neuron_grids: list | None = None
    distributions: distributions.Distributions | None = None
    prediction: list | None = None
    jacobian: jacobian.JacobianSpectrum | None = None

    @property
    def heavy(self) -> bool:
        """Anything here takes its view a while to show (more than numbers)."""
        return any(v is not None for v in (self.derivation, self.check, self.boundary, self.points,
                                           self.neuron_grids, self.distributions, self.jacobian))


@dataclass(frozen=True)
class Problem:
    """An extra that could not be computed: ``kind`` is ``"derive"``, ``"boundary"``,
    ``"distributions"`` or ``"jacobian"``."""

    kind: str
    error: BaseException


@dataclass
class ExtrasRequest:
    """Which extras are wanted, for which weight, and when each was last computed.

    ``derivation_interval``, ``boundary_interval``, ``distributions_interval`` and
    ``jacobian_interval`` (seconds) bound how often each is recomputed while training runs.
    """

    derivation_interval: float = 0.2
    boundary_interval: float = 0.5
    distributions_interval: float = 0.25
    jacobian_interval: float = 0.5
    resolution: int = BOUNDARY_RESOLUTION
    jacobian_work: float = LIVE_JACOBIAN_WORK
    views: dict = field(default_factory=lambda: {v: False for v in VIEWS})
    selected: tuple[int, int, int] | None = None
    _check: CheckAnswer | None = None
    _last_derivation: float = -math.inf
    _last_boundary: float = -math.inf
    _last_distributions: float = -math.inf
    _last_jacobian: float = -math.inf
    _points_sent: object = None   # the network whose data points were last sent
    _prediction_sent: object = None   # ... and whose theory prediction

    def want(self, views: dict) -> bool:
        """Update which views are shown; True when one just appeared (send it its data now)."""
        unknown = set(views) - set(VIEWS)
        if unknown:
            raise ValueError(f"unknown views {sorted(unknown)}")
        newly = [k for k, v in views.items() if v and not self.views[k]]
        self.views.update({k: bool(v) for k, v in views.items()})
        if newly:
            self._last_boundary = self._last_distributions = self._last_jacobian = -math.inf
            self._points_sent = self._prediction_sent = None
        return bool(newly)

    def select(self, weight: tuple[int, int, int] | None) -> bool:
        """Derive ``weight`` from now on (None: no weight); True when the derivation is shown."""
        self.selected = None if weight is None else tuple(int(v) for v in weight)
        return self.views["derivation"]

    def check(self, trainer, weight: tuple[int, int, int]) -> None:
        """Compare backprop with a finite difference for ``weight`` now; the answer goes with the
        next :meth:`take`. Raises what the check raises."""
        weight = tuple(int(v) for v in weight)
        if _recurrent(trainer):
            k, j, i = weight
            result = check_recurrent_weight(trainer, recurrent_chain_rule.matrix_named(k), j, i)
        else:
            result = check_weight(trainer, *weight)
        self._check = CheckAnswer(weight, result, int(trainer.step_count))

    def take(self, trainer, network_id, now: float, forced: bool) -> tuple[Extras, list[Problem]]:
        """The extras due at ``now`` (perf_counter seconds) for ``trainer``, whose network is
        ``network_id`` (the data points are sent once per id), and what failed."""
        problems: list[Problem] = []
        found: dict = {}
        if self._check is not None:
            found["check"], self._check = self._check, None
        if (self.views["derivation"] and self.selected is not None
                and (forced or now - self._last_derivation >= self.derivation_interval)):
            self._last_derivation = now
            try:
                with np.errstate(all="ignore"):
                    found["derivation"] = _derive(trainer, *self.selected)
            except (ValueError, IndexError):
                pass  # the weight no longer exists in this network; the GUI re-selects or clears
            except Exception as exc:  # noqa: BLE001 - the view keeps its last numbers
                problems.append(Problem("derive", exc))
        if (self.views["boundary"] or self.views["neurons"]) and (
                forced or now - self._last_boundary >= self.boundary_interval):
            try:
                with np.errstate(all="ignore"):
                    self._grids(trainer, network_id, found)
            except Exception as exc:  # noqa: BLE001 - a broken grid must not stop training
                problems.append(Problem("boundary", exc))
            self._last_boundary = now
        if self.views["distributions"] and (forced or now - self._last_distributions >= self.distributions_interval):
            self._last_distributions = now
            try:
                with np.errstate(all="ignore"):
                    self._distributions(trainer, network_id, found)
            except Exception as exc:  # noqa: BLE001 - the view keeps its last numbers
                problems.append(Problem("distributions", exc))
        if self.views["jacobian"] and (forced or now - self._last_jacobian >= self.jacobian_interval):
            self._last_jacobian = now
            try:
                net, _ = distributions.current_pass(trainer, fresh=True)  # f′ and W of the same weights
                found["jacobian"] = jacobian.spectrum(net, max_work=self.jacobian_work)
            except Exception as exc:  # noqa: BLE001
                problems.append(Problem("jacobian", exc))
        return Extras(**found), problems

    def _distributions(self, trainer, network_id, found: dict) -> None:
        dist = distributions.take(trainer)
        dist.inputs = dist.inputs.copy()
        found["distributions"] = dist
        if self._prediction_sent != network_id:  # what the theory predicts at initialisation, once
            found["prediction"] = theory.predict(trainer.spec, dist.inputs)
            self._prediction_sent = network_id

    def _grids(self, trainer, network_id, found: dict) -> None:
        if self.views["boundary"]:
            grid = boundary.decision_grid(trainer, self.resolution)
            if grid is not None:
                found["boundary"] = grid
                if self._points_sent != network_id:  # the data, once per network
                    found["points"] = (trainer.x_train.copy(), trainer.t_train.copy(),
                                       trainer.x_test.copy(), trainer.t_test.copy())
                    self._points_sent = network_id
        if self.views["neurons"]:
            grids = boundary.neuron_grids(trainer)
            if grids is not None:
                found["neuron_grids"] = grids


__all__ = ["VIEWS", "Extras", "ExtrasRequest", "CheckAnswer", "Problem"]
