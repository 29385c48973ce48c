"""Central finite differences for every parameter of a network (shared by the gradient tests).

The five-point central stencil (error O(h⁴)) keeps truncation error far below the 1e-6 tolerance
even where the loss is sharply curved (batch norm over two samples, saturated sigmoids)."""

import numpy as np

H = 1e-5
REL_TOL = 1e-6
ABS_FLOOR = 1e-8  # gradients below this are compared absolutely: relative error is meaningless at 0,
# and batch norm over a zero-variance unit amplifies round-off by 1/sqrt(eps) ≈ 316


def numeric_grad(net, x, t, loss, param, index):
    old = param[index]

    def f(delta):
        param[index] = old + delta
        net.forward(x)
        return net.loss_value(t, loss)

    with np.errstate(all="ignore"):
        value = (-f(2 * H) + 8 * f(H) - 8 * f(-H) + f(-2 * H)) / (12 * H)
    param[index] = old
    return value


def check_all(net, x, t, loss):
    """Return the worst (error, name, index, analytic, numeric) over every parameter entry."""
    with np.errstate(all="ignore"):
        net.forward(x)
        net.loss_value(t, loss)
        net.backward(t, loss)
    names = net.parameter_names()
    grads = [g.copy() for g in net.gradients()]
    worst = (0.0, None, None, None, None)
    for name, p, g in zip(names, net.parameters(), grads):
        mask = net.masks[int(name[1:]) - 1] if name.startswith("W") else None
        for idx in np.ndindex(p.shape):
            if mask is not None and mask[idx] == 0:
                assert g[idx] == 0.0, f"masked edge {name}{idx} has a gradient"
                continue
            num = numeric_grad(net, x, t, loss, p, idx)
            err = abs(num - g[idx]) / max(abs(num), abs(g[idx]), ABS_FLOOR / REL_TOL)
            if err > worst[0]:
                worst = (err, name, idx, g[idx], num)
    return worst
