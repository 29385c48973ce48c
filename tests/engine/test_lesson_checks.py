"""Conditions judge a LessonState, and plan what a learner would do to make them true."""

from dataclasses import replace

import pytest

from gradsim.engine import edits
from gradsim.engine.lesson_checks import Action, Context, FactorClick, LessonError, LessonState, order, parse
from gradsim.engine.lesson_numbers import Quantity
from gradsim.engine.presets import load_preset

SEED, DEEP = load_preset("seed-2-2-2"), load_preset("deep-sigmoid")


def cond(obj, spec=DEEP):
    return parse(obj, "check", Context(spec))


def state(spec=DEEP, **kw):
    return LessonState(spec=spec, preset=spec.name, **kw)


def test_selection():
    c = cond({"selected": "w5"}, SEED)
    assert not c.holds(state(SEED)) and c.holds(state(SEED, selected=(1, 0, 0)))
    assert not c.holds(state(SEED, selected=(1, 0, 1)))
    assert c.plan(state(SEED)) == [Action("select", ("w5",))] and c.plan(state(SEED, selected=(1, 0, 0))) == []
    assert state(SEED, selected=(1, 0, 0)).selected_name == "w5"
    assert cond({"selected": "W1[1,0]"}).holds(state(selected=(0, 1, 0)))
    # the learner's edit dropped the w1…w8 names: "w5" no longer exists, so it cannot be selected
    renamed = edits.set_layer_size(SEED, 1, 3)
    assert not c.holds(state(renamed, selected=(1, 0, 0))) and c.plan(state(renamed)) == []
    layer1 = cond({"selected_in_layer": 1})
    assert layer1.holds(state(selected=(0, 3, 1))) and not layer1.holds(state(selected=(1, 0, 0)))
    assert layer1.plan(state()) == [Action("select", ("W1[0,0]",))]
    masked = edits.set_edge(DEEP, 0, 0, 0, False)
    assert layer1.plan(state(masked)) == [Action("select", ("W1[0,1]",))]  # a removed edge is not clickable


def test_layer_properties():
    relu3 = cond({"activation": {"layer": 3, "is": "relu"}})
    spec = edits.set_activation(DEEP, 3, "relu")
    assert relu3.holds(state(spec)) and not relu3.holds(state())
    assert relu3.plan(state()) == [Action("set_activation", (3, "relu"))]
    family = cond({"activation": {"layer": "all_hidden", "in": ["relu", "elu"]}})
    assert not family.holds(state(spec))
    assert family.plan(state(spec)) == [Action("set_activation", (l, "relu")) for l in range(1, 11) if l != 3]
    assert family.holds(state(load_preset("deep-relu"))) and family.holds(state(load_preset("deep-elu")))
    assert not family.holds(state(load_preset("deep-leaky-relu")))
    some = cond({"activation": {"layer": "any_hidden", "is": "relu"}})
    assert some.holds(state(spec)) and some.plan(state()) == [Action("set_activation", (1, "relu"))]
    listed = cond({"batch_norm": {"layer": [2, 4], "is": True}})
    assert listed.plan(state()) == [Action("set_batch_norm", (2, True)), Action("set_batch_norm", (4, True))]
    assert cond({"batch_norm": {"layer": "all_hidden"}}).holds(state(load_preset("deep-batchnorm")))
    assert cond({"batch_norm": {"layer": 1, "is": False}}).holds(state())
    res = cond({"residual": {"layer": [2, 3], "is": True}})
    assert res.plan(state()) == [Action("set_residual", (2, 1)), Action("set_residual", (3, 2))]
    assert res.holds(state(load_preset("deep-residual")))
    assert cond({"residual": {"layer": 2, "is": False}}).plan(state(load_preset("deep-residual"))) == [
        Action("set_residual", (2, None))]
    # a layer the edited network no longer has: false, and nothing to do
    short = edits.remove_layer(DEEP, 10)
    assert not cond({"activation": {"layer": 10, "is": "sigmoid"}}).holds(state(short))


def test_run_settings_and_outcomes():
    clip = cond({"clipping": "on"})
    spec = DEEP.copy()
    spec.train.clip_mode = "value"
    assert clip.holds(state(spec)) and not clip.holds(state())
    assert clip.plan(state()) == [Action("set_clipping", ("norm",))]
    assert cond({"clipping": "off"}).holds(state()) and not cond({"clipping": "norm"}).holds(state(spec))
    assert cond({"clipping": "off"}).plan(state(spec)) == [Action("set_clipping", ("none",))]
    assert cond({"init": "he_normal"}).plan(state()) == [Action("set_init", ("he_normal",))]
    assert cond({"lr_at_most": 0.01}).plan(state()) == [Action("set_lr", (0.01,))]
    assert cond({"lr_at_least": 0.01}).holds(state())
    steps = cond({"steps_at_least": 100})
    assert not steps.holds(state(step=99)) and steps.holds(state(step=100))
    assert steps.plan(state(step=3)) == [Action("train_to", (100,))]
    boom = cond({"nonfinite": True})
    assert boom.plan(state()) == [Action("train_until_stopped")] and boom.holds(state(nonfinite=True))
    assert cond({"nonfinite": False}).plan(state(nonfinite=True)) == []  # nothing a learner can do
    verdict = cond({"diagnosis_in": ["healthy", "converged"]})
    assert verdict.holds(state(diagnosis="converged")) and not verdict.holds(state(diagnosis="vanishing"))
    assert verdict.plan(state()) == []
    views = cond({"views_visible": ["chain_rule", "plots.loss"]})
    assert views.plan(state(views=frozenset({"plots.loss"}))) == [Action("show_view", ("chain_rule",))]
    assert views.holds(state(views=frozenset({"chain_rule", "plots.loss", "canvas"})))
    preset = cond({"preset_in": ["deep-relu", "deep-elu"]})
    assert preset.plan(state()) == [Action("load_preset", ("deep-relu",))]
    assert preset.holds(replace(state(), preset="deep-elu"))


