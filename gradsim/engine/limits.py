"""The limits every run shares, whether it comes from a file, the command line or the window.

Ranges of settings are those of the app's control panel (a file may not hold a value the panel
cannot show), so a spec that validates can be displayed and edited without clamping.

Memory: a run must fit in a budget, :func:`memory_budget` bytes (1 GiB unless the environment
variable ``GRADSIM_MEMORY_BUDGET`` says otherwise: a number of bytes, or e.g. ``512M``, ``2G``).
:func:`estimate` counts, before anything is allocated,

* every parameter at :data:`PARAMETER_BYTES` bytes: the network's float64 value, its gradient,
  the clipping and optimiser buffers (momentum, Adam's two moments), the copies snapshots and the
  command line's before/after report take, and the text and Python objects of saving and loading
  it (a saved file holds each parameter and up to two optimiser moments as decimal text);
* every sample of a training batch times every neuron at :data:`BATCH_BYTES` bytes: the forward
  and backward pass keep about eight such arrays (net input, pre-activation, activation, f′, ∂L/∂a …);
* every test sample times every neuron at :data:`EVAL_BYTES` bytes (the evaluation forward pass),
  and :data:`EVAL_CHUNK` more points per neuron for the decision-boundary views' grids, which are
  evaluated that many points at a time;
* every sample of the data set at :data:`SAMPLE_BYTES` bytes.

A ``.gradsim`` file may be at most a quarter of the budget (:func:`max_file_bytes`, 256 MiB by
default), which any network within the budget fits, and its JSON must not need more than the
budget to parse (:func:`parse_bytes`, counted from its brackets and separators before parsing).
"""

from __future__ import annotations

import math
import os
import re

import numpy as np

from .text import Text, brief

# -- settings (the control panel's widget ranges) -------------------------------------------------
LR = (1e-5, 10.0)
MOMENTUM = (0.0, 0.999)
CLIP_VALUE = (1e-3, 1e4)
SEED = (0, 999_999)
BATCH_SIZE = (1, 100_000)           # or null: the whole training set
N_SAMPLES = (4, 100_000)
NOISE = (0.0, 2.0)
INIT_GAIN = (0.0, 100.0)
INIT_VALUE = (-100.0, 100.0)        # uniform's a and b, constant's value
INIT_SIGMA = (0.0, 100.0)           # normal's σ
ALPHA = (0.0, 5.0)                  # LeakyReLU's slope, ELU's scale
MAX_STEP = 10**12                   # a saved run's step count and the optimiser's t
HIDDEN_SIZE = (1, 1024)             # a recurrent layer's units
SEQ_LEN = (1, 1000)                 # a sequence task's steps T, and a truncation window K
SPECTRAL_RADIUS = (0.0, 100.0)      # a recurrent weight matrix's initial largest |eigenvalue|


def check_number(field: str, value, bounds: tuple[float, float]) -> float:
    """``value`` if it is a finite number within ``bounds``; else ValueError naming ``field``."""
    lo, hi = bounds
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not _finite(value) or not lo <= value <= hi:
        raise ValueError(Text("{field}: must be a number between {minimum:g} and {maximum:g}, got {value}",
                              field=field, minimum=lo, maximum=hi, value=brief(value)))
    return value


def check_whole(field: str, value, bounds: tuple[int, int]) -> int:
    """``value`` if it is a whole number (not a bool) within ``bounds``; else ValueError naming ``field``."""
    lo, hi = bounds
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not lo <= value <= hi:
        raise ValueError(Text("{field}: must be a whole number between {minimum} and {maximum}, got {value}",
                              field=field, minimum=lo, maximum=hi, value=brief(value)))
    return value


def _finite(value) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an int beyond float's range
        return False


