"""The canvas's right-click menu: the edits available where the user clicked.

Every edit is an :class:`~gradsim.ui.commands.EditRequest` handed to the session, which validates
it and pushes it on the undo stack; the canvas never changes the spec itself.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from gradsim.engine.activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS

from ..commands import EditRequest
from ..i18n import tr
from ..naming import layer_title, neuron_name
from .hit import Hit


def context_menu(canvas, hit: Hit) -> QMenu | None:
    """The edits available at ``hit`` on ``canvas`` (tests trigger its actions directly)."""
    spec = canvas.spec
    if spec is None:
        return None
    session = canvas.session
    L = spec.topology.depth
    menu = QMenu(canvas)

    def add(text: str, request: EditRequest | None, checked: bool | None = None, parent=menu):
        act = QAction(text, parent)
        if checked is not None:
            act.setCheckable(True)
            act.setChecked(checked)
        if request is None:
            act.setEnabled(False)
        else:
            act.triggered.connect(lambda _=False, r=request: session.request_edit(r))
        parent.addAction(act)
        return act

    if hit.kind == "edge":
        k, j, i = hit.edge
        label = spec.weight_label(k, j, i)
        sel = QAction(tr("Select {}").format(label), menu)
        sel.triggered.connect(lambda _=False, e=hit.edge: session.selection.select_weight(*e))
        menu.addAction(sel)
        add(tr("Remove edge {}").format(label), EditRequest("set_edge", (k, j, i, False), tr("Remove edge {}").format(label)))
    elif hit.kind == "removed-edge":
        k, j, i = hit.edge
        label = spec.weight_label(k, j, i)
        add(tr("Restore edge {}").format(label), EditRequest("set_edge", (k, j, i, True), tr("Restore edge {}").format(label)))
    elif hit.kind == "residual":
        l = hit.layer
        add(tr("Remove residual connection into {}").format(layer_title(spec, l)),
            EditRequest("set_residual", (l, None), tr("Remove residual into {}").format(layer_title(spec, l))))
    if hit.kind == "neuron" and 0 < hit.layer < L:
        l, n = hit.layer, hit.index
        add(tr("Remove neuron {}").format(neuron_name(spec, l, n)),
            EditRequest("remove_neuron", (l, n), tr("Remove neuron {}").format(neuron_name(spec, l, n))))
        add(tr("Add a neuron to H{}").format(l), EditRequest("add_neuron", (l,), tr("Add a neuron to H{}").format(l)))
    if hit.kind in ("neuron", "layer"):
        if not menu.isEmpty():
            menu.addSeparator()
        _layer_actions(spec, menu, hit.layer, add)
    if hit.kind in ("none", "edge", "removed-edge", "residual") and not menu.isEmpty():
        menu.addSeparator()
    if hit.kind == "none":
        add(tr("Add a hidden layer before the output"), EditRequest("insert_layer", (L,), tr("Add hidden layer")))
    if spec.topology.masks:
        add(tr("Restore all removed edges"), EditRequest("restore_all_edges", (), tr("Restore all edges")))
    fit = QAction(tr("Fit network in view"), menu)
    fit.triggered.connect(canvas.fit)
    menu.addAction(fit)
    return menu


def _layer_actions(spec, menu: QMenu, l: int, add) -> None:
    topo = spec.topology
    L = topo.depth
    title = layer_title(spec, l)
    if l == 0:
        add(tr("Input size follows the dataset ({})").format(spec.data.name), None)
        add(tr("Insert a hidden layer after the inputs"), EditRequest("insert_layer", (1,), tr("Insert hidden layer")))
        return
    if l < L:
        add(tr("Insert a hidden layer before {}").format(title), EditRequest("insert_layer", (l,), tr("Insert hidden layer")))
        add(tr("Insert a hidden layer after {}").format(title),
            EditRequest("insert_layer", (l + 1,), tr("Insert hidden layer")))
        add(tr("Remove {}").format(title), EditRequest("remove_layer", (l,), tr("Remove {}").format(title)))
    else:
        add(tr("Output size follows the dataset ({})").format(spec.data.name), None)
        add(tr("Insert a hidden layer before the output"), EditRequest("insert_layer", (L,), tr("Insert hidden layer")))
    layer = topo.layers[l - 1]
    sub = menu.addMenu(tr("Activation of {}").format(title))
    group = QActionGroup(sub)
    for name in (OUTPUT_ACTIVATIONS if l == L else HIDDEN_ACTIVATIONS):
        act = add(name, EditRequest("set_activation", (l, name), tr("{}: activation {}").format(title, name)),
                  checked=name == layer.activation, parent=sub)
        group.addAction(act)
    add(tr("Batch norm on {}").format(title), EditRequest("set_batch_norm", (l, not layer.batch_norm),
                                              (tr("{}: batch norm off") if layer.batch_norm
                                               else tr("{}: batch norm on")).format(title)),
        checked=layer.batch_norm)
    if l < L:
        sub = menu.addMenu(tr("Residual connection into {}").format(title))
        group = QActionGroup(sub)
        act = add(tr("none"), EditRequest("set_residual", (l, None), tr("Remove residual into {}").format(title)),
                  checked=layer.residual_from is None, parent=sub)
        group.addAction(act)
        for s in range(l):
            kind = tr("identity") if topo.sizes[s] == topo.sizes[l] else tr("projection")
            act = add(tr("from {} ({})").format(layer_title(spec, s), kind),
                      EditRequest("set_residual", (l, s), tr("Residual {} → {}").format(layer_title(spec, s), title)),
                      checked=layer.residual_from == s, parent=sub)
            group.addAction(act)