def test_combinators_and_plan_order():
    c = cond({"all": [{"steps_at_least": 100}, {"activation": {"layer": 1, "is": "elu"}},
                      {"not": {"diagnosis_in": ["vanishing"]}}]})
    # the edit restarts the run, so it comes before the training
    assert c.plan(state()) == [Action("set_activation", (1, "elu")), Action("train_to", (100,))]
    assert not c.holds(state(step=200)) and c.holds(state(edits.set_activation(DEEP, 1, "elu"), step=100))
    either = cond({"any": [{"clipping": "on"}, {"init": "he_normal"}]})
    assert either.plan(state()) == [Action("set_clipping", ("norm",))] and either.numbers() == set()
    assert order([Action("train_to", (5,)), Action("select", ("w5",)), Action("train_to", (50,)),
                  Action("load_preset", ("xor",)), Action("select", ("w5",))]) == [
        Action("load_preset", ("xor",)), Action("select", ("w5",)), Action("train_to", (50,))]


def test_numbers_compare_on_the_states_own_values():
    gt = cond({"compare": ["E_o1", ">", "E_o2"]}, SEED)
    numbers = {"E_o1": Quantity(0.27), "E_o2": Quantity(0.02)}
    assert gt.holds(state(SEED, numbers=numbers)) and gt.numbers() == {"E_o1", "E_o2"}
    assert not gt.holds(state(SEED, numbers={"E_o1": Quantity(0.01), "E_o2": Quantity(0.02)}))
    assert not gt.holds(state(SEED, numbers={"E_o1": Quantity(0.27)}))  # no value: false, never an error
    absolute = cond({"compare": ["|path_o2_h1|", "<", 0.05]}, SEED)
    assert absolute.holds(state(SEED, numbers={"path_o2_h1": Quantity(-0.019)}))
    assert not absolute.holds(state(SEED, numbers={"path_o2_h1": Quantity(-0.06)}))
    assert not absolute.holds(state(SEED, numbers={"path_o2_h1": Quantity(float("nan"))}))
    small = cond({"smallest": ["update_ratio_1", "update_ratio_5", "update_ratio_10"]})
    ratios = {"update_ratio_1": Quantity(1e-8), "update_ratio_5": Quantity(1e-6), "update_ratio_10": Quantity(1e-3)}
    assert small.holds(state(numbers=ratios))
    assert not cond({"largest": ["update_ratio_1", "update_ratio_10"]}).holds(state(numbers=ratios))
    assert cond({"largest": ["update_ratio_10", "update_ratio_5"]}).holds(state(numbers=ratios))
    with pytest.raises(LessonError, match="measured by training"):
        parse({"compare": ["flow", ">", 1]}, "claims[0]", Context(DEEP, trained=False))


def test_a_clicked_factor():
    sigma = FactorClick("∂out_o1/∂net_o1", "fprime", 0.1868, "w5", 2)
    error = FactorClick("∂E/∂out_o1", "output-grad", 0.7414, "w5", 2)
    root = FactorClick("∂E/∂w5", "sample", 0.0822, "w5", 2, leaf=False)
    at_most = cond({"factor": {"weight": "w5", "leaf": True, "max_abs": 0.25}}, SEED)
    assert at_most.holds(state(SEED, factor=sigma)) and not at_most.holds(state(SEED, factor=error))
    assert not at_most.holds(state(SEED, factor=root)) and not at_most.holds(state(SEED))
    assert not at_most.holds(state(SEED, factor=replace(sigma, weight="w6")))
    kind = cond({"factor": {"kind_in": ["fprime", "input"], "layer": 2, "min": 0.1}}, SEED)
    assert kind.holds(state(SEED, factor=sigma)) and not kind.holds(state(SEED, factor=replace(sigma, value=0.05)))
    assert not kind.holds(state(SEED, factor=replace(sigma, value=float("nan"))))
    named = cond({"factor": {"weight": "w5", "name": "∂out_o1/∂net_o1"}}, SEED)
    assert named.holds(state(SEED, factor=sigma)) and not named.holds(state(SEED, factor=error))
    plus_one = cond({"factor": {"kind": "skip", "min": 1, "max": 1}})
    assert plus_one.holds(state(factor=FactorClick("∂(skip)/∂out", "skip", 1.0, "W1[0,0]", 1)))
    assert not plus_one.holds(state(factor=FactorClick("P2[0,0]", "skip", 0.3, "W1[0,0]", 1)))
    assert at_most.plan(state(SEED)) == []  # an answer, not a task: the walk clicks through the chain itself
