"""The canvas draws every edge with one item (EdgeLayer), in device coordinates, bucket by bucket."""

import numpy as np

from .helpers import wait_step


def _colour_near(img, x: int, y: int, rgb: int, radius: int = 2, tolerance: int = 40) -> bool:
    """Is there a pixel of colour ``rgb`` (±tolerance per channel) within ``radius`` of (x, y)?"""
    want = np.array([(rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255])
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            if 0 <= x + dx < img.width() and 0 <= y + dy < img.height():
                c = img.pixelColor(x + dx, y + dy)
                if np.all(np.abs(np.array([c.red(), c.green(), c.blue()]) - want) <= tolerance):
                    return True
    return False


def test_every_edge_is_painted_where_it_is_in_its_class_colour(qtbot, make_window):
    w = make_window("seed-2-2-2")
    w.session.step()
    wait_step(qtbot, w, 1)
    c = w.canvas
    k, j, i, cls = c.edge_classes
    assert c.edge_layer.segment_count == len(k) == 8
    img = c.viewport().grab().toImage()
    for n in range(len(k)):
        # a quarter of the way along: the seed's crossing edges meet at their midpoints
        p = c.mapFromScene(c.edge_scene_pos(int(k[n]), int(j[n]), int(i[n]), 0.25))
        colour = c.scale.class_colors[int(cls[n])].rgb()
        assert _colour_near(img, p.x(), p.y(), colour), f"edge W{k[n] + 1}[{j[n]},{i[n]}] not drawn"


def test_buckets_are_drawn_weak_to_strong(qtbot, make_window):
    w = make_window("deep-sigmoid")
    w.session.step()
    wait_step(qtbot, w, 1)
    layer = w.canvas.edge_layer
    colours = [pen.color().rgb() for pen in layer.pens]
    palette = [col.rgb() for col in w.canvas.scale.class_colors]
    ranks = [palette.index(col) for col in colours]
    assert ranks == sorted(ranks) and len(ranks) <= len(palette) * 4
    # one segment per drawn edge, grouped by (colour, width) bucket
    assert layer.segment_count == len(w.canvas.edge_classes[0])


def test_edges_keep_following_the_view_after_zoom(qtbot, make_window):
    w = make_window("seed-2-2-2")
    w.session.step()
    wait_step(qtbot, w, 1)
    c = w.canvas
    c.vb.scaleBy((0.7, 0.7))
    k, j, i, cls = c.edge_classes
    img = c.viewport().grab().toImage()
    p = c.mapFromScene(c.edge_scene_pos(int(k[0]), int(j[0]), int(i[0]), 0.25))
    assert _colour_near(img, p.x(), p.y(), c.scale.class_colors[int(cls[0])].rgb())


def test_neurons_are_painted_in_their_activation_colour(qtbot, make_window):
    from gradsim.ui.colors import activation_classes

    w = make_window("seed-2-2-2")
    w.session.step()
    snap = wait_step(qtbot, w, 1)
    c = w.canvas
    img = c.viewport().grab().toImage()
    acts = np.concatenate(snap.activations)
    classes = activation_classes(acts, len(c._act_brushes))
    for n, (layer, index) in enumerate(zip(c.layer_of, c.index_of)):
        p = c.mapFromScene(c.neuron_scene_pos(int(layer), int(index)))
        colour = c._act_brushes[int(classes[n])].color().rgb()
        assert _colour_near(img, p.x(), p.y(), colour, radius=1, tolerance=12), f"neuron {layer}/{index}"


def test_canvas_svg_has_vector_neurons(qtbot, make_window, tmp_path):
    import xml.etree.ElementTree as ET

    from gradsim.ui import exports

    w = make_window("seed-2-2-2")
    w.session.step()
    wait_step(qtbot, w, 1)
    root = ET.parse(exports.export_canvas(w.canvas, tmp_path / "net.svg")).getroot()
    # six neurons as vector shapes (no embedded sprites)
    assert not any(el.tag.endswith("image") for el in root.iter())
    shapes = [el for el in root.iter() if el.tag.endswith(("ellipse", "circle", "rect", "path"))]
    assert len(shapes) >= 6
