"""Hostile ``.gradsim`` files, generated deterministically: mutations of every preset's saved file.

Shared by the repository's bounded fuzz test (``tests/test_fuzz_files.py``) and the large campaign
(``benchmarks/fuzz_files.py``). ``mutant(i)`` is a pure function of ``i``: the same number always
gives the same file, so any failure is reproducible by its number alone.

The seeds are each preset saved after a few training steps with SGD, momentum and Adam (so the
files carry parameters and a full run state: step, optimiser moments, batch order, random state).
Mutations: delete a field, retype it, set an extreme number (−0.0, 2³¹, 1e308, 10⁴⁰⁰ …), damage
the run state (the random state, the order, the moments, nesting), resize an array, add an unknown
field, truncate or corrupt the text — one to three at a time; or, for about a third of the files,
plausible edits within the documented ranges (ends of ranges, other activations, losses, data
sets, batch norm, residual links), which mostly load and so exercise building and training.
"""

from __future__ import annotations

import json
import random
from functools import lru_cache

EXTREMES = [0, -0.0, 0.0, -1, 1, 2, 3, 0.5, -0.5, 1e-308, 5e-324, 1e308, -1e308, 1.7976931348623157e308,
            2**31 - 1, 2**31, 2**32, 2**53 + 1, 2**63, 2**64, 2**128, 2**128 - 1, -(2**63), 10**40, 10**400,
            1e20, 100, 101, 4096, 4097, 999_999, 1_000_000, 100_000, 100_001, 1e-5, 9e-6, 10, 10.5, 0.999,
            1.0, 256, 257, -1e-300]
ODD_VALUES = [None, True, False, "", "x", "sigmoid", "softmax", "nan", "NaN", "Infinity", "\u0000", "é" * 3,
              "9" * 50, [], {}, [1], [[1]], {"a": 1}, [None], ["x"], [[0.1, "a"]], [[1, 2], [3]]]


def _deep(levels: int):
    v = 0
    for _ in range(levels):
        v = [v]
    return v


@lru_cache(maxsize=None)
def seeds() -> tuple[str, ...]:
    """Each preset's saved file (as text) after 7 steps of SGD, momentum and Adam."""
    from gradsim.engine import fileformat
    from gradsim.engine.presets import ALL_PRESETS, load_preset
    from gradsim.engine.trainer import Trainer

    out = []
    for name in ALL_PRESETS:
        for optimizer in ("sgd", "momentum", "adam"):
            spec = load_preset(name)
            spec.train.optimizer = optimizer
            tr = Trainer(spec)
            tr.run(7)
            out.append(fileformat.dumps(spec, tr.network.state(), tr.step_count, tr.resume_state()))
    return tuple(out)


