"""Columnar, append-only records of a run.

:class:`History` keeps every step. :class:`BoundedHistory` keeps at most ``capacity`` rows by
halving the resolution of the whole record each time it fills up, so a million-step run costs the
same memory and drawing time as a short one (the UI plots use this); :class:`DrainableHistory` and
:class:`WindowHistory` are the two ends of one carried from a training thread to a window, which
records only the rows the window will keep. :class:`RecentHistory` keeps the most recent rows only
(the command line, which streams every row to its output as it is made).
All store per-layer measurements as 2-D arrays ``(rows, layers)``; a run may add columns of its
own (:meth:`History.add_columns`: a recurrent run's per-time-step measurements, one array of a
fixed width per row, or one number), which every kind of history keeps, thins and drains alike.
"""

from __future__ import annotations

import numpy as np

from .metrics import LAYER_KEYS

SCALAR_KEYS = ("step", "loss", "test_loss", "clip_norm_before", "clip_norm_after")


class History:
    def __init__(self, n_layers: int, capacity: int = 1024):
        self.n_layers = n_layers
        self._n = 0
        self._scalars = {k: np.empty(capacity) for k in SCALAR_KEYS}
        self._layers = {k: np.empty((capacity, n_layers)) for k in LAYER_KEYS}
        self._extra: dict[str, np.ndarray] = {}

    def add_columns(self, columns: dict[str, int | None]) -> None:
        """Keep these columns too: name → width of each row's entry (None: a single number).
        Rows recorded before (or appended without the key) hold NaN there."""
        for key, width in columns.items():
            shape = (self.capacity,) if width is None else (self.capacity, int(width))
            old = self._extra.get(key)
            if old is not None and old.shape[1:] == shape[1:]:
                continue
            self._extra[key] = np.full(shape, np.nan)

    @property
    def extra_columns(self) -> dict[str, int | None]:
        """The added columns: name → width (None for one number)."""
        return {k: (v.shape[1] if v.ndim == 2 else None) for k, v in self._extra.items()}

    def _all(self):
        """Every column's buffer (scalars, per-layer, added)."""
        return [*self._scalars.values(), *self._layers.values(), *self._extra.values()]

    def __len__(self) -> int:
        return self._n

    @property
    def capacity(self) -> int:
        return len(self._scalars["step"])

    def _grow(self):
        cap = self.capacity * 2
        for k, v in self._scalars.items():
            new = np.empty(cap)
            new[: self._n] = v[: self._n]
            self._scalars[k] = new
        for k, v in self._layers.items():
            new = np.empty((cap, self.n_layers))
            new[: self._n] = v[: self._n]
            self._layers[k] = new
        for k, v in self._extra.items():
            new = np.full((cap,) + v.shape[1:], np.nan)
            new[: self._n] = v[: self._n]
            self._extra[k] = new

    def append(self, scalars: dict, layers: dict) -> None:
        if self._n == self.capacity:
            self._make_room()
        i = self._n
        for k in SCALAR_KEYS:
            self._scalars[k][i] = scalars.get(k, np.nan)
        for k in LAYER_KEYS:
            self._layers[k][i] = layers[k]
        if self._extra:
            for k, v in self._extra.items():
                v[i] = layers.get(k, np.nan)
        self._n += 1

    def _make_room(self):
        self._grow()

    def drain(self) -> dict[str, np.ndarray]:
        """Copies of every row, then forget them (the worker hands rows to the UI this way)."""
        out = {k: v[: self._n].copy() for k, v in self._scalars.items()}
        out.update({k: v[: self._n].copy() for k, v in self._layers.items()})
        out.update({k: v[: self._n].copy() for k, v in self._extra.items()})
        self._n = 0
        return out

    def _adopt(self, rows: dict[str, np.ndarray]) -> None:
        """Columns that drained ``rows`` carry and this history lacks (a recurrent run's, reaching
        a history made before the run was known) are added, so writing rows keeps them."""
        new = {k: (None if np.ndim(v) == 1 else np.shape(v)[1]) for k, v in rows.items()
               if k not in self._scalars and k not in self._layers and k not in self._extra}
        if new:
            self.add_columns(new)

    def extend(self, rows: dict[str, np.ndarray]) -> None:
        """Append many rows at once (the output of :meth:`drain`), without a per-row loop."""
        n = len(rows["step"])
        while self._n + n > self.capacity:
            self._grow()
        self._write(rows, np.arange(n))

    def _write(self, rows, idx):
        self._adopt(rows)
        i, m = self._n, len(idx)
        for k, v in self._scalars.items():
            v[i:i + m] = rows[k][idx] if k in rows else np.nan
        for k, v in self._layers.items():
            v[i:i + m] = rows[k][idx]
        for k, v in self._extra.items():
            v[i:i + m] = rows[k][idx] if k in rows else np.nan
        self._n += m

    def column(self, key: str) -> np.ndarray:
        """A view of one column: shape (rows,) for scalars, (rows, layers) for per-layer keys."""
        src = self._scalars if key in self._scalars else self._extra if key in self._extra else self._layers
        return src[key][: self._n]

    def last(self, key: str):
        return self.column(key)[-1] if self._n else None

    def rows(self) -> list[dict]:
        """One plain-Python dict per step (for JSON and CSV export)."""
        out = []
        for i in range(self._n):
            row = {"step": int(self._scalars["step"][i]), "loss": float(self._scalars["loss"][i])}
            t = self._scalars["test_loss"][i]
            if not np.isnan(t):
                row["test_loss"] = float(t)
            for k in LAYER_KEYS:
                row[k] = [float(v) for v in self._layers[k][i]]
            row["clip_norm_before"] = float(self._scalars["clip_norm_before"][i])
            row["clip_norm_after"] = float(self._scalars["clip_norm_after"][i])
            for k, v in self._extra.items():
                row[k] = float(v[i]) if v.ndim == 1 else [float(x) for x in v[i]]
            out.append(row)
        return out


