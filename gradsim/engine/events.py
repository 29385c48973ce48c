"""What a run reports besides its measurements: where it went non-finite (which stops it) and the
conditions worth telling the user that do not (a dead layer, a batch-norm layer with zero variance).

The trainer records them, the diagnosis and the views read them; they live apart from both so that
neither has to import the other to name them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .text import Text, ratio_text

# what went non-finite, as the messages name it (translatable, see gradsim.engine.text)
QUANTITY_TEXT = {"activations": Text("activations"), "loss": Text("loss"), "gradients": Text("gradients"),
                 "update": Text("update")}


@dataclass
class NonFinite:
    """Where and when a run first produced NaN or infinity.

    ``layer`` is the weight-matrix index k (layer k+1 of the network; the trainer always names one,
    ``None`` only in events built by other code),
    ``quantity`` one of ``"activations"``, ``"loss"``, ``"gradients"``, ``"update"``.
    ``time`` (a recurrent network) is the time step 1..T where it happened: the first step whose
    hidden state is not finite, or for gradients the latest step whose ∂L/∂h_t is not (where
    backpropagation through time met it first); None when no single step is to blame.
    """

    step: int
    layer: int | None
    quantity: str
    time: int | None = None

    @property
    def message(self) -> str:
        """English (a :class:`~gradsim.engine.text.Text`, so the UI can say it in its language)."""
        quantity = QUANTITY_TEXT.get(self.quantity, self.quantity)
        if self.layer is not None and self.time is not None:
            return Text("Non-finite {quantity} in layer {layer} at time step {time} of step {step} — "
                        "lower the learning rate or enable clipping", quantity=quantity, layer=self.layer + 1,
                        time=self.time, step=self.step)
        if self.layer is not None:
            return Text("Non-finite {quantity} in layer {layer} at step {step} — "
                        "lower the learning rate or enable clipping", quantity=quantity, layer=self.layer + 1,
                        step=self.step)
        return Text("Non-finite {quantity} at step {step} — lower the learning rate or enable clipping",
                    quantity=quantity, step=self.step)

    def to_dict(self) -> dict:
        out = {"step": self.step, "layer": self.layer, "quantity": self.quantity, "message": self.message}
        if self.time is not None:
            out["time"] = self.time
        return out


@dataclass
class RunEvent:
    """A condition worth telling the user that does not stop the run (unlike :class:`NonFinite`).

    ``kind`` is ``"dead_layer"`` (every unit of the layer has f′ = 0 for every sample of the
    batch: no gradient reaches the layers below; needs measurements on), ``"dead_recurrent"``
    (every unit of a recurrent ReLU layer has f′ = 0 for every sample at time step ``time``: no
    gradient flows back through time past it) or ``"zero_variance"``
    (a batch-norm layer saw practically the same value for every sample in some unit: variance
    below 0.1 % of ε, so the normalisation divides round-off by √ε). ``layer`` is the weight-matrix
    index k, as in :class:`NonFinite`. Each (kind, layer) is reported once per trainer.
    """

    step: int
    layer: int
    kind: str
    # for "dead_layer": the exploding update just before, {"step", "update_ratio"} (its ‖ΔW‖/‖W‖), if any
    explosion: dict | None = None
    time: int | None = None  # for "dead_recurrent": the time step 1..T where every unit is off

    @property
    def message(self) -> str:
        if self.kind == "dead_recurrent" and self.explosion:
            return Text("Every unit of the recurrent layer is dead at time step {time} (f′ = 0 for every sample) "
                        "at step {step}, right after the exploding update of step {cause} changed weights by "
                        "{ratio}× their own size — the explosion switched them off; lower the learning rate or clip "
                        "the gradient", time=self.time, step=self.step, cause=int(self.explosion["step"]),
                        ratio=ratio_text(float(self.explosion["update_ratio"])))
        if self.kind == "dead_recurrent":
            return Text("Every unit of the recurrent layer is dead at time step {time} (f′ = 0 for every sample) "
                        "at step {step} — no gradient flows back through time past it; lower the learning rate or "
                        "start from the identity (IRNN)", time=self.time, step=self.step)
        if self.kind == "dead_layer" and self.explosion:
            return Text("Every unit of layer {layer} is dead (f′ = 0 for every sample) at step {step}, right "
                        "after the exploding update of step {cause} changed weights by {ratio}× their own size — "
                        "the explosion switched them off; lower the learning rate or clip the gradient",
                        layer=self.layer + 1, step=self.step, cause=int(self.explosion["step"]),
                        ratio=ratio_text(float(self.explosion["update_ratio"])))
        if self.kind == "dead_layer":
            return Text("Every unit of layer {layer} is dead (f′ = 0 for every sample) at step "
                        "{step} — no gradient reaches the layers below; lower the learning rate, or "
                        "use LeakyReLU/ELU or He initialisation", layer=self.layer + 1, step=self.step)
        return Text("Batch norm in layer {layer} saw the same value for every sample at step "
                    "{step} (zero variance) — its gradients are round-off noise; is the layer below "
                    "dead or the data constant?", layer=self.layer + 1, step=self.step)

    def to_dict(self) -> dict:
        out = {"step": self.step, "layer": self.layer, "kind": self.kind, "message": self.message}
        if self.explosion:
            out["explosion"] = dict(self.explosion)
        if self.time is not None:
            out["time"] = self.time
        return out