def _paths(node, prefix=()):
    """Every path into the document (dict keys and list indices), containers included."""
    yield prefix
    if len(prefix) > 12:  # a nest an earlier mutation made: its top is enough
        return
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        # long lists (weights, moments, orders): a few indices are enough
        idx = range(len(node)) if len(node) <= 6 else (0, 1, len(node) // 2, len(node) - 1)
        for i in idx:
            yield from _paths(node[i], prefix + (i,))


def _get(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def _set(doc, path, value):
    if not path:
        return value
    _get(doc, path[:-1])[path[-1]] = value
    return doc


def _delete(doc, path):
    parent = _get(doc, path[:-1])
    del parent[path[-1]]
    return doc


PLAUSIBLE = {  # values a user could well write: within or just at the ends of the documented ranges
    ("training", "lr"): [1e-5, 10, 5.0, 0.001], ("training", "momentum"): [0, 0.999, 0.5],
    ("training", "batch_size"): [None, 1, 2, 3, 100_000, 7], ("training", "seed"): [0, 999_999, 12345],
    ("training", "clip_mode"): ["none", "norm", "value"], ("training", "clip_value"): [1e-3, 1e4, 0.5],
    ("training", "optimizer"): ["sgd", "momentum", "adam"], ("training", "train_biases"): [True, False],
    ("training", "loss"): ["half-sse", "mse", "bce", "cross-entropy"],
    ("data", "n_samples"): [4, 5, 7, 100_000, 1000], ("data", "noise"): [0, 2, -0.0, 1e-300],
    ("data", "test_fraction"): [0, 0.5, 0.7, 0.999, 0.25], ("data", "name"): ["xor", "circles", "spiral", "sine",
                                                                             "gaussians", "seed"],
    ("init", "weights"): [{"name": "uniform", "a": -100, "b": 100}, {"name": "normal", "sigma": 100, "gain": 100},
                          {"name": "constant", "value": -100}, {"name": "he_normal", "gain": 0},
                          {"name": "uniform", "a": -0.0, "b": -0.0}, {"name": "normal", "sigma": -0.0},
                          {"name": "xavier_uniform", "gain": 100}],
    ("init", "biases"): [{"name": "constant", "value": 100}, {"name": "uniform", "a": -100, "b": 100}],
    ("recurrent", "cell"): ["rnn-tanh", "rnn-relu", "lstm", "gru"], ("recurrent", "seq_len"): [1, 2, 7, 1000],
    ("recurrent", "bptt"): [None, 1, 3, 1000], ("recurrent", "hidden_size"): [1, 3, 16],
    ("recurrent", "spectral_radius"): [None, 0, 100, 1.5], ("recurrent", "gate_bias"): [-100, 0, 100],
    ("recurrent", "recurrent_init"): [{"name": "identity"}, {"name": "orthogonal", "gain": 100}],
}


def _plausible(rng: random.Random, doc):
    """An edit within the documented ranges (a network change drops the saved weights and state,
    as the app's edits do); these files load, so they exercise building and training."""
    choice = rng.random()
    if choice < 0.6:
        (part, key), values = rng.choice(list(PLAUSIBLE.items()))
        doc.setdefault(part, {})[key] = json.loads(json.dumps(rng.choice(values)))
        return doc, f"plausible {part}.{key}"
    layers = doc["network"]["layers"]
    k = rng.randrange(len(layers))
    key, value = rng.choice([("activation", rng.choice(["sigmoid", "tanh", "relu", "leaky_relu", "elu", "linear",
                                                         "softmax"])),
                             ("batch_norm", rng.choice([True, False])), ("alpha", rng.choice([None, 0, 5, 0.3])),
                             ("residual_from", rng.choice([None, 0, k, max(0, k - 1)])),
                             ("size", rng.choice([1, 2, 3, 64]))])
    layers[k][key] = value
    if key in ("size", "residual_from", "batch_norm"):
        doc["parameters"] = None
        doc.pop("state", None)
    return doc, f"plausible network.layers[{k}].{key}"


def _mutate_doc(rng: random.Random, doc):
    paths = [p for p in _paths(doc) if p]
    state_paths = [p for p in paths if p[0] == "state"]
    kind = rng.choice(["delete", "retype", "extreme", "extreme", "state", "state", "state", "resize",
                       "unknown", "swap", "nest"])
    if kind == "state" and state_paths:
        path = rng.choice(state_paths)
        choice = rng.random()
        if choice < 0.5:
            return _set(doc, path, rng.choice(EXTREMES + ODD_VALUES)), f"state {path}"
        if choice < 0.7:
            return _set(doc, path, _deep(rng.choice([3, 50, 500, 900]))), f"state nested {path}"
        if choice < 0.85 and isinstance(_get(doc, path), list):
            lst = _get(doc, path)
            lst.append(rng.choice([0, len(lst), -1, 1e308, 0.5]))
            return doc, f"state grown {path}"
        return _delete(doc, path), f"state deleted {path}"
    path = rng.choice(paths)
    if kind == "delete":
        return _delete(doc, path), f"deleted {path}"
    if kind == "retype":
        return _set(doc, path, rng.choice(ODD_VALUES)), f"retyped {path}"
    if kind in ("extreme", "state"):
        return _set(doc, path, rng.choice(EXTREMES)), f"extreme {path}"
    if kind == "resize":
        node = _get(doc, path)
        if isinstance(node, list):
            n = rng.choice([0, 1, len(node) - 1, len(node) + 1, 2 * len(node), 300, 5000])
            filler = node[0] if node else 0
            return _set(doc, path, (node * (n // max(len(node), 1) + 1))[:n] if node else [filler] * n), \
                f"resized {path} to {n}"
        return _set(doc, path, [node] * rng.choice([0, 2, 257])), f"listed {path}"
    if kind == "unknown":
        parent = _get(doc, path[:-1])
        if isinstance(parent, dict):
            parent[rng.choice(["extra", "Size", "", "é"])] = 1
            return doc, f"unknown field under {path[:-1]}"
        return _set(doc, path, {"unknown": 1}), f"object at {path}"
    if kind == "swap":
        other = rng.choice(paths)
        try:
            a, b = _get(doc, path), _get(doc, other)
            _set(doc, path, json.loads(json.dumps(b)))
            _set(doc, other, json.loads(json.dumps(a)))
        except (KeyError, IndexError, TypeError, RecursionError):
            pass
        return doc, f"swapped {path} and {other}"
    return _set(doc, path, _deep(rng.choice([10, 500, 2000]))), f"nested {path}"


def mutant(i: int) -> tuple[str, str]:
    """``(description, text)`` of hostile file number ``i`` (deterministic)."""
    rng = random.Random(i)
    pool = seeds()
    text = pool[i % len(pool)]
    how = rng.random()
    if how < 0.08:  # truncated text
        cut = rng.randrange(len(text))
        return f"seed {i % len(pool)} truncated at {cut}", text[:cut]
    if how < 0.14:  # corrupted characters
        chars = list(text)
        for _ in range(rng.randint(1, 5)):
            chars[rng.randrange(len(chars))] = rng.choice(['"', "{", "]", ",", "\u00ff", "\x00", "9", "-", "e"])
        return f"seed {i % len(pool)} corrupted", "".join(chars)
    doc = json.loads(text)
    what = []
    plausible = how < 0.45
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        try:
            doc, w = (_plausible if plausible else _mutate_doc)(rng, doc)
        except (KeyError, IndexError, TypeError, RecursionError):  # the path vanished under an earlier
            continue  # mutation, or a nest it made is too deep to copy
        what.append(w)
    try:
        out = json.dumps(doc, allow_nan=True)
    except (ValueError, RecursionError):
        out = json.dumps({"format": "gradsim", "version": 1, "network": _deep(200)})
        what.append("replaced (unserialisable)")
    return f"seed {i % len(pool)}: " + "; ".join(what), out


# a refusal names what is wrong: a field path (network.layers[3].size, state.batches.rng.state.inc …),
# the document as a whole (not JSON, nested too deeply, too big), or the file (not a regular file …)
FIELD = (r"^(document|format|version|name|description|notes|network|init|training|data|weight_names|parameters"
         r"|state|recurrent|--[a-z-]+)([.\[][^ ]*)?: "
         r'|^("(?:[^"\\]|\\.)*"|[^\s:]+): unknown field \(allowed: ')  # an unknown field is itself the field


def outcome(text: str, steps: int = 5, path=None) -> tuple[str, str]:
    """What gradsim makes of ``text`` (read from ``path`` when given, where it was written):
    ``("refused", message)``, ``("ran", summary)``, or ``("bad", why)`` — a refusal that is not
    one line naming a field, or any other exception from loading, building, restoring, stepping,
    saving or re-reading the file."""
    import re
    import traceback

    from gradsim.engine import fileformat
    from gradsim.engine.trainer import Trainer

    try:
        spec = fileformat.loads(text) if path is None else fileformat.load(path)
    except fileformat.FormatError as exc:
        msg = str(exc)
        named = re.match(FIELD, msg) or (path is not None and msg.startswith(f"{path}: "))  # or names the file
        if "\n" in msg or not named or len(msg) > 400:
            return "bad", f"refusal not one line naming a field: {msg[:300]!r}"
        return "refused", msg
    except Exception:  # noqa: BLE001 - any other exception is the finding
        return "bad", "load: " + traceback.format_exc(limit=-3)
    try:
        tr = Trainer(spec)
        tr.restore(spec.resume, spec.saved_step)
        done = tr.run(steps)
        again = fileformat.loads(fileformat.dumps(spec, tr.network.state(), tr.step_count, tr.resume_state())) \
            if not tr.stopped else None
        if again is not None:
            t2 = Trainer(again)
            t2.restore(again.resume, again.saved_step)
            t2.run(1)
    except Exception:  # noqa: BLE001
        return "bad", "run: " + traceback.format_exc(limit=-3)
    return "ran", f"{done} steps" + (f", stopped: {tr.nonfinite.message}" if tr.stopped else "")
