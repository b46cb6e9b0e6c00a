"""The body map's drawing: both views, left and right the patient's own, and hit
boxes big enough for sore hands that never overlap, so one tap means one area."""

import itertools
import re

import pytest

from diary.charts import body_map

FRONT_ONLY = {"left-jaw", "right-jaw", "chest", "abdomen"}
BACK_ONLY = {"upper-back", "lower-back", "left-hip", "right-hip"}
BACKS_OF_LIMBS = {
    f"{side}-{part}"
    for side in ("left", "right")
    for part in ("upper-arm", "lower-arm", "hand", "upper-leg", "lower-leg", "foot")
}


def points_on(d, steps=16):
    """Points along a path made of M, L, Q, C and Z (the curves sampled)."""
    tokens = re.findall(r"[MLQCZ]|-?\d+(?:\.\d+)?", d)
    points, current, op, numbers = [], None, None, []

    def flush():
        nonlocal current
        pairs = [(numbers[i], numbers[i + 1]) for i in range(0, len(numbers), 2)]
        if op in ("M", "L"):
            points.extend(pairs)
            current = pairs[-1]
        elif op in ("Q", "C"):
            controls = [current, *pairs]
            for step in range(1, steps + 1):
                t = step / steps
                level = controls
                while len(level) > 1:  # de Casteljau
                    level = [
                        (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
                        for a, b in itertools.pairwise(level)
                    ]
                points.append(level[0])
            current = pairs[-1]

    for token in tokens:
        if token in "MLQCZ":
            if op:
                flush()
            op, numbers = token, []
        else:
            numbers.append(float(token))
    return points


def extent(d):
    xs, ys = zip(*points_on(d), strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def middle(d):
    x0, y0, x1, y1 = extent(d)
    return (x0 + x1) / 2, (y0 + y1) / 2


def inside(point, box):
    x, y, width, height = box
    return x <= point[0] <= x + width and y <= point[1] <= y + height


def overlap(a, b):
    width = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    height = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return width > 0 and height > 0


def test_the_back_view_has_the_backs_of_the_arms_legs_hands_and_feet():
    back = set(body_map.VIEWS["back"])

    assert back >= BACKS_OF_LIMBS
    assert back == set(body_map.SLUGS) - FRONT_ONLY


def test_the_front_view_has_everything_but_the_back_and_the_buttocks():
    assert set(body_map.VIEWS["front"]) == set(body_map.SLUGS) - BACK_ONLY


def test_an_area_on_both_views_has_a_drawing_and_a_hit_box_on_each():
    for slug in BACKS_OF_LIMBS:
        assert len(body_map.SHAPES[slug]) == 2, slug
        assert len(body_map.HIT_AREAS[slug]) == 2, slug


@pytest.mark.parametrize(
    ("view", "centre", "left_is_on_the_viewers"),
    [("front", body_map.FRONT_X, "right"), ("back", body_map.BACK_X, "left")],
)
def test_left_is_the_patients_left_in_each_view(view, centre, left_is_on_the_viewers):
    for part in ("upper-arm", "hand", "upper-leg", "foot", "shoulder-girdle"):
        left_x = middle(body_map.VIEWS[view][f"left-{part}"][0][0])[0]
        right_x = middle(body_map.VIEWS[view][f"right-{part}"][0][0])[0]
        if left_is_on_the_viewers == "left":
            assert left_x < centre < right_x, part
        else:
            assert right_x < centre < left_x, part


def test_every_hit_box_is_at_least_the_minimum_each_way_and_on_the_canvas():
    for slug, boxes in body_map.HIT_AREAS.items():
        for x, y, width, height in boxes:
            assert width >= body_map.MINIMUM_HIT and height >= body_map.MINIMUM_HIT, slug
            assert x >= 0 and x + width <= body_map.WIDTH, slug
            assert y >= 0 and y + height <= body_map.HEIGHT, slug


def test_the_minimum_is_44_css_pixels_on_a_map_22rem_wide():
    assert body_map.MINIMUM_HIT * 352 / body_map.WIDTH >= 44


def test_no_two_areas_hit_boxes_overlap():
    boxes = [(slug, box) for slug, many in body_map.HIT_AREAS.items() for box in many]

    clashes = [
        (a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
        if a != b and overlap(box_a, box_b)
    ]  # fmt: skip
    assert clashes == []


@pytest.mark.parametrize("view", ["front", "back"])
def test_a_tap_on_the_middle_of_a_drawn_area_is_that_area(view):
    drawn = body_map.VIEWS[view]
    for slug, (paths, boxes) in drawn.items():
        point = middle(paths[0])
        assert any(inside(point, box) for box in boxes), slug
        others = [box for other, (_, many) in drawn.items() if other != slug for box in many]
        assert not any(inside(point, box) for box in others), slug


def test_the_back_of_the_thigh_starts_under_the_buttock():
    back = body_map.VIEWS["back"]
    for side in ("left", "right"):
        buttock_bottom = extent(back[f"{side}-hip"][0][0])[3]
        thigh_top = extent(back[f"{side}-upper-leg"][0][0])[1]
        assert buttock_bottom < thigh_top, side


def test_each_view_stays_within_its_half_of_the_canvas():
    halves = {"front": (0, body_map.WIDTH / 2), "back": (body_map.WIDTH / 2, body_map.WIDTH)}
    for view, (low, high) in halves.items():
        for slug, (paths, boxes) in body_map.VIEWS[view].items():
            x0, _, x1, _ = extent(paths[0])
            assert low <= x0 and x1 <= high, slug
            for x, _, width, _ in boxes:
                assert low <= x and x + width <= high, slug
