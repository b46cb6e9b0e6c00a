"""The drawing behind the body map: one SVG canvas, front view and back view.

Why the shapes live in code and not in the database
---------------------------------------------------
The *catalogue* of body areas (their names, their order, which ones are
offered) is editable data: it lives in the database so the host can rename an
area, translate it or add a new one without a deploy.  The *drawing* is not
data anyone should edit through the admin: a path ``d`` string only makes
sense against the fixed canvas and figure outlines defined here, so each shape
is tied to an area's stable slug and ships with the code.

The two meet by slug.  ``areas_for_map`` takes the areas from the database and
attaches the shapes drawn for them; an area the host adds that has no shape
here is simply left off the picture, and still shows in the plain list of
areas that sits next to the map (the list, not the picture, is the complete
and accessible way to pick an area).

Geometry
--------
The canvas is ``VIEWBOX`` (400 x 480 units).  The "Front" figure is centred
on x = 100, the "Back" figure on x = 300.  "Left" and "right" are the
*patient's*: on the front view the patient's left is on the viewer's right,
on the back view it is on the viewer's left.  The jaw, chest and abdomen are
drawn on the front view only; the upper back, lower back and hips (buttocks)
on the back view only; the neck, shoulder girdles, arms, hands, legs and feet
on both (the back of a thigh starts under the buttock).

Each paired shape below is drawn once, in figure-local coordinates (x
relative to the figure's centre line, negative x = the viewer's left), and
mirrored for the other side, so the two sides always match.  All paths are
built from straight lines and Bezier curves only (no arcs), which keeps
mirroring trivial.  The module is plain Python and imports nothing from
Django.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

__all__ = [
    "VIEWBOX",
    "WIDTH",
    "HEIGHT",
    "SHAPES",
    "OUTLINES",
    "LABELS",
    "SLUGS",
    "HIT_AREAS",
    "MINIMUM_HIT",
    "VIEWS",
    "areas_for_map",
]

WIDTH = 400
HEIGHT = 480  # room under the feet for their hit areas
VIEWBOX = f"0 0 {WIDTH} {HEIGHT}"

FRONT_X = 100  # centre line of the front figure
BACK_X = 300  # centre line of the back figure

LEVELS = 4  # shade buckets 1..LEVELS for areas with at least one entry


# --- tiny path toolkit -------------------------------------------------------
# A shape is a start point plus a list of segments, each ("L", x, y),
# ("Q", cx, cy, x, y) or ("C", c1x, c1y, c2x, c2y, x, y), in local
# coordinates.


def _num(value: float) -> str:
    text = f"{value:.1f}"
    text = text.removesuffix(".0")
    return "0" if text == "-0" else text


def _d(start, segments, dx: float, flip: bool = False) -> str:
    """Render a closed path, shifted by ``dx`` and optionally mirrored."""

    def pt(x: float, y: float) -> str:
        return f"{_num((-x if flip else x) + dx)} {_num(y)}"

    parts = [f"M{pt(*start)}"]
    for seg in segments:
        op, coords = seg[0], seg[1:]
        pairs = " ".join(pt(coords[i], coords[i + 1]) for i in range(0, len(coords), 2))
        parts.append(f"{op}{pairs}")
    parts.append("Z")
    return " ".join(parts)


def _symmetric(start, segments):
    """Close a half outline (axis -> viewer's left -> axis) with its mirror.

    ``start`` and the last segment's end point must lie on the axis (x = 0).
    Returns (start, segments) for the whole, symmetric shape.
    """
    points = [start] + [seg[-2:] for seg in segments]
    back = []
    for i in range(len(segments) - 1, -1, -1):
        seg = segments[i]
        op, controls = seg[0], list(seg[1:-2])
        pairs = [(controls[j], controls[j + 1]) for j in range(0, len(controls), 2)]
        pairs.reverse()
        end = points[i]
        flat = [c for x, y in pairs + [end] for c in (-x, y)]
        back.append((op, *flat))
    return start, list(segments) + back


def _ellipse(cx: float, cy: float, rx: float, ry: float):
    """An ellipse as four cubic Beziers (start, segments)."""
    k = 0.5523
    return (cx - rx, cy), [
        ("C", cx - rx, cy - k * ry, cx - k * rx, cy - ry, cx, cy - ry),
        ("C", cx + k * rx, cy - ry, cx + rx, cy - k * ry, cx + rx, cy),
        ("C", cx + rx, cy + k * ry, cx + k * rx, cy + ry, cx, cy + ry),
        ("C", cx - k * rx, cy + ry, cx - rx, cy + k * ry, cx - rx, cy),
    ]


def _elliptic_arc(cx, cy, rx, ry, from_deg, to_deg, steps=8):
    """Points along an ellipse, as line segments (for shapes hugging the head)."""
    segs = []
    for i in range(1, steps + 1):
        a = math.radians(from_deg + (to_deg - from_deg) * i / steps)
        segs.append(("L", cx + rx * math.cos(a), cy + ry * math.sin(a)))
    return segs


# --- the figure ---------------------------------------------------------------
# Head: centre (0, 56), 56 x 62 units.
HEAD = (0, 56, 28, 31)

# Body silhouette, viewer's left half: from the neck (hidden under the head)
# over the shoulder, round the arm and hand, down the side, round the foot
# and up the inside of the leg to the crotch.
_BODY_HALF = (
    (0, 80),
    [
        ("L", -15, 80),
        ("L", -16, 96),
        ("Q", -17, 100, -22, 99),
        ("Q", -34, 102, -48, 105),
        ("C", -64, 108, -74, 120, -74, 138),  # shoulder
        ("L", -89, 202),  # outer elbow
        ("L", -95, 262),  # outer wrist
        ("C", -98, 280, -96, 305, -79, 305),  # round the hand
        ("C", -64, 305, -61, 290, -63.5, 268),
        ("L", -55, 212),  # inner elbow
        ("L", -42, 148),
        ("Q", -41.5, 142, -41, 144),  # armpit
        ("Q", -41, 166, -40, 190),
        ("Q", -36, 214, -41, 240),  # waist
        ("Q", -44, 252, -44, 270),  # hip
        ("Q", -45, 310, -40, 345),  # outer knee
        ("Q", -43, 383, -29, 419),  # outer ankle
        ("C", -40, 421, -41, 446, -20, 446),  # round the foot
        ("C", -5, 446, -1, 440, -3, 428),
        ("Q", -1, 385, -3, 347),  # inner knee
        ("Q", -1, 310, -1.5, 285),
        ("Q", -1, 279, 0, 279),  # crotch
    ],
)

# --- areas, drawn once (viewer's left side of the FRONT view) -------------------
_JAW = (
    (-2.5, 64),
    [
        ("Q", -14, 62, -26.5, 56),
        *_elliptic_arc(0, 56, 26.5, 29.5, 180, 95, steps=12),
    ],
)

_SHOULDER_GIRDLE = (
    (-20, 101),
    [
        ("Q", -32, 105, -47, 108),
        ("C", -61, 111, -70, 121, -70, 137),
        ("Q", -58, 134, -46, 138),
        ("Q", -36, 128, -28, 121),
        ("Q", -25, 117, -21, 101),
    ],
)

_UPPER_ARM = (
    (-72, 141),
    [
        ("L", -85, 201),
        ("Q", -71, 207, -57, 205),
        ("L", -44, 145),
        ("Q", -58, 138, -72, 141),
    ],
)

_LOWER_ARM = (
    (-86, 206),
    [
        ("L", -92, 262),
        ("Q", -79, 268, -66, 264),
        ("L", -58, 210),
        ("Q", -72, 212, -86, 206),
    ],
)

_HAND = _ellipse(-79, 285.5, 12.5, 16.5)

_UPPER_LEG = (
    (-40, 246),
    [
        ("Q", -44, 300, -38, 340),
        ("Q", -22, 346, -6, 342),
        ("Q", -3, 300, -3, 276),
        ("Q", -22, 266, -40, 246),
    ],
)

_LOWER_LEG = (
    (-37, 347),
    [
        ("Q", -22, 351, -6, 347),
        ("Q", -4, 385, -9, 418),
        ("L", -27, 418),
        ("Q", -40, 382, -37, 347),
    ],
)

_FOOT = _ellipse(-20, 432, 15, 11)

# Back view, viewer's left = the patient's left.
_HIP = (
    (-2, 240),
    [
        ("Q", -20, 237, -40, 242),
        ("Q", -46, 262, -40, 284),
        ("Q", -20, 294, -2, 286),
    ],
)

# The back of the thigh, from under the buttock to the back of the knee.
_BACK_UPPER_LEG = (
    (-41, 291),
    [
        ("Q", -43, 316, -38, 340),
        ("Q", -22, 346, -6, 342),
        ("Q", -3, 318, -3, 293),
        ("Q", -21, 300, -41, 291),
    ],
)

# Centre areas (symmetric about the figure's axis).
_NECK = _symmetric(
    (0, 90),
    [
        ("Q", -8, 90, -13, 86),
        ("L", -15, 104),
        ("Q", -17, 111, -22, 114),
        ("Q", -11, 119, 0, 119),
    ],
)

_CHEST = _symmetric(
    (0, 124),
    [
        ("Q", -14, 125, -27, 126),
        ("Q", -33, 132, -39, 143),
        ("Q", -38.5, 166, -38, 188),
        ("Q", -20, 192, 0, 192),
    ],
)

_ABDOMEN = _symmetric(
    (0, 196),
    [
        ("Q", -20, 196, -38, 192),
        ("Q", -34, 214, -39, 240),
        ("Q", -22, 253, 0, 255),
    ],
)

_UPPER_BACK = _CHEST

_LOWER_BACK = _symmetric(
    (0, 196),
    [
        ("Q", -20, 196, -38, 192),
        ("Q", -35, 212, -38, 232),
        ("Q", -20, 236, 0, 235),
    ],
)


# --- hit areas ------------------------------------------------------------------
# Sore hands and shaky fingers need targets of at least 44 x 44 CSS pixels.  The
# CSS keeps the map at least 22rem (352 px) wide, so a unit is drawn at 0.88 px or
# more, and each area gets invisible boxes of at least MINIMUM_HIT units each way.
#
# The boxes of different areas never overlap, so a tap can only mean one area,
# and the middle of each drawn area lies in its own box.  A figure is 200 units
# wide: across the hands and the legs that is just room for four columns of 50
# (hand, thigh | thigh, hand), which is why 50 is the minimum and not more.
# Where there is room a box is larger, growing away from its neighbours (the jaw
# up into the head, the feet down into empty space).
MINIMUM_HIT = 50

# (x0, y0, x1, y1) in local coordinates; for a pair, the viewer's left side.
_FRONT_PAIRS = {
    "jaw": (_JAW, [(-50, 30, 0, 82)]),
    "shoulder-girdle": (_SHOULDER_GIRDLE, [(-80, 86, -25, 140)]),
    "upper-arm": (_UPPER_ARM, [(-100, 140, -40, 200)]),
    "lower-arm": (_LOWER_ARM, [(-100, 200, -50, 262)]),
    "hand": (_HAND, [(-100, 262, -50, 320)]),
    "upper-leg": (_UPPER_LEG, [(-50, 250, 0, 344)]),
    "lower-leg": (_LOWER_LEG, [(-50, 344, 0, 420)]),
    "foot": (_FOOT, [(-50, 420, 0, 476)]),
}
_FRONT_CENTRE = {
    "neck": (_NECK, [(-25, 82, 25, 134)]),
    "chest": (_CHEST, [(-40, 140, 40, 194)]),
    "abdomen": (_ABDOMEN, [(-40, 194, 40, 250)]),
}
# On the back there is no jaw, so the neck's box reaches up into the head.
_BACK_PAIRS = {
    "shoulder-girdle": (_SHOULDER_GIRDLE, [(-80, 88, -25, 140)]),
    "upper-arm": (_UPPER_ARM, [(-100, 140, -40, 200)]),
    "lower-arm": (_LOWER_ARM, [(-100, 200, -50, 262)]),
    "hand": (_HAND, [(-100, 262, -50, 320)]),
    "hip": (_HIP, [(-50, 242, 0, 294)]),
    "upper-leg": (_BACK_UPPER_LEG, [(-50, 294, 0, 344)]),
    "lower-leg": (_LOWER_LEG, [(-50, 344, 0, 420)]),
    "foot": (_FOOT, [(-50, 420, 0, 476)]),
}
_BACK_CENTRE = {
    "neck": (_NECK, [(-25, 64, 25, 120)]),
    "upper-back": (_UPPER_BACK, [(-25, 120, 25, 192), (-40, 140, 40, 192)]),
    "lower-back": (_LOWER_BACK, [(-40, 192, 40, 242)]),
}


def _box(hit, dx: float, flip: bool = False) -> tuple[float, float, float, float]:
    """A hit box as (x, y, width, height) on the canvas, shifted and mirrored like _d."""
    x0, y0, x1, y1 = hit
    if flip:
        x0, x1 = -x1, -x0
    return (x0 + dx, y0, x1 - x0, y1 - y0)


def _build_view(pairs, centre, dx: float, left_flipped: bool):
    """slug -> (paths, boxes) for one view.  On the front the patient's left is
    the mirrored side; on the back it is the side as drawn."""
    view: dict[str, tuple[list[str], list[tuple[float, float, float, float]]]] = {}
    for name, (shape, hits) in pairs.items():
        for side, flip in (("left", left_flipped), ("right", not left_flipped)):
            view[f"{side}-{name}"] = (
                [_d(*shape, dx, flip=flip)],
                [_box(hit, dx, flip=flip) for hit in hits],
            )
    for name, (shape, hits) in centre.items():
        view[name] = ([_d(*shape, dx)], [_box(hit, dx) for hit in hits])
    return view


#: view ("front", "back") -> slug -> (path ``d`` strings, hit boxes) drawn in that view.
VIEWS = {
    "front": _build_view(_FRONT_PAIRS, _FRONT_CENTRE, FRONT_X, left_flipped=True),
    "back": _build_view(_BACK_PAIRS, _BACK_CENTRE, BACK_X, left_flipped=False),
}


def _ordered(pick) -> dict[str, list]:
    order = [
        "left-jaw", "right-jaw",
        "left-shoulder-girdle", "right-shoulder-girdle",
        "left-upper-arm", "right-upper-arm",
        "left-lower-arm", "right-lower-arm",
        "left-hip", "right-hip",
        "left-upper-leg", "right-upper-leg",
        "left-lower-leg", "right-lower-leg",
        "neck", "upper-back", "lower-back", "chest", "abdomen",
        "left-hand", "right-hand", "left-foot", "right-foot",
    ]  # fmt: skip
    return {
        slug: [item for view in VIEWS.values() if slug in view for item in pick(view[slug])]
        for slug in order
    }


#: slug -> list of closed SVG path ``d`` strings in the ``VIEWBOX`` canvas.
SHAPES: dict[str, list[str]] = _ordered(lambda drawn: drawn[0])

#: slug -> invisible hit boxes (x, y, width, height), one per drawn view.
HIT_AREAS: dict[str, list[tuple[float, float, float, float]]] = _ordered(lambda drawn: drawn[1])

#: Every slug that has a drawing, in the ACR 2016 WPI order plus hands and feet.
SLUGS: tuple[str, ...] = tuple(SHAPES)

#: Figure outlines (body silhouette and head, for each view), drawn underneath.
OUTLINES: list[str] = [
    _d(*_symmetric(*_BODY_HALF), FRONT_X),
    _d(*_ellipse(*HEAD), FRONT_X),
    _d(*_symmetric(*_BODY_HALF), BACK_X),
    _d(*_ellipse(*HEAD), BACK_X),
]

#: Captions for the two views: (x, y, key); the template translates the key.
LABELS: list[tuple[float, float, str]] = [
    (FRONT_X, 16, "front"),
    (BACK_X, 16, "back"),
]


def _level(count: int, highest: int) -> int:
    if count <= 0 or highest <= 0:
        return 0
    return max(1, min(LEVELS, math.ceil(LEVELS * count / highest)))


def _boxes(boxes):
    return [dict(zip(("x", "y", "width", "height"), box, strict=True)) for box in boxes]


def areas_for_map(
    areas: Iterable,
    href: Callable | None = None,
    selected: Iterable[str] = (),
    counts: Mapping[str, int] | None = None,
) -> list[dict]:
    """Attach the drawing to the catalogue, for the ``body_map.html`` include.

    ``areas`` are BodyArea rows (their ``.slug`` and ``.shown_name``); only
    the ones with a shape are returned, in the order given.  ``href(area)``
    gives each area's link (no link when ``href`` is None); ``selected`` is a
    collection of slugs to highlight; ``counts`` maps slug -> number of
    entries, turned into ``count`` and a shade ``level`` (0 for none, else
    1..4 with 4 for the busiest area on the map).  Without ``counts`` every
    ``count`` is None and every ``level`` 0.

    ``views`` holds the area's drawing and hit boxes per view it is drawn on
    ("front", "back"): a link is drawn once per view, so the middle of each link
    is on its own drawing (where a screen reader's double tap lands).
    """
    if isinstance(selected, str):
        selected = {selected}
    selected = set(selected or ())
    drawn = [area for area in areas if area.slug in SHAPES]
    if counts is not None:
        highest = max((counts.get(area.slug, 0) for area in drawn), default=0)
    result = []
    for area in drawn:
        count = counts.get(area.slug, 0) if counts is not None else None
        views = [
            {
                "key": key,
                "paths": drawn_here[area.slug][0],
                "hits": _boxes(drawn_here[area.slug][1]),
            }
            for key, drawn_here in VIEWS.items()
            if area.slug in drawn_here
        ]
        result.append(
            {
                "slug": area.slug,
                "name": area.shown_name,
                "paths": SHAPES[area.slug],
                "hits": _boxes(HIT_AREAS[area.slug]),
                "views": views,
                "href": href(area) if href else None,
                "selected": area.slug in selected,
                "count": count,
                "level": _level(count, highest) if count is not None else 0,
            }
        )
    return result
