"""What looking inside the layers costs: distributions at snapshot rate, and the whole stats report.

* ``layers.<net>.distributions``  :func:`gradsim.engine.distributions.take` on a trainer that has
                                  just stepped (it reads that step's arrays: what a UI snapshot
                                  would call), µs;
* ``layers.<net>.step``           :meth:`Trainer.step` on the same net, µs, measured in alternating
                                  blocks with the above, for scale;
* ``layers.<net>.distributions_per_step``  the ratio: how many steps one snapshot's distributions
                                  cost (at 30 snapshots a second and ~N steps a second, the share
                                  of training time is 30·ratio/N);
* ``layers.<net>.report``         :func:`gradsim.engine.layer_report.report` (distributions, the
                                  mean-field prediction and the Jacobian's SVD: ``gradsim stats``),
                                  ms.

Nets: ``deep-sigmoid`` (10 × 8, batch 32) and a 20 × 64 sigmoid stack, batch 32, on circles.
"""

from __future__ import annotations

from gradsim.engine import distributions, layer_report
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer

from harness import Context, Result, benchmark, interleaved
from nets import _mlp

NETS = (("deep_sigmoid", "deep-sigmoid 10x8, batch 32", lambda: load_preset("deep-sigmoid")),
        ("deep_20x64", "20x64 sigmoid, batch 32", lambda: _mlp(20, 64, "sigmoid", 32)))


@benchmark("layers: distributions at snapshot rate, and the stats report", group="engine")
def bench_layers(ctx: Context):
    block, blocks = (0.05, 5) if ctx.quick else (0.3, 15)
    for key, label, build in NETS:
        tr = Trainer(build())
        tr.run(3)
        times = interleaved({"step": tr.step, "take": lambda: distributions.take(tr)}, block, blocks)
        yield Result(f"layers.{key}.distributions", times["take"] * 1e6, "µs", note=label)
        yield Result(f"layers.{key}.step", times["step"] * 1e6, "µs", note=label)
        yield Result(f"layers.{key}.distributions_per_step", times["take"] / times["step"], "steps",
                     note="one snapshot's distributions, in training steps")
        report = interleaved({"report": lambda: layer_report.report(tr)}, block, max(3, blocks // 3))
        yield Result(f"layers.{key}.report", report["report"] * 1e3, "ms",
                     note="distributions + theory + Jacobian SVD (gradsim stats)")
