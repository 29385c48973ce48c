"""An independent reference for recurrent networks: the cells written from their definitions (as
``torch.nn.RNN``/``LSTM``/``GRU`` document them), plain loops, no caches — and the truncated-BPTT
objective, so finite differences of it check the engine's truncated gradient.

The truncated objective: each loss term L_s is computed from the state h_{s−K} (and c_{s−K}) of
a *frozen* forward pass, running only the last K cells with the parameters being varied. Its
gradient at the frozen parameters is exactly truncated BPTT's (K ≥ T: the full gradient).
"""

import numpy as np

from gradsim.engine import losses
from gradsim.engine.spec import RunSpec, TrainConfig
from gradsim.engine.datasets import DataSpec
from gradsim.engine.initializers import Init
from gradsim.engine.recurrent import RecurrentSpec
from gradsim.engine.topology import LayerSpec, Topology

TASKS = {  # task → (outputs, readout activation, loss)
    "memory": (1, "sigmoid", "bce"),
    "parity": (2, "softmax", "cross-entropy"),
    "adding": (1, "linear", "half-sse"),
    "sine-next": (1, "linear", "mse"),
}


def small_spec(cell, task="memory", T=5, H=3, bptt=None, seed=0, n=12, scale=0.8):
    out, act, loss = TASKS[task]
    return RunSpec(Topology(H, [LayerSpec(out, act)]), weight_init=Init("normal", sigma=0.6),
                   bias_init=Init("uniform", a=-0.4, b=0.4),
                   train=TrainConfig(loss=loss, optimizer="sgd", lr=0.1, batch_size=4, seed=seed),
                   data=DataSpec(task, n_samples=n, noise=0.5, test_fraction=0.25),
                   recurrent=RecurrentSpec(cell, H, T, bptt, Init("normal", sigma=scale), Init("normal", sigma=scale)))


def _sig(x):
    return 1.0 / (1.0 + np.exp(-x))


def cell_step(cell, x, h, c, P):
    """One step of ``cell`` from (h, c) on inputs x (batch rows); P holds the four arrays."""
    H = h.shape[1]
    a = x @ P["weight_ih"].T + P["bias_ih"]
    b = h @ P["weight_hh"].T + P["bias_hh"]
    if cell == "rnn-tanh":
        return np.tanh(a + b), c
    if cell == "rnn-relu":
        return np.maximum(a + b, 0.0), c
    if cell == "lstm":
        z = a + b
        i, f, g, o = _sig(z[:, :H]), _sig(z[:, H:2 * H]), np.tanh(z[:, 2 * H:3 * H]), _sig(z[:, 3 * H:])
        c2 = f * c + i * g
        return o * np.tanh(c2), c2
    r = _sig(a[:, :H] + b[:, :H])
    z = _sig(a[:, H:2 * H] + b[:, H:2 * H])
    n = np.tanh(a[:, 2 * H:] + r * b[:, 2 * H:])
    return (1 - z) * n + z * h, c


def states(cell, X, P, H):
    """h_0 … h_T and c_0 … c_T of sequences X (batch, T, inputs)."""
    B, T = X.shape[:2]
    hs, cs = [np.zeros((B, H))], [np.zeros((B, H))]
    for t in range(T):
        h, c = cell_step(cell, X[:, t], hs[-1], cs[-1], P)
        hs.append(h)
        cs.append(c)
    return hs, cs


def truncated_loss(net, spec, X, Y, P, frozen, K):
    """Σ_s L_s with h_{s−K}, c_{s−K} taken from ``frozen`` (see the module); the readout and the
    loss as the engine defines them (a many-to-many task's rows time-major)."""
    cell, T = spec.recurrent.cell, X.shape[1]
    hs0, cs0 = frozen
    terms = range(1, T + 1) if net.many_to_many else [T]
    outs = []
    for s in terms:
        start = max(0, s - K)
        h, c = hs0[start], cs0[start]
        for t in range(start, s):
            h, c = cell_step(cell, X[:, t], h, c, P)
        outs.append(h)
    rows = np.concatenate(outs)
    u = rows @ P["W"].T + P["b"]
    out = net.output_activation.forward(u)
    return losses.value(spec.train.loss, out, net.target_rows(Y), u)
