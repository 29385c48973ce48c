"""Engine text that reaches the UI keeps its template and fields (gradsim.engine.text), and its
English is unchanged for the CLI, JSON and notebooks."""

import copy
import json
import pickle

import numpy as np
import pytest

from gradsim.engine import chain_rule, compare, edits, fileformat, stepthrough
from gradsim.engine.history import History
from gradsim.engine.metrics import LAYER_KEYS
from gradsim.engine.presets import load_preset
from gradsim.engine.text import Text, alternatives, joined, reason
from gradsim.engine.trainer import NonFinite, RunEvent, Trainer


def test_text_is_the_formatted_english_and_keeps_template_and_fields():
    inner = Text("skip to layer {layer}", layer=3)
    t = Text("{what} at {lr:g}", what=inner, lr=0.5)
    assert t == "skip to layer 3 at 0.5" and isinstance(t, str)
    assert t.template == "{what} at {lr:g}" and t.fields == {"what": inner, "lr": 0.5}
    for copied in (copy.copy(t), copy.deepcopy(t), pickle.loads(pickle.dumps(t))):
        assert isinstance(copied, Text) and copied == t and copied.template == t.template
        assert copied.fields["what"].template == "skip to layer {layer}"
    assert json.dumps({"m": t}) == '{"m": "skip to layer 3 at 0.5"}'
    assert str(ValueError(t)) == t and reason(ValueError(t)) is t
    assert reason(ValueError("plain")) == "plain" and not isinstance(reason(ValueError("plain")), Text)


def test_joined_and_alternatives_write_what_join_wrote():
    for items in (["a"], ["a", "b"], ["a", "b", "c"], ["a", "b", "c", "d"]):
        assert joined(items) == " and ".join(items)
    assert joined(["a", "b"]).template == "{first} and {second}"
    assert alternatives([1, 2]) == "1 or 2" and alternatives([2]) == "2"


def test_chain_rule_meanings_and_skip_paths_are_text():
    d = chain_rule.derive(Trainer(load_preset("seed-2-2-2")), k=1, j=0, i=0)  # w5
    meanings = [f.meaning for f in d.tree.children]
    assert all(isinstance(m, Text) for m in meanings)
    assert meanings[1].template == "{activation}′ at {wrt}_{neuron}" and meanings[1].fields == {
        "activation": "sigmoid", "wrt": "net", "neuron": "o1"}
    assert meanings[2] == "= out_h1, the input that w5 multiplies"
    # the CLI's JSON keeps the English
    assert d.to_dict()["tree"]["children"][2]["meaning"] == "= out_h1, the input that w5 multiplies"
    assert isinstance(d.verdict.text, Text)

    res = chain_rule.derive(Trainer(load_preset("deep-residual")), k=0, j=0, i=0)
    skips = [p for p in res.sample_tree.children[0].children if p.meaning]
    assert skips and all(isinstance(p.meaning, Text) and p.meaning.template == "skip to layer {layer}" for p in skips)
    assert skips[0].meaning == f"skip to layer {skips[0].meaning.fields['layer']}"


def test_step_through_titles_notes_and_worded_formulas_are_text():
    stages = stepthrough.build_stages(Trainer(load_preset("seed-2-2-2")))
    assert all(isinstance(s.title, Text) for s in stages)
    assert [s.title for s in stages][:3] == ["Forward pass: hidden layer", "Forward pass: output layer", "Loss"]
    update = stages[-1]
    assert update.title.template == "Update: w⁺ = w − η·∂E/∂w (η = {lr:g})" and update.title.fields == {"lr": 0.5}
    assert update.note.template == "Every gradient was taken at the old weights; all weights change together."
    spec = load_preset("xor")  # mini-batches and a bce loss: the worded lines and the longer update note
    spec.train.optimizer = "adam"
    stages = stepthrough.build_stages(Trainer(spec))
    note = stages[-1].note
    assert note.template == "{note} This run trains with {differences}, so its real step differs."
    assert note.fields["differences"] == "the adam optimiser and a batch of several samples"
    assert note.fields["differences"].fields["first"].fields == {"optimizer": "adam"}
    worded = [line.formula for s in stages for line in s.lines if isinstance(line.formula, Text)]
    assert any(f.template == "derivative of {loss}" and f.fields == {"loss": "bce"} for f in worded)
    with pytest.raises(ValueError) as exc:
        stepthrough.build_stages(Trainer(load_preset("deep-batchnorm")))
    assert isinstance(reason(exc.value), Text)


