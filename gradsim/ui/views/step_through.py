"""The step-through view (the seed and other small plain networks): forward pass, loss, backward pass
and update, one stage per click, the neurons and weights involved lit up on the canvas.

The stages are built here, in the GUI thread, with :func:`gradsim.engine.stepthrough.stages_for`
from a frame's *copied* weights and biases: pure arithmetic on a 2-2-2 network (well under a
millisecond), no access to the live trainer, and done only while the view is shown and the step
changed, at most ``Timing.teaching_refresh`` apart while training runs. Doing it in the training
thread would add a per-frame cost for a view few people open.
"""

from __future__ import annotations

import time

from gradsim.engine.stepthrough import stages_for

from ..engine_text import error_text
from ..i18n import tr
from ..pacing import TIMING, Timing
from ..teach.stepthrough_panel import StepThroughPanel
from .base import View


def step_through_applies(spec) -> bool:
    """The step-through spells out per-neuron scalars: the seed and other small plain nets."""
    topo = spec.topology
    return (spec.weight_names == "seed" and topo.n_edges() <= 200
            and not any(layer.batch_norm or layer.residual_from is not None for layer in topo.layers))


class StepThroughView(View):
    def __init__(self, session, parent=None, timing: Timing = TIMING):
        super().__init__(session, parent)
        self.timing = timing
        self.step_panel = StepThroughPanel()
        self.step_panel.highlightRequested.connect(self._on_highlight)
        self.stages_step: int | None = None   # the frame's step the stages were built at
        self._last_stages = 0.0
        self._stack(None, self.step_panel)
        session.specApplied.connect(self._on_spec)
        session.frameShown.connect(lambda frame: self.refresh(frame, force=not frame.playing))

    def set_shown(self, shown: bool) -> None:
        super().set_shown(shown)
        if shown:
            if self.session.last_frame is not None:
                self.refresh(self.session.last_frame, force=True)
            current = self.step_panel.current
            if current is not None:
                self._on_highlight(list(current.neurons), list(current.edges))
        else:
            self.session.clear_highlight()

    def _on_highlight(self, neurons, edges) -> None:
        if self.shown:
            self.session.set_highlight(neurons, edges)

    def _on_spec(self, spec) -> None:
        self.stages_step = None
        self.step_panel.set_stages([])
        self.step_panel.setEnabled(step_through_applies(spec))

    def refresh(self, frame, force: bool) -> None:
        """New stages from ``frame``'s weights (throttled while training runs)."""
        spec, snap = self.session.spec, frame.snapshot
        now = time.perf_counter()
        if not (self.shown and spec is not None and step_through_applies(spec) and snap.step != self.stages_step
                and (force or now - self._last_stages >= self.timing.teaching_refresh)):
            return
        self._last_stages = now
        self.stages_step = snap.step
        try:
            stages = stages_for(spec, snap.weights, snap.biases, snap.lr)
        except Exception as exc:  # noqa: BLE001 - an odd network: say so, keep training
            self.session.show_message(tr("Step-through unavailable: {0}").format(error_text(exc)), error=True)
            return
        self.step_panel.set_stages(stages)
