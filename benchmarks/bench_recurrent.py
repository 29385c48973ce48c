"""Recurrent training step time against PyTorch eager on the same cell (float64, CPU).

For ``rnn-tanh``, ``gru`` and ``lstm`` with T = 50 time steps, H = 16 hidden units, batch 32, on the
memory task (one input, a sigmoid readout on the last hidden state, BCE, plain SGD):

* ``gradsim_step``      :meth:`Trainer.step` with every measurement on — among them ‖∂L/∂h_t‖ for
                        every t (and ‖∂L/∂c_t‖ for the LSTM), the per-step gains, the gate means and
                        every parameter's gradient norm — recording into a :class:`BoundedHistory`;
* ``torch_step_norms``  PyTorch eager unrolled with ``nn.RNNCell``/``GRUCell``/``LSTMCell`` (an
                        ``nn.RNN`` returns only the last layer's outputs, whose ``.grad`` is the
                        direct part, not the total gradient reaching each h_t): zero_grad →
                        forward with ``retain_grad()`` on every h_t (and c_t) → BCE → backward →
                        the per-time-step norms and the parameters' gradient norms as Python floats
                        (one ``torch.stack(...).tolist()`` each) → ``SGD.step`` → ``loss.item()``;
* ``ratio``             torch_step_norms / gradsim_step (> 1: gradsim faster), target ≥ 1.

Both sides draw a fresh mini-batch by index every step and start from the same weights; before
timing, one step on the same batch is compared (loss, every gradient, every ‖∂L/∂h_t‖).
"""

from __future__ import annotations

import itertools

import numpy as np

from gradsim.engine.datasets import DataSpec
from gradsim.engine.history import BoundedHistory
from gradsim.engine.initializers import Init
from gradsim.engine.recurrent import RecurrentSpec
from gradsim.engine.spec import RunSpec, TrainConfig
from gradsim.engine.topology import LayerSpec, Topology
from gradsim.engine.trainer import Trainer

from harness import Context, Result, benchmark, interleaved, skipped
from nets import torch_available

CELLS = ("rnn-tanh", "gru", "lstm")
T, H, BATCH = 50, 16, 32


def spec_for(cell: str) -> RunSpec:
    return RunSpec(Topology(H, [LayerSpec(1, "sigmoid")]), weight_init=Init("xavier_uniform"),
                   bias_init=Init("uniform", a=-0.25, b=0.25),
                   train=TrainConfig(loss="bce", optimizer="sgd", lr=0.05, batch_size=BATCH, seed=0),
                   data=DataSpec("memory", n_samples=1024, noise=0.5, test_fraction=0.2),
                   recurrent=RecurrentSpec(cell, H, T, None, Init("xavier_uniform"), Init("orthogonal")))


def torch_twin(trainer):
    """PyTorch's cell and readout holding the trainer's current weights, and its parameters."""
    import torch

    net = trainer.network
    make = {"rnn-tanh": lambda: torch.nn.RNNCell(net.n_in, H, nonlinearity="tanh"),
            "gru": lambda: torch.nn.GRUCell(net.n_in, H), "lstm": lambda: torch.nn.LSTMCell(net.n_in, H)}
    cell = make[net.cell_name]().double()
    readout = torch.nn.Linear(H, 1).double()
    with torch.no_grad():
        for key in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(cell, key).copy_(torch.from_numpy(getattr(net, key).copy()))
        readout.weight.copy_(torch.from_numpy(net.W[0].copy()))
        readout.bias.copy_(torch.from_numpy(net.b[0].copy()))
    return cell, readout, [*cell.parameters(), *readout.parameters()]


def torch_pass(cell, readout, params, xb, tb, lstm: bool):
    """Forward with every h_t (and c_t) retained, loss, backward, and the per-step and per-parameter
    gradient norms as floats: what watching gradients through time takes in PyTorch."""
    import torch

    B = xb.shape[0]
    h = torch.zeros(B, H, dtype=torch.float64)
    c = torch.zeros(B, H, dtype=torch.float64)
    hs, cs = [], []
    for t in range(xb.shape[1]):
        if lstm:
            h, c = cell(xb[:, t], (h, c))
            c.retain_grad()
            cs.append(c)
        else:
            h = cell(xb[:, t], h)
        h.retain_grad()
        hs.append(h)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(readout(h), tb)
    loss.backward()
    out = {"time_grad_norm": torch.stack([v.grad.norm() for v in hs]).tolist(),
           "grad_norm": torch.stack([p.grad.norm() for p in params]).tolist()}
    if lstm:
        out["cell_grad_norm"] = torch.stack([v.grad.norm() for v in cs]).tolist()
    return loss, out


