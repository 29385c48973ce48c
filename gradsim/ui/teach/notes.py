"""Built-in explanations: each preset (its own notes from the engine), each remedy, and the lesson's
core ideas — what to look for in the app and why it works — plus a small browser to read them.

Topic keys: ``"preset:<name>"``, ``"remedy:<name>"`` (names of :data:`gradsim.engine.compare.ALL_REMEDIES`)
and ``"topic:<name>"`` (:data:`TOPICS`). The main window opens :class:`NotesDialog` on a key from its
preset menu ("About this preset") and its Help menu.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QListWidgetItem, QTextBrowser

from gradsim.engine.compare import ALL_REMEDIES
from gradsim.engine.presets import ALL_PRESETS, RECURRENT_PRESETS

from .. import palette
from . import style

# (title, what to look for, why it works) — written for this app, not copied from the lecture.
REMEDY_NOTES: dict[str, tuple[str, str, str]] = {
    "relu": (
        QT_TRANSLATE_NOOP("Notes", "ReLU: a slope of exactly 1"),
        QT_TRANSLATE_NOOP("Notes", "In the per-layer gradient plot the lines stay bunched together instead of fanning out by "
        "orders of magnitude; the chain-rule panel's layer-by-layer gains sit near 1. Keep an eye on "
        "the <i>dead</i> measurement: a unit whose input is negative for every sample passes nothing back."),
        QT_TRANSLATE_NOOP("Notes", "Backprop multiplies by f′ at every layer. σ′ is never above 0.25, so ten sigmoid layers cost at "
        "least a factor 0.25¹⁰ ≈ 10⁻⁶. ReLU's f′ is 1 wherever the unit is active, so the only thing "
        "scaling the gradient is the weights — and a sensible initialisation keeps those near 1 in effect.")),
    "leaky_relu": (
        QT_TRANSLATE_NOOP("Notes", "LeakyReLU: never quite off"),
        QT_TRANSLATE_NOOP("Notes", "The same healthy gradient plot as ReLU, and the <i>dead</i> fraction stays at zero. In the "
        "activation explorer the left half of f′ is a low shelf at α instead of the floor."),
        QT_TRANSLATE_NOOP("Notes", "Below zero the unit still has slope α (0.01 by default), so a unit pushed into the negative "
        "region keeps receiving a small gradient and can climb back out; a plain ReLU there is stuck.")),
    "elu": (
        QT_TRANSLATE_NOOP("Notes", "ELU: smooth below zero"),
        QT_TRANSLATE_NOOP("Notes", "Gradients as healthy as ReLU's, a loss curve that often falls a little faster, and pre-activation "
        "histograms centred closer to zero."),
        QT_TRANSLATE_NOOP("Notes", "For u > 0 the slope is 1, like ReLU. Below zero f = α(eᵘ − 1) bends smoothly towards −α, so the "
        "slope fades gradually instead of jumping to 0 and the layer's outputs average nearer zero, "
        "which keeps the next layer's inputs well scaled.")),
    "batchnorm": (
        QT_TRANSLATE_NOOP("Notes", "Batch normalisation: keep units in their useful range"),
        QT_TRANSLATE_NOOP("Notes", "Select a layer in the activation explorer: its pre-activations form a narrow hump around 0, "
        "right where σ′ is at its 0.25 peak, instead of spreading into the shaded flat tails. Early "
        "layers' gradient norms rise towards the last layer's."),
        QT_TRANSLATE_NOOP("Notes", "BN rescales each unit's pre-activations over the batch to mean 0 and variance 1 (then lets the "
        "network learn a scale γ and shift β). Units therefore stay out of saturation, and the backward "
        "pass divides by the batch's standard deviation, which undoes much of the shrinking caused by "
        "small weights. It needs batches of at least two samples.")),
    "residual": (
        QT_TRANSLATE_NOOP("Notes", "Residual links: the \"+1\" path"),
        QT_TRANSLATE_NOOP("Notes", "In the chain-rule panel a hidden weight gains an extra path, <i>skip</i>, whose factor is "
        "exactly 1; the layer-by-layer gains stay near 1 even though every f′ is below 0.25."),
        QT_TRANSLATE_NOOP("Notes", "With a<sub>l</sub> = f(u<sub>l</sub>) + a<sub>l−1</sub>, the derivative ∂a<sub>l</sub>/∂a<sub>l−1</sub> "
        "is f′·W <b>+ 1</b>. However small the "
        "f′·W part gets, the identity term carries the gradient past the layer unchanged, so the "
        "gradient reaching the first layers no longer depends on a long product of small numbers.")),
    "clip": (
        QT_TRANSLATE_NOOP("Notes", "Gradient clipping: a speed limit"),
        QT_TRANSLATE_NOOP("Notes", "On an exploding run the loss stays finite instead of ending in a non-finite value; the "
        "clip-norm readout shows the raw norm far above the threshold and the applied one at it."),
        QT_TRANSLATE_NOOP("Notes", "When the total gradient norm exceeds the threshold, every gradient is scaled down by the same "
        "factor: the direction of the step is kept, only its length is capped. It treats the symptom "
        "of exploding gradients (huge steps) and does nothing for vanishing ones.")),
    "he_init": (
        QT_TRANSLATE_NOOP("Notes", "He initialisation: start at the right scale"),
        QT_TRANSLATE_NOOP("Notes", "With ReLU units the per-layer gains start close to 1 and the first step's gradient norms are "
        "similar across layers; with 3× too large weights they grow layer by layer instead."),
        QT_TRANSLATE_NOOP("Notes", "Drawing weights with variance 2 / fan-in keeps the size of a ReLU layer's outputs — and of the "
        "gradients flowing back — the same from layer to layer (the 2 makes up for ReLU zeroing half "
        "its inputs). It cannot lift sigmoid's 0.25 ceiling; for sigmoid/tanh the matching choice is "
        "Xavier/Glorot.")),
    "orthogonal_init": (
        QT_TRANSLATE_NOOP("Notes", "Orthogonal initialisation: every direction kept"),
        QT_TRANSLATE_NOOP("Notes", "On the Distributions view's <i>Jacobian</i> page the hidden stack's singular values lie "
        "close together — a small condition number — where random Gaussian weights spread them over "
        "decades. With sigmoid units they are close together <i>and</i> small: the weights no longer "
        "distort the gradient, but every σ′ ≤ 0.25 still shrinks it."),
        QT_TRANSLATE_NOOP("Notes", "An orthogonal matrix keeps the length of every vector it multiplies, so a stack of them with "
        "linear units has every singular value of its Jacobian exactly 1 (Saxe et al. 2014: \"dynamical "
        "isometry\"). A Gaussian matrix stretches some directions and squashes others, and over many "
        "layers that compounds. gradsim uses gain √2 for ReLU-like units (they zero half their inputs), "
        "else 1. The activation's slope is untouched.")),
    "lsuv_init": (
        QT_TRANSLATE_NOOP("Notes", "LSUV: measure, then rescale"),
        QT_TRANSLATE_NOOP("Notes", "On the Distributions view, <i>Pre-activation u</i> at step 0: every layer's std is about 1, "
        "from the first layer to the last, whatever the activation."),
        QT_TRANSLATE_NOOP("Notes", "Layer-sequential unit variance (Mishkin and Matas 2016) does not trust a formula: it starts from "
        "orthogonal matrices and, first layer to last, rescales each layer's weights until its net input "
        "measured on training data has variance 1. So the forward signal keeps its size through any "
        "depth; the activation's slope is untouched, so sigmoid's 0.25 per layer still shrinks the "
        "gradient.")),
}

TOPICS: dict[str, tuple[str, str]] = {
    "chain-rule": (
        QT_TRANSLATE_NOOP("Notes", "The chain rule, as in the lecture"),
        QT_TRANSLATE_NOOP("Notes", "<p>For an output weight such as <b>w5</b> the error depends on it through one chain: "
        "∂E/∂w5 = ∂E/∂out<sub>o1</sub> · ∂out<sub>o1</sub>/∂net<sub>o1</sub> · ∂net<sub>o1</sub>/∂w5 — "
        "how the error changes with the output, the sigmoid's slope, and the input the weight multiplies "
        "(out<sub>h1</sub>).</p>"
        "<p>A hidden weight such as <b>w1</b> feeds h1, and h1 feeds <i>both</i> outputs, so the error "
        "reaches out<sub>h1</sub> along two paths that add up: ∂E/∂out<sub>h1</sub> = "
        "∂E<sub>o1</sub>/∂out<sub>h1</sub> + ∂E<sub>o2</sub>/∂out<sub>h1</sub>; then the chain continues "
        "through σ′ at h1 and the input i1.</p>"
        "<p>With a batch of samples the loss is their mean, so ∂E/∂w is the mean of each sample's own "
        "∂E/∂w: the panel writes one sample's chain out in full — every factor that sample's own number, "
        "so the factors really multiply to its gradient — and shows the batch gradient as the mean over "
        "the samples. Batch norm ties the samples together; there the sample's δ is shown after that "
        "coupling.</p>"
        "<p><b>In the app:</b> select a weight to see these factors with their live values; use the "
        "step-through on the seed preset to follow the whole forward pass, loss, backward pass and "
        "update one stage at a time, and <i>Check</i> to compare with a numerical estimate.</p>"
        "<p><b>Notation.</b> The loss is E everywhere, as in the lecture. On the lecture's network the "
        "units and weights keep the lecture's names (i1, h1, o1, w1…w8). On every other network the "
        "weight matrix feeding layer l is W<sub>l</sub> and indices count from 0, for weights and units "
        "alike: W3[2,0] joins unit 0 of layer 2 (h2_0) to unit 2 of layer 3 (h3_2); inputs are i0, i1, …, "
        "outputs o0, o1, …. Powers of ten are written raised: 3.2×10⁻⁷.</p>")),
    "vanishing": (
        QT_TRANSLATE_NOOP("Notes", "Why gradients vanish"),
        QT_TRANSLATE_NOOP("Notes", "<p>Each layer the gradient passes back through multiplies it by f′(u)·w. The sigmoid's slope "
        "σ′ = σ(1 − σ) is at most <b>0.25</b> (at u = 0) and almost 0 in the tails, and initial weights "
        "are usually below 1, so along any one path every sigmoid layer shrinks the gradient by a factor "
        "of 4 or more: ten layers, a millionth. (A layer of several units adds several paths up, so its "
        "measured gain is somewhat larger — about 0.3 on deep-sigmoid — but still far below 1.) The first "
        "layers then barely change and stay close to their random start.</p>"
        "<p><b>In the app:</b> the per-layer gradient plot (log scale) shows the early layers' lines far "
        "below the last layer's; the chain-rule panel's layer-by-layer row shows gains far below 1 "
        "multiplying to a tiny number; the status bar says <i>Vanishing</i> once the gradient reaching "
        "the first hidden layer is a thousandth or less of what reaches the last one (see <i>How gradsim "
        "judges a run</i>); the activation explorer shows how many units sit in the flat tails.</p>")),
    "exploding": (
        QT_TRANSLATE_NOOP("Notes", "Why gradients explode"),
        QT_TRANSLATE_NOOP("Notes", "<p>The same product, the other way round: if |f′·w| is above 1 at every layer — large initial "
        "weights, or a long chain of ReLUs with too large weights — the gradient grows geometrically on "
        "its way to the first layers. Updates overshoot, the loss jumps, and numbers overflow to "
        "infinity.</p>"
        "<p><b>In the app:</b> the backward-gain bars stand above 1 (about 2.6 on deep-exploding), the "
        "gradient lines of every layer shoot up by orders of magnitude from one step to the next, and the "
        "run stops with a message naming the layer and the step where a value first became non-finite. "
        "ReLU units may instead be switched off for good by such a step; the status bar then says the "
        "explosion killed them. Try clipping, a smaller learning rate or He initialisation.</p>")),
    "verdict": (
        QT_TRANSLATE_NOOP("Notes", "How gradsim judges a run"),
        QT_TRANSLATE_NOOP("Notes", "<p>The verdict in the status bar, in <i>gradsim run</i>, in the comparison window and, for one "
        "weight's path, in the chain-rule panel follows one definition, the lecture's: backprop multiplies "
        "the gradient by f′·w at every hidden layer it crosses on its way down, so gradsim compares the "
        "gradient reaching the first hidden layer's output, ‖∂E/∂a<sub>1</sub>‖, with the one reaching the "
        "last hidden layer's, ‖∂E/∂a<sub>H</sub>‖ — the <i>hidden flow</i>. The output layer is left out on "
        "purpose: its error and its own slope multiply every weight's gradient alike (a saturated output "
        "sigmoid makes them all small once the loss is small), which is no reason for early layers to "
        "learn more slowly than late ones.</p>"
        "<p>The first of these that applies is the verdict:</p><ul>"
        "<li><b>non-finite</b> — a value overflowed to NaN or ∞: the gradient exploded and training "
        "stopped;</li>"
        "<li><b>exploding</b> — the total gradient norm grew {growth}× or more within {window} steps;</li>"
        "<li><b>converged</b> — the training loss is at most {converged} of the loss of a constant guess "
        "(the targets' mean): the network has learned its training data, and small errors make small "
        "gradients;</li>"
        "<li><b>dead</b> — at least {dead} of a hidden layer's units have f′ = 0 for every sample of the "
        "batch and pass no gradient; if a step just before changed some weights by their own size or "
        "more, the verdict says that explosion switched them off;</li>"
        "<li><b>vanishing</b> — the hidden flow is {vanishing} or less;</li>"
        "<li><b>exploding</b> — the hidden flow is {exploding} or more (a lower bar than vanishing's: "
        "steps a hundred times too large overshoot and grow further, while early layers that get a "
        "hundredth of the gradient still learn, only slowly);</li>"
        "<li><b>saturated</b> — at least {saturated} of a hidden layer's activations sit where |f′| is "
        "below 1 % of its maximum;</li>"
        "<li><b>healthy</b> — none of these.</li></ul>"
        "<p>Ratios and fractions are medians over the last {rows} recorded steps, so one odd mini-batch "
        "does not flip the verdict. For one weight the chain-rule panel applies the same thresholds to "
        "its own batch: the hidden flow from the last hidden layer down to the weight's layer, a dead or "
        "saturated unit the weight feeds, a dead unit whose output it multiplies, a dead layer above "
        "it.</p>")),
    "remedies": (
        QT_TRANSLATE_NOOP("Notes", "The remedies at a glance"),
        QT_TRANSLATE_NOOP("Notes", "<p>Change the activation (ReLU, LeakyReLU, ELU: slope 1 instead of ≤ 0.25), normalise each layer "
        "(batch norm: keep units near their steepest point), add identity shortcuts (residual links: "
        "a \"+1\" in every layer's derivative), start at the right scale (He/Xavier initialisation), "
        "and cap the step (gradient clipping, against explosion only).</p>"
        "<p><b>In the app:</b> the comparison window runs a configuration against the same one with a "
        "single remedy applied — same topology, data and seed — and says in one line which keeps the "
        "early layers' gradients alive.</p>")),
    "theory": (
        QT_TRANSLATE_NOOP("Notes", "What initialisation theory predicts, and where it fails"),
        QT_TRANSLATE_NOOP("Notes", "<p>A unit's net input z = Σ w·a + b adds n terms (n = fan-in). With independent weights of mean "
        "0 and variance Var[w], its variance is n·Var[w]·E[a²], and the gradient on its way back is "
        "multiplied by about √(n·Var[w]·E[f′²]) per layer (Glorot and Bengio 2010, He et al. 2015). That is "
        "why Xavier (Var[w] = 2/(fan-in + fan-out)) suits tanh and He (2/fan-in) suits ReLU. gradsim runs "
        "this recursion layer by layer (the mean-field form of Poole et al. 2016, carrying means too) and "
        "draws its prediction as the purple bracket in the Distributions view.</p>"
        "<p><b>What it assumes:</b> weights independent of each other and of the data; a Gaussian net "
        "input; the gradient reaching a layer independent of that layer's f′; wide layers. It predicts "
        "the average over random initialisations, and one network of width n is off by about 1/√n per "
        "layer — on gradsim's 8-unit presets the bracket and the histogram differ visibly. It predicts "
        "the network <i>at initialisation</i>: once training has moved the weights, the bracket shows "
        "where the layer started, not where it should be now.</p>"
        "<p><b>Where it fails:</b> the textbook zero-mean form Var[z] = n·Var[w]·Var[a] assumes "
        "activations of mean 0. Sigmoid's outputs average about 0.5, and that mean reaches every net input: on six "
        "sigmoid layers of width 256 that form predicts the activations' std 2.5× too small at layer 2 "
        "and 600× too small at layer 6. gradsim carries E[a²] instead, which holds. No prediction is "
        "made for a batch-norm layer's backward gain (it divides by each unit's spread over the batch), "
        "for the output layer's gain (it comes from the loss), for weights of non-zero mean (the gain), "
        "for layers with fewer than 4 units (for the gain, also fewer than 4 inputs), or for weights set "
        "by hand or loaded from a file; the view says so instead of drawing "
        "a bracket. Batch norm's forward pass (mean 0, variance 1 at γ = 1, β = 0) and residual sums are "
        "predicted.</p>")),
    "inside": (
        QT_TRANSLATE_NOOP("Notes", "Looking inside the layers"),
        QT_TRANSLATE_NOOP("Notes", "<p>The Distributions view shows what practitioners look at besides norms.</p>"
        "<p><b>Histograms:</b> one column per layer, input → output, on one shared value axis, for the "
        "pre-activations u, the activations a, the gradient reaching each layer ∂L/∂a, or the weight "
        "gradients ∂L/∂W. A vanishing gradient shows as the early layers' columns of ∂L/∂a collapsing into "
        "a sliver of the range the later ones span; saturation as u piling up in the shaded tails, where "
        "f′ is below 1 % of its maximum. Under each column: its std and saturated fraction; ▲/▼ count "
        "values beyond the shared range.</p>"
        "<p><b>Update ratio:</b> ‖ΔW‖/‖W‖, how much a step changes each layer's weights relative to their "
        "size. A common rule of thumb puts a healthy value near 10⁻³; layers far below it barely learn "
        "(the early layers of a vanishing net), far above it are being thrown around.</p>"
        "<p><b>Jacobian:</b> the singular values of ∂a<sub>L−1</sub>/∂a<sub>1</sub>, how the hidden stack "
        "stretches each direction of a gradient passing through it. All near 1 is \"dynamical "
        "isometry\"; a large condition number (largest ÷ smallest) means some directions vanish while "
        "others survive.</p>")),
    "through-time": (
        QT_TRANSLATE_NOOP("Notes", "Through time: why gates help"),
        QT_TRANSLATE_NOOP("Notes", "<p>A recurrent network unrolled over T steps is a T-layer network that uses one weight matrix, "
        "W<sub>hh</sub>, at every layer. Backprop through time multiplies the gradient by "
        "∂h<sub>t</sub>/∂h<sub>t−1</sub> = diag(f′(z<sub>t</sub>))·W<sub>hh</sub> once per step back, so "
        "∂h<sub>T</sub>/∂h<sub>1</sub> is a product of T − 1 such factors. With tanh (f′ ≤ 1) and a "
        "W<sub>hh</sub> whose largest singular value is below 1, every factor shrinks the gradient and the "
        "first steps get next to nothing: it vanishes. When the factors' gains are above 1 it grows "
        "geometrically: it explodes. The Through time view shows it: in the heat map each column is a "
        "training step and each row a time step; the gain plot shows each step's factor against the line "
        "at 1.</p>"
        "<p><b>The cell state's additive path.</b> An LSTM keeps a second state, c<sub>t</sub> = "
        "f<sub>t</sub> ⊙ c<sub>t−1</sub> + i<sub>t</sub> ⊙ g<sub>t</sub>. Along it, one step back multiplies "
        "the gradient by the forget gate f<sub>t</sub> alone, unit by unit: no weight matrix and no "
        "squashing slope. It is the \"+1\" of the lecture's residual block again: a<sub>l</sub> = "
        "F(a<sub>l−1</sub>) + a<sub>l−1</sub> has the derivative ∂F/∂a<sub>l−1</sub> + 1, and the LSTM "
        "replaces that 1 by a gate the network learns, close to 1 where it must remember. A GRU does the "
        "same with h<sub>t</sub> = (1 − z<sub>t</sub>) ⊙ n<sub>t</sub> + z<sub>t</sub> ⊙ h<sub>t−1</sub>: "
        "the update gate z passes the old state straight through.</p>"
        "<p><b>The other remedies.</b> Clipping scales an exploded gradient down so that one update stays "
        "bounded; it does nothing for a vanishing one. A ReLU RNN started at W<sub>hh</sub> = I (IRNN) gives "
        "every active unit a gain of exactly 1 at the start.</p>")),

}


# presets that demonstrate one idea or remedy link to its note
PRESET_TOPICS = {"seed-2-2-2": "topic:chain-rule", "deep-sigmoid": "topic:vanishing",
                 "deep-exploding": "topic:exploding", "deep-relu": "remedy:relu",
                 "deep-leaky-relu": "remedy:leaky_relu", "deep-elu": "remedy:elu",
                 "deep-batchnorm": "remedy:batchnorm", "deep-residual": "remedy:residual",
                 **{name: "topic:through-time" for name in RECURRENT_PRESETS}}


def _n(text: str) -> str:
    """A note's text in the user's language (the sources above are marked for pyside6-lupdate)."""
    return QCoreApplication.translate("Notes", text)


def _title(key: str) -> str:
    kind, _, name = key.partition(":")
    return _n(TOPICS[name][0] if kind == "topic" else REMEDY_NOTES[name][0])


def preset_note_html(name: str) -> str:
    p = ALL_PRESETS[name]
    look = QCoreApplication.translate("Notes", "What to look for.")
    from gradsim.ui.preset_text import notes, summary  # the summary and notes in the UI language

    out = (f"<h3>{html.escape(p.name)}</h3><p><i>{html.escape(summary(name) or p.summary)}</i></p>"
           f"<p><b>{look}</b> {html.escape(notes(name) or p.notes)}</p>")
    if name in PRESET_TOPICS:
        key = PRESET_TOPICS[name]
        more = QCoreApplication.translate("Notes", "More: {0}").format(
            f'<a href="{key}">{html.escape(_title(key))}</a>')
        out += f"<p>{more}</p>"
    return out


def remedy_note_html(name: str) -> str:
    title, look, why = (_n(t) for t in REMEDY_NOTES[name])
    look_for = QCoreApplication.translate("Notes", "What to look for.")
    works = QCoreApplication.translate("Notes", "Why it works.")
    return (f"<h3>{html.escape(title)}</h3><p><b>{look_for}</b> {look}</p>"
            f"<p><b>{works}</b> {why}</p>")


def topic_html(key: str) -> str:
    """The HTML for a topic key (``preset:…``, ``remedy:…`` or ``topic:…``); KeyError if unknown."""
    kind, _, name = key.partition(":")
    if kind == "preset":
        return preset_note_html(name)
    if kind == "remedy":
        return remedy_note_html(name)
    if kind == "topic":
        title, body = (_n(t) for t in TOPICS[name])
        if name == "verdict":  # the thresholds, from the engine that applies them
            body = body.format(**verdict_thresholds())
        return f"<h3>{html.escape(title)}</h3>{body}"
    raise KeyError(key)


def verdict_thresholds() -> dict[str, str]:
    """The diagnosis's thresholds as the verdict note writes them."""
    from gradsim.engine import diagnosis as dg

    return {"growth": f"{dg.GROWTH_FACTOR:g}", "window": f"{dg.GROWTH_WINDOW}",
            "converged": f"{dg.CONVERGED_FRACTION:.0%}", "dead": f"{dg.DEAD_FRACTION:.0%}",
            "vanishing": f"{dg.VANISHING_FLOW:g}", "exploding": f"{dg.EXPLODING_FLOW:g}",
            "saturated": f"{dg.SATURATED_FRACTION:.0%}", "rows": f"{dg.WINDOW_ROWS}"}


