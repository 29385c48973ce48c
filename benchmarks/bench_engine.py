"""Engine step time against PyTorch (CPU, eager), and achieved GFLOP/s against plain numpy matmul.

For each network of :data:`nets.CASES`, in float64 and float32:

* ``gradsim_step``            :meth:`Trainer.step` with every per-layer measurement on (what the app
                              runs), recording into a :class:`BoundedHistory`;
* ``gradsim_step_nomeasure``  the same with ``Trainer(measure=False)``;
* ``torch_step_norms``        zero_grad → forward → loss → backward → per-layer ‖∂L/∂W‖ as Python
                              floats (one ``torch.stack(...).tolist()``) → ``SGD.step`` → ``loss.item()``:
                              what a user watching gradient flow would write;
* ``torch_step``              the same without the norms;
* ``ratio``                   torch_step_norms / gradsim_step (> 1: gradsim faster), with the target;
* ``gflops_*``                step FLOPs (3 matrix products per layer) / step time, and the same
                              products done by bare ``numpy.matmul`` (the practical ceiling).

Both sides draw a fresh minibatch by index every step (a shuffled epoch order), use plain SGD, and
start from the same weights; :func:`nets.verify` checks loss, gradients and the first update agree.
"""

from __future__ import annotations

import itertools

import numpy as np

from gradsim.engine.history import BoundedHistory
from gradsim.engine.trainer import Trainer

from harness import Context, Result, benchmark, interleaved, skipped
from nets import CASES, batch_size, matmul_shapes, step_flops, torch_available, torch_twin, verify

DTYPES = (np.float64, np.float32)
RTOL = {np.dtype(np.float64): 1e-9, np.dtype(np.float32): 2e-4}


def _gradsim_step(spec, dtype, measure: bool):
    tr = Trainer(spec.copy(), history=BoundedHistory(spec.topology.depth), dtype=dtype, measure=measure)

    def step():
        tr.step()

    return tr, step


def _torch_step(trainer, with_norms: bool):
    import torch

    model, linears, loss_fn, params = torch_twin(trainer)
    opt = torch.optim.SGD(params, lr=trainer.spec.train.lr)
    X, T = torch.from_numpy(trainer.x_train.copy()), torch.from_numpy(trainer.t_train.copy())
    n = len(X)
    bs = batch_size(trainer.spec, n)
    if bs >= n:
        batches = itertools.cycle([None])
    else:
        order = torch.from_numpy(np.random.default_rng(1).permutation(n))
        batches = itertools.cycle([order[i:i + bs] for i in range(0, n - bs + 1, bs)])
    weights = [lin.weight for lin in linears]
    log = {}

    def step():
        idx = next(batches)
        xb, tb = (X, T) if idx is None else (X[idx], T[idx])
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), tb)
        loss.backward()
        if with_norms:
            log["grad_norm"] = torch.stack([w.grad.norm() for w in weights]).tolist()
        opt.step()
        log["loss"] = loss.item()

    return step, log


def _matmul_step(spec, n_train, dtype):
    rng = np.random.default_rng(0)
    pairs = [(rng.standard_normal(a).astype(dtype), rng.standard_normal(b).astype(dtype))
             for a, b in matmul_shapes(spec, n_train)]

    def step():
        for a, b in pairs:
            a @ b

    return step


@benchmark("engine step vs PyTorch", group="engine")
def engine_vs_torch(ctx: Context):
    have_torch, why = torch_available()
    if have_torch:
        import torch

        torch.set_num_threads(ctx.threads)
        ctx.info["torch"] = f"{torch.__version__} ({torch.get_num_threads()} intra-op threads)"
    else:
        ctx.info["torch"] = f"not installed ({why}); gradsim reported alone"
        ctx.log("PyTorch is not installed: reporting gradsim alone (pip install torch==2.13.0 for the CPU build)")
    block, blocks = (0.08, 3) if ctx.quick else (0.4, 7)
    for case in CASES:
        for dtype in DTYPES:
            dt = np.dtype(dtype).name
            prefix = f"engine.{case.key}.{dt}"
            spec = case.build()
            tr_on, step_on = _gradsim_step(spec, dtype, True)
            tr_off, step_off = _gradsim_step(spec, dtype, False)
            n_train = len(tr_on.x_train)
            steps = {"gradsim_step": step_on, "gradsim_step_nomeasure": step_off,
                     "numpy_matmul": _matmul_step(spec, n_train, dtype)}
            if have_torch:
                err = verify(tr_on, RTOL[np.dtype(dtype)])
                steps["torch_step_norms"], _ = _torch_step(tr_on, True)
                steps["torch_step"], _ = _torch_step(tr_on, False)
            ctx.log(f"{case.label}, {dt}")
            t = interleaved(steps, block, blocks)
            for tr in (tr_on, tr_off):
                if tr.stopped:
                    raise RuntimeError(f"{case.key}: the run stopped ({tr.nonfinite.message}); timing invalid")
            yield Result(f"{prefix}.gradsim_step", t["gradsim_step"] * 1e6, "us")
            yield Result(f"{prefix}.gradsim_step_nomeasure", t["gradsim_step_nomeasure"] * 1e6, "us")
            flops = step_flops(spec, n_train)
            if have_torch:
                yield Result(f"{prefix}.torch_step_norms", t["torch_step_norms"] * 1e6, "us")
                yield Result(f"{prefix}.torch_step", t["torch_step"] * 1e6, "us")
                yield Result(f"{prefix}.ratio_torch_over_gradsim", t["torch_step_norms"] / t["gradsim_step"],
                             "x", case.target, note=f"verified: max rel. diff {err:.1e}")
            else:
                yield skipped(f"{prefix}.ratio_torch_over_gradsim", "x", case.target, "PyTorch not installed")
            yield Result(f"{prefix}.gflops_gradsim", flops / t["gradsim_step"] / 1e9, "GFLOP/s")
            if have_torch:
                yield Result(f"{prefix}.gflops_torch", flops / t["torch_step_norms"] / 1e9, "GFLOP/s")
            yield Result(f"{prefix}.gflops_numpy_matmul", flops / t["numpy_matmul"] / 1e9, "GFLOP/s",
                         note="bare numpy matmul of the step's products: the ceiling")