# -- memory ----------------------------------------------------------------------------------------
BUDGET_ENV = "GRADSIM_MEMORY_BUDGET"
DEFAULT_BUDGET = 1 << 30
PARAMETER_BYTES = 400
BATCH_BYTES = 64
EVAL_BYTES = 40
EVAL_CHUNK = 512  # grid points evaluated at once (gradsim.engine.boundary)
SAMPLE_BYTES = 64
_SUFFIX = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def memory_budget() -> int:
    """Bytes a run may use: ``$GRADSIM_MEMORY_BUDGET`` (``1073741824``, ``512M``, ``2G``) or 1 GiB.

    A value that cannot be read falls back to the default rather than lifting the limit."""
    text = os.environ.get(BUDGET_ENV, "").strip().upper().removesuffix("B").removesuffix("I")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMGT]?)", text)
    if not m:
        return DEFAULT_BUDGET
    value = int(float(m.group(1)) * _SUFFIX[m.group(2)])
    return value if value > 0 else DEFAULT_BUDGET


def max_file_bytes(budget: int | None = None) -> int:
    """The largest ``.gradsim`` file read: a quarter of the budget."""
    return (memory_budget() if budget is None else budget) // 4


def parse_bytes(text) -> int:
    """An upper estimate of what ``json.loads(text)`` allocates, counted without parsing.

    Containers and numbers cost far more as Python objects than as text (``[],`` is 3 characters
    and a 56-byte list; ``1e5,`` 4 characters and a 32-byte float), so counting brackets and
    separators bounds the parse of a hostile file that is small on disk.
    """
    count = text.count
    if isinstance(text, (bytes, bytearray)):
        br, bc, comma, colon = b"[", b"{", b",", b":"
    else:
        br, bc, comma, colon = "[", "{", ",", ":"
    return 2 * len(text) + 64 * count(br) + 240 * count(bc) + 40 * (count(comma) + count(colon))


def human(n: float) -> str:
    """``1.5 GB``-style size for messages."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{int(n)} bytes"


def estimate(spec) -> dict[str, int]:
    """Bytes a :class:`RunSpec` would use, by part (keys are the fields that make each part big):
    ``network.layers`` (parameters, boundary grids), ``training.batch_size`` (one step's arrays),
    ``data.test_fraction`` (evaluating the test set), ``data.n_samples`` (the data itself).

    ``spec`` must already have passed the range checks (sizes, sample counts)."""
    if spec.recurrent is not None:
        return _estimate_recurrent(spec)
    topo, train, data = spec.topology, spec.train, spec.data
    n_train, n_test = data.split()
    batch = n_train if train.batch_size is None else min(int(train.batch_size), n_train)
    neurons = sum(topo.sizes)
    return {
        "network.layers": PARAMETER_BYTES * topo.n_parameters() + EVAL_BYTES * EVAL_CHUNK * neurons,
        "training.batch_size": BATCH_BYTES * batch * neurons,
        "data.test_fraction": EVAL_BYTES * n_test * neurons,
        "data.n_samples": SAMPLE_BYTES * (n_train + n_test),
    }


def _estimate_recurrent(spec) -> dict[str, int]:
    """:func:`estimate` for a recurrent network: its parameters, a step's arrays (each of a batch's
    samples × T steps × (gates + 2)·H units, the passes keeping about eight such arrays), the test
    set's evaluation pass (a batch's worth of sequences at a time), and the sequences themselves."""
    from .sequences import INPUT_SIZES

    r, train, data = spec.recurrent, spec.train, spec.data
    n_train, n_test = data.split()
    batch = n_train if train.batch_size is None else min(int(train.batch_size), n_train)
    n_in, n_out = INPUT_SIZES[data.name], spec.topology.output.size
    per_step = (r.gates + 2) * r.hidden_size + n_in + n_out
    return {
        "recurrent.hidden_size": PARAMETER_BYTES * r.n_trainable(n_in, n_out),
        "recurrent.seq_len": BATCH_BYTES * batch * r.seq_len * per_step,
        "data.test_fraction": EVAL_BYTES * min(n_test, batch) * r.seq_len * per_step,
        "data.n_samples": SAMPLE_BYTES * (n_train + n_test) * r.seq_len,
    }