class BoundedHistory(History):
    """A :class:`History` that never holds more than ``capacity`` rows.

    When full, every other row is dropped and from then on only every ``stride``-th appended row is
    kept (the stride doubles each time), so the record always spans the whole run evenly.
    """

    def __init__(self, n_layers: int, capacity: int = 4096):
        super().__init__(n_layers, capacity)
        self.stride = 1
        self._seen = 0

    @property
    def seen(self) -> int:
        """Rows offered so far, kept or not (a step always adds one, even when thinning drops it)."""
        return self._seen

    def append(self, scalars: dict, layers: dict) -> None:
        self._seen += 1
        if (self._seen - 1) % self.stride:
            return
        super().append(scalars, layers)

    def extend(self, rows: dict[str, np.ndarray]) -> None:
        n, start = len(rows["step"]), 0
        while start < n:
            idx = np.arange(start, n)
            keep = idx[(self._seen + idx - start) % self.stride == 0]
            room = self.capacity - self._n
            if len(keep) and room == 0:
                self._make_room()
                continue
            take = keep[:room]
            end = n if len(take) == len(keep) else int(take[-1]) + 1
            self._write(rows, take)
            self._seen += end - start
            start = end

    def _make_room(self):
        half = self._n // 2
        for v in self._all():
            v[:half] = v[: self._n : 2][:half]
        self._n = half
        self.stride *= 2


class DrainableHistory(BoundedHistory):
    """A bounded buffer between two drains (the training worker's, emptied into every snapshot);
    draining restarts it at full resolution.

    Rows the :class:`WindowHistory` they go to would drop anyway are not recorded: it keeps every
    stride-th row offered to it and tells the recorder its stride (``keep_every``, a power of two that
    only grows). Writing a row costs ~1.3 µs, about 1 % of a small network's step; a long run's
    window history keeps one row in hundreds. ``offered`` counts every row offered since the start.
    """

    def __init__(self, n_layers: int, capacity: int):
        super().__init__(n_layers, capacity)
        self.keep_every = 1
        self.offered = 0

    def append(self, scalars: dict, layers: dict) -> None:
        i = self.offered
        self.offered = i + 1
        if i % self.keep_every:
            return
        super().append(scalars, layers)

    def drain(self):
        rows = super().drain()
        self.stride, self._seen = 1, 0
        return rows


class WindowHistory(BoundedHistory):
    """The window's bounded history, fed with the rows a :class:`DrainableHistory` recorded:
    :meth:`extend_offered` keeps exactly the rows :meth:`extend` would have kept had it been given
    every row offered, and ``seen`` counts every offered row."""

    def extend_offered(self, rows: dict[str, np.ndarray], index: np.ndarray, offered: int) -> None:
        """``rows`` were recorded out of the offered rows ``index`` (ascending positions since the
        start); ``offered`` rows were offered in all so far."""
        index = np.asarray(index, dtype=np.int64)
        start, n = 0, len(index)
        while start < n:
            keep = start + np.flatnonzero(index[start:] % self.stride == 0)
            if len(keep) and self._n == self.capacity:
                self._make_room()  # halves the rows, doubles the stride: look again
                continue
            take = keep[: self.capacity - self._n]
            self._write(rows, take)
            start = n if len(take) == len(keep) else int(take[-1]) + 1
        self._seen = max(self._seen, int(offered))


class RecentHistory(History):
    """A :class:`History` of the most recent rows: between ``capacity // 2`` and ``capacity`` of
    them, the last one always included. When full it forgets the older half (one copy of half the
    buffer per ``capacity // 2`` rows), so memory stays fixed however long the run."""

    def __init__(self, n_layers: int, capacity: int = 1024):
        super().__init__(n_layers, max(2, capacity))

    def extend(self, rows: dict[str, np.ndarray]) -> None:
        n = len(rows["step"])
        keep = min(n, self.capacity)
        if self._n + keep > self.capacity:
            self._forget(self._n + keep - self.capacity)
        self._write(rows, np.arange(n - keep, n))

    def _make_room(self):
        self._forget(self._n - self.capacity // 2)

    def _forget(self, count: int) -> None:
        """Drop the ``count`` oldest rows."""
        for v in self._all():
            v[: self._n - count] = v[count: self._n]
        self._n -= count
