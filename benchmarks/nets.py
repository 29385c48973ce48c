"""The benchmark networks, built identically in gradsim and (optionally) in PyTorch.

Each :class:`NetCase` yields a gradsim :class:`RunSpec`; :func:`torch_twin` builds the same network
in PyTorch with gradsim's initial weights copied over, so both compute the same loss and gradients
(checked by :func:`verify` before anything is timed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from gradsim.engine.datasets import DataSpec
from gradsim.engine.initializers import Init
from gradsim.engine.presets import load_preset
from gradsim.engine.spec import RunSpec, TrainConfig
from gradsim.engine.topology import LayerSpec, Topology


@dataclass(frozen=True)
class NetCase:
    key: str
    label: str
    build: Callable[[], RunSpec]
    target: str  # ratio torch/gradsim with every gradsim measurement on


def _mlp(hidden: int, width: int, activation: str, batch: int) -> RunSpec:
    layers = [LayerSpec(width, activation) for _ in range(hidden)] + [LayerSpec(1, "sigmoid")]
    init = Init("xavier_uniform") if activation in ("sigmoid", "tanh") else Init("he_uniform")
    return RunSpec(
        Topology(2, layers), weight_init=init, bias_init=Init("constant", value=0.0),
        train=TrainConfig(loss="bce", optimizer="sgd", lr=0.01, batch_size=batch, seed=0),
        data=DataSpec("circles", n_samples=1280, noise=0.05, test_fraction=0.2),
        name=f"{hidden}x{width}-{activation}-b{batch}")


CASES = [
    NetCase("seed", "seed 2-2-2, 1 sample", lambda: load_preset("seed-2-2-2"), ">= 3"),
    NetCase("deep_narrow", "deep narrow 20x16 sigmoid, batch 32", lambda: _mlp(20, 16, "sigmoid", 32), ">= 3"),
    NetCase("medium", "medium 6x128 relu, batch 128", lambda: _mlp(6, 128, "relu", 128), ">= 1"),
    NetCase("wide", "wide 3x1024 relu, batch 256", lambda: _mlp(3, 1024, "relu", 256), ">= 0.909"),
]


def batch_size(spec: RunSpec, n_train: int) -> int:
    bs = spec.train.batch_size
    return n_train if bs is None or bs >= n_train else bs


def step_flops(spec: RunSpec, n_train: int) -> float:
    """Multiply-adds ×2 of one step's matrix products: forward a·Wᵀ, dW = dzᵀ·a, da = dz·W."""
    sizes = spec.topology.sizes
    bs = batch_size(spec, n_train)
    return sum(3 * 2.0 * bs * sizes[k] * sizes[k + 1] for k in range(len(sizes) - 1))


def matmul_shapes(spec: RunSpec, n_train: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The (left, right) operand shapes of every matrix product of one step."""
    sizes = spec.topology.sizes
    bs = batch_size(spec, n_train)
    out = []
    for k in range(len(sizes) - 1):
        n_in, n_out = sizes[k], sizes[k + 1]
        out += [((bs, n_in), (n_in, n_out)),     # z = a Wᵀ
                ((n_out, bs), (bs, n_in)),       # dW = dzᵀ a
                ((bs, n_out), (n_out, n_in))]    # da = dz W
    return out


# -- PyTorch twin ----------------------------------------------------------------------------------
def torch_available() -> tuple[bool, str]:
    try:
        import torch  # noqa: F401
    except Exception as exc:  # ImportError, or a broken install
        return False, f"{type(exc).__name__}: {exc}"
    return True, ""


def torch_twin(trainer):
    """``(model, linears, loss_fn, params)`` equal to ``trainer``'s network as it is now."""
    import torch

    spec = trainer.spec
    net = trainer.network
    tdtype = {np.dtype(np.float64): torch.float64, np.dtype(np.float32): torch.float32}[net.dtype]
    acts = {"sigmoid": torch.nn.Sigmoid, "relu": torch.nn.ReLU, "tanh": torch.nn.Tanh}
    modules, linears = [], []
    layers = spec.topology.layers
    loss = spec.train.loss
    for k, layer in enumerate(layers):
        if layer.batch_norm or layer.residual_from is not None or spec.topology.mask(k) is not None:
            raise ValueError("torch_twin supports plain dense MLPs only")
        lin = torch.nn.Linear(net.sizes[k], net.sizes[k + 1], dtype=tdtype)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(net.W[k].copy()))
            lin.bias.copy_(torch.from_numpy(net.b[k].copy()))
        if not spec.train.train_biases:
            lin.bias.requires_grad_(False)
        modules.append(lin)
        linears.append(lin)
        last = k == len(layers) - 1
        if last and loss == "bce":
            continue  # fused: BCEWithLogitsLoss takes the pre-activation, as gradsim's bce does
        modules.append(acts[layer.activation]())
    model = torch.nn.Sequential(*modules)
    if loss == "bce":
        loss_fn = torch.nn.BCEWithLogitsLoss()
    elif loss == "half-sse":
        def loss_fn(out, target):
            return 0.5 * ((target - out) ** 2).sum() / out.shape[0]
    else:
        raise ValueError(f"torch_twin: loss {loss!r} not mapped")
    params = [p for p in model.parameters() if p.requires_grad]
    return model, linears, loss_fn, params


def verify(trainer, rtol: float) -> float:
    """Max relative difference between gradsim and torch in loss, gradients and updated weights.

    Runs on a *copy* of the trainer's first batch; raises AssertionError above ``rtol``.
    """
    import torch

    from gradsim.engine.trainer import Trainer

    probe = Trainer(trainer.spec.copy(), dtype=trainer.network.dtype)
    model, linears, loss_fn, params = torch_twin(probe)
    n_train = len(probe.x_train)
    bs = batch_size(probe.spec, n_train)
    x, t = probe.x_train[:bs].copy(), probe.t_train[:bs].copy()
    net, cfg = probe.network, probe.spec.train
    net.forward(x, training=True)
    g_loss = net.loss_value(t, cfg.loss)
    net.backward(t, cfg.loss)
    out = loss_fn(model(torch.from_numpy(x)), torch.from_numpy(t))
    out.backward()

    def rel(a, b):
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        scale = max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-300)
        return float(np.max(np.abs(a - b)) / scale)

    worst = rel(g_loss, out.item())
    for k, lin in enumerate(linears):
        worst = max(worst, rel(net.dW[k], lin.weight.grad.numpy()))
        if cfg.train_biases:
            worst = max(worst, rel(net.db[k], lin.bias.grad.numpy()))
    # One full step each from the same weights: the updated weights must agree too.
    fresh = Trainer(trainer.spec.copy(), dtype=trainer.network.dtype)
    fresh._cursor, fresh._order = 0, np.arange(n_train)  # first batch = the first bs samples
    fresh.step()
    opt = torch.optim.SGD(params, lr=cfg.lr)
    opt.step()
    for k, lin in enumerate(linears):
        worst = max(worst, rel(fresh.network.W[k], lin.weight.detach().numpy()))
    if not worst <= rtol:
        raise AssertionError(f"gradsim and torch disagree on {trainer.spec.name}: max rel. diff {worst:.3g}")
    return worst
