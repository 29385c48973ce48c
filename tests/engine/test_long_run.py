"""A long run, shortened for CI, keeps bounded memory (the full 1,000,000-step run is in
benchmarks/bench_memory.py). Asserted on sizes and traced allocations, never on time."""

import tracemalloc

import numpy as np

from gradsim.engine.history import BoundedHistory
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer

STEPS = 20_000


def test_bounded_history_spans_the_whole_run_in_fixed_storage():
    spec = load_preset("xor")
    tr = Trainer(spec, history=BoundedHistory(spec.topology.depth, capacity=256))
    h = tr.history
    columns = {k: id(v) for k, v in h._scalars.items()} | {k: id(v) for k, v in h._layers.items()}
    sizes = {k: v.nbytes for k, v in (h._scalars | h._layers).items()}
    assert tr.run(STEPS) == STEPS
    assert len(h) <= h.capacity == 256
    # Storage was never reallocated nor grown: the same arrays of the same size.
    assert {k: id(v) for k, v in (h._scalars | h._layers).items()} == columns
    assert {k: v.nbytes for k, v in (h._scalars | h._layers).items()} == sizes
    steps = h.column("step")
    assert steps[0] == 1 and steps[-1] > STEPS - h.stride and np.all(np.diff(steps) == h.stride)
    assert h.stride * len(h) >= STEPS // 2  # evenly thinned over the whole run


def test_the_training_step_allocates_nothing_that_stays():
    """After warm-up, thousands more steps leave no traced memory behind (numpy reports its
    buffers to tracemalloc): the trainer's buffers are reused, histories bounded, caches replaced."""
    for name in ("xor", "deep-batchnorm", "spiral"):
        spec = load_preset(name)
        tr = Trainer(spec, history=BoundedHistory(spec.topology.depth, capacity=64))
        tr.run(300)  # the history has filled and halved; every buffer exists
        tracemalloc.start()
        try:
            tr.run(200)
            before = tracemalloc.get_traced_memory()[0]
            tr.run(1500)
            after = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        assert not tr.stopped, name
        assert after - before < 64 * 1024, (name, after - before)