def topics() -> list[tuple[str, str, str]]:
    """Every ``(group, key, short title)`` in reading order: the ideas, the remedies, the presets."""
    ideas = QCoreApplication.translate("Notes", "Ideas")
    remedies = QCoreApplication.translate("Notes", "Remedies")
    presets = QCoreApplication.translate("Notes", "Presets")
    out = [(ideas, f"topic:{k}", _n(t).split(",")[0]) for k, (t, _) in TOPICS.items()]
    out += [(remedies, f"remedy:{k}", _n(REMEDY_NOTES[k][0]).split(":")[0]) for k in ALL_REMEDIES]
    out += [(presets, f"preset:{k}", k) for k in ALL_PRESETS]
    return out


class NotesDialog(QDialog):
    """A topic list beside a text browser. ``NotesDialog(parent, "remedy:relu").show()``."""

    def __init__(self, parent=None, key: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("gradsim — notes"))
        self.resize(760, 480)
        self.list = QListWidget()
        self.list.setMaximumWidth(220)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(lambda url: self.show_topic(url.toString()))
        self.browser.setStyleSheet(f"QTextBrowser {{ background: {palette.PAPER_BACKGROUND}; color: {palette.PAPER_FOREGROUND};"
                                   " font-size: 11pt; padding: 6px; }")
        group = None
        for g, k, title in topics():
            if g != group:
                header = QListWidgetItem(g)
                header.setFlags(Qt.NoItemFlags)
                font = header.font()
                font.setBold(True)
                header.setFont(font)
                self.list.addItem(header)
                group = g
            item = QListWidgetItem("   " + title)
            item.setData(Qt.UserRole, k)
            self.list.addItem(item)
        lay = QHBoxLayout(self)
        lay.addWidget(self.list)
        lay.addWidget(self.browser, 1)
        self.list.currentItemChanged.connect(self._on_item)
        style.paper(self)  # the notes are a light page in either application theme
        self.show_topic(key or "topic:vanishing")

    def show_topic(self, key: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.UserRole) == key:
                self.list.setCurrentRow(row)
                return
        raise KeyError(key)

    @property
    def current_key(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.UserRole)

    def _on_item(self, item, _previous=None):
        if item is not None:
            self.browser.setHtml(topic_html(item.data(Qt.UserRole)))


__all__ = ["NotesDialog", "topic_html", "topics", "preset_note_html", "remedy_note_html", "REMEDY_NOTES", "TOPICS"]
