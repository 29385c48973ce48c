"""Recurrent cells against PyTorch (float64, CPU): the same weights in PyTorch's layout give the same
outputs, loss, parameter gradients and per-time-step gradient norms ‖∂L/∂h_t‖ (and an LSTM's
‖∂L/∂c_t‖), read from ``retain_grad`` on every h_t and c_t. Skipped without PyTorch."""

import numpy as np
import pytest

from gradsim.engine.cells import CELL_NAMES
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer
from tests.engine.recurrent_reference import small_spec

torch = pytest.importorskip("torch")

RTOL = 1e-9


def torch_pass(net, X, Y, loss_name, bptt=None):
    """PyTorch's forward and backward of ``net``'s parameters on (X, Y): outputs, loss, gradients
    by name, ‖∂L/∂h_t‖ and ‖∂L/∂c_t‖ for t = 1..T. ``bptt``: a many-to-one task's window (the
    state K steps before the end detached)."""
    H, n_in = net.H, net.n_in
    make = {"rnn-tanh": lambda: torch.nn.RNNCell(n_in, H, nonlinearity="tanh"),
            "rnn-relu": lambda: torch.nn.RNNCell(n_in, H, nonlinearity="relu"),
            "lstm": lambda: torch.nn.LSTMCell(n_in, H), "gru": lambda: torch.nn.GRUCell(n_in, H)}
    cell = make[net.cell_name]().double()
    readout = torch.nn.Linear(H, net.n_out).double()
    with torch.no_grad():
        for key in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(cell, key).copy_(torch.from_numpy(getattr(net, key).copy()))
        readout.weight.copy_(torch.from_numpy(net.W[0].copy()))
        readout.bias.copy_(torch.from_numpy(net.b[0].copy()))
    x = torch.from_numpy(np.ascontiguousarray(X))
    B, T = X.shape[:2]
    h = torch.zeros(B, H, dtype=torch.float64)
    c = torch.zeros(B, H, dtype=torch.float64)
    hs, cs = [], []
    for t in range(T):
        if bptt is not None and t == T - bptt:
            h, c = h.detach(), c.detach()
        if net.cell_name == "lstm":
            h, c = cell(x[:, t], (h, c))
            c.retain_grad()
            cs.append(c)
        else:
            h = cell(x[:, t], h)
        h.retain_grad()
        hs.append(h)
    rows = torch.cat(hs) if net.many_to_many else hs[-1]   # time-major, as the engine's readout
    u = readout(rows)
    target = torch.from_numpy(net.target_rows(Y))
    if loss_name == "bce":
        loss = torch.nn.functional.binary_cross_entropy_with_logits(u, target)
        out = torch.sigmoid(u)
    elif loss_name == "mse":
        out = u
        loss = torch.nn.functional.mse_loss(u, target)
    elif loss_name == "half-sse":
        out = u
        loss = 0.5 * ((u - target) ** 2).sum() / u.shape[0]
    else:
        out = torch.softmax(u, dim=1)
        loss = -(target * torch.log_softmax(u, dim=1)).sum() / u.shape[0]
    loss.backward()
    grads = {k: getattr(cell, k).grad.numpy() for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
    grads.update(W=readout.weight.grad.numpy(), b=readout.bias.grad.numpy())
    zero = torch.zeros(B, H, dtype=torch.float64)
    hn = np.array([(v.grad if v.grad is not None else zero).norm().item() for v in hs])
    cn = np.array([(v.grad if v.grad is not None else zero).norm().item() for v in cs]) if cs else None
    return out.detach().numpy(), loss.item(), grads, hn, cn


def rel(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = max(np.max(np.abs(a)), np.max(np.abs(b)))
    return float(np.max(np.abs(a - b)) / scale) if scale > 0 else 0.0


def compare(spec, n=8, bptt=None, steps=2) -> float:
    """The largest relative difference between gradsim and PyTorch over everything compared, after
    ``steps`` training steps (weights that training has moved)."""
    tr = Trainer(spec)
    tr.run(steps)
    net = tr.network
    X, Y = tr.x_train[:n], tr.t_train[:n]
    loss_name = spec.train.loss
    with np.errstate(all="ignore"):  # a learned net's saturated output underflows harmlessly
        out = net.forward(X)
        loss = net.loss_value(Y, loss_name)
        net.backward(Y, loss_name)
    t_out, t_loss, t_grads, t_hn, t_cn = torch_pass(net, X, Y, loss_name, bptt)
    diffs = [rel(out, t_out), rel(loss, t_loss)]
    diffs += [rel(net.grads[k], t_grads[k]) for k in t_grads]
    ws = net.workspace
    diffs.append(rel(np.sqrt((ws.dh[1:] ** 2).sum(axis=(1, 2))), t_hn))
    if t_cn is not None:
        diffs.append(rel(np.sqrt((ws.dc[1:] ** 2).sum(axis=(1, 2))), t_cn))
    return max(diffs)


@pytest.mark.parametrize("cell", CELL_NAMES)
@pytest.mark.parametrize("task", ["memory", "sine-next", "adding", "parity"])
def test_every_cell_agrees_with_pytorch(cell, task):
    assert compare(small_spec(cell, task, T=7, H=5)) <= RTOL


@pytest.mark.parametrize("cell", CELL_NAMES)
def test_truncated_bptt_agrees_with_pytorch_detaching_the_state(cell):
    """A many-to-one task's window of K: PyTorch with h (and c) detached K steps before the end."""
    assert compare(small_spec(cell, "memory", T=9, H=4, bptt=3), bptt=3) <= RTOL


@pytest.mark.parametrize("preset", ["rnn-vanishing", "rnn-lstm", "rnn-gru", "rnn-irnn"])
def test_the_presets_agree_with_pytorch(preset):
    """T = 30 and H = 16 at the start, where the gradient spans nine orders of magnitude over time
    (rnn-vanishing); rnn-irnn has learned the task (every gradient 0) after a few steps."""
    assert compare(load_preset(preset), n=32, steps=0) <= RTOL