def _history(first_over_last: float, failed_rows: int = 60) -> History:
    """A 3-matrix history whose hidden flow (∂L/∂a₁ over ∂L/∂a₂) is ``first_over_last``."""
    h = History(3)
    for s in range(failed_rows):
        metrics = {key: np.ones(3) for key in LAYER_KEYS}
        metrics["dead"] = metrics["saturated"] = np.zeros(3)
        metrics["out_grad_norm"] = np.array([first_over_last, 1.0, 1.0])
        h.append({"step": s + 1, "loss": 0.5, "clip_norm_before": 1.0, "clip_norm_after": 1.0}, metrics)
    return h


def test_compare_verdict_is_text_with_the_runs_diagnoses_as_fields():
    v = compare.verdict(_history(1e-6), _history(1.0), "plain", "relu")
    assert isinstance(v, Text) and v.fields["better"] == "relu"
    assert v.fields["text_a"].template.startswith("Vanishing: the gradient reaching layer {layer}")
    assert v.fields["text_a"].fields["ratio"] == "1e-6" and v.fields["text_b"].template.startswith("Healthy:")
    assert v == ("relu fares better — plain: Vanishing: the gradient reaching layer 1 is 1e-6 of the gradient "
                 "reaching layer 2 — it shrinks on its way down through the hidden layers · relu: Healthy: the "
                 "gradient reaching layer 1 is 1× the gradient reaching layer 2")
    nf = NonFinite(3, 1, "loss")
    assert compare.verdict(_history(1.0), _history(1.0), nonfinite_a=nf, nonfinite_b=nf).template.startswith(
        "Both runs blew up")
    assert compare.verdict(History(3), History(3)).template.startswith("Not enough steps")
    with pytest.raises(ValueError) as exc:
        compare.apply_remedy(load_preset("seed-2-2-2"), "nope")
    assert reason(exc.value).fields["remedy"] == "nope"


def test_fault_and_event_messages_are_text_built_from_their_fields():
    m = NonFinite(12, 2, "gradients").message
    assert m == "Non-finite gradients in layer 3 at step 12 — lower the learning rate or enable clipping"
    assert m.fields["layer"] == 3 and m.fields["step"] == 12 and m.fields["quantity"].template == "gradients"
    assert NonFinite(4, None, "loss").message.template.startswith("Non-finite {quantity} at step {step}")
    assert NonFinite(4, None, "loss").to_dict()["message"] == "Non-finite loss at step 4 — lower the learning rate or enable clipping"
    assert RunEvent(3, 0, "dead_layer").message.fields == {"layer": 1, "step": 3}
    assert RunEvent(3, 0, "zero_variance").message.template.startswith("Batch norm in layer {layer}")


def test_edit_and_file_errors_carry_text_with_the_field_path():
    seed = load_preset("seed-2-2-2")
    with pytest.raises(edits.EditError) as exc:
        edits.remove_layer(seed, 0)
    t = reason(exc.value)
    assert t.template.startswith("Can't {action} the input layer") and t.fields["action"].template == "remove"
    assert str(exc.value) == "Can't remove the input layer: its size follows the dataset ('seed' has 2 input(s))"

    doc = fileformat.to_dict(seed)
    doc["network"]["layers"][0]["size"] = 0
    with pytest.raises(fileformat.FormatError) as exc:
        fileformat.from_dict(doc)
    t = reason(exc.value)
    assert t.template == "{field}: must be at least 1, got {value}" and t.fields["field"] == "network.layers[0].size"

    doc = fileformat.to_dict(seed)
    doc["init"]["weights"] = {"name": "uniform", "a": 1.0, "b": 0.0}
    with pytest.raises(fileformat.FormatError) as exc:
        fileformat.from_dict(doc)
    assert str(exc.value) == "init.weights.b: must be >= init.weights.a"
    assert reason(exc.value).fields == {"field": "init.weights.b", "other": "init.weights.a"}

    doc = fileformat.to_dict(seed)
    doc["network"]["layers"][0]["activation"] = "foo"  # topology error wrapped as network.…
    with pytest.raises(fileformat.FormatError) as exc:
        fileformat.from_dict(doc)
    t = reason(exc.value)
    assert t.template == "network.{error}" and t.fields["error"].fields["kind"].template == "a hidden layer"

    with pytest.raises(fileformat.FormatError) as exc:
        fileformat.loads("{")
    assert reason(exc.value).template.startswith("document: not valid JSON")