def verify(trainer) -> float:
    """One step of both on the same batch: the largest relative difference in loss, gradients and
    ‖∂L/∂h_t‖ (the trainer itself is left untouched)."""
    import torch

    from gradsim.engine.recurrent_chain_rule import RecurrentDeriver

    x, t = trainer.x_train[:BATCH], trainer.t_train[:BATCH]
    d = RecurrentDeriver(trainer, x, t)       # a scratch pass of the trainer's network
    net = d.net
    cell, readout, params = torch_twin(trainer)
    loss, out = torch_pass(cell, readout, params, torch.from_numpy(x.copy()), torch.from_numpy(t.copy()),
                           net.cell_name == "lstm")

    def rel(a, b):
        a, b = np.asarray(a, float), np.asarray(b, float)
        return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300))

    ws = net.workspace
    diffs = [abs(d.loss - loss.item()) / abs(loss.item()),
             rel(np.sqrt((ws.dh[1:] ** 2).sum(axis=(1, 2))), out["time_grad_norm"])]
    for key, p in zip(("weight_ih", "weight_hh", "bias_ih", "bias_hh", "W", "b"), params):
        diffs.append(rel(net.grads[key], p.grad.numpy()))
    return max(diffs)


def _gradsim_step(cell):
    tr = Trainer(spec_for(cell), history=BoundedHistory(1))

    def step():
        tr.step()

    return tr, step


def _torch_step(trainer):
    import torch

    cell, readout, params = torch_twin(trainer)
    opt = torch.optim.SGD(params, lr=trainer.spec.train.lr)
    X, Y = torch.from_numpy(trainer.x_train.copy()), torch.from_numpy(trainer.t_train.copy())
    n = len(X)
    order = torch.from_numpy(np.random.default_rng(1).permutation(n))
    batches = itertools.cycle([order[i:i + BATCH] for i in range(0, n - BATCH + 1, BATCH)])
    lstm = trainer.network.cell_name == "lstm"
    log = {}

    def step():
        idx = next(batches)
        opt.zero_grad(set_to_none=True)
        loss, log["norms"] = torch_pass(cell, readout, params, X[idx], Y[idx], lstm)
        opt.step()
        log["loss"] = loss.item()

    return step


@benchmark("recurrent step vs PyTorch (T=50, H=16, batch 32)", group="engine")
def recurrent_vs_torch(ctx: Context):
    have_torch, why = torch_available()
    if have_torch:
        import torch

        torch.set_num_threads(ctx.threads)
    block, blocks = (0.08, 3) if ctx.quick else (0.4, 7)
    for cell in CELLS:
        prefix = f"recurrent.{cell}"
        tr, step = _gradsim_step(cell)
        steps = {"gradsim_step": step}
        if have_torch:
            err = verify(tr)
            steps["torch_step_norms"] = _torch_step(tr)
        ctx.log(f"{cell}, T={T}, H={H}, batch {BATCH}")
        t = interleaved(steps, block, blocks)
        if tr.stopped:
            raise RuntimeError(f"{cell}: the run stopped ({tr.nonfinite.message}); timing invalid")
        yield Result(f"{prefix}.gradsim_step", t["gradsim_step"] * 1e6, "us")
        if have_torch:
            yield Result(f"{prefix}.torch_step_norms", t["torch_step_norms"] * 1e6, "us")
            yield Result(f"{prefix}.ratio_torch_over_gradsim", t["torch_step_norms"] / t["gradsim_step"], "x",
                         ">= 1", note=f"verified: max rel. diff {err:.1e}")
        else:
            yield skipped(f"{prefix}.ratio_torch_over_gradsim", "x", ">= 1", "PyTorch not installed")
