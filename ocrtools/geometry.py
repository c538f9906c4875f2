"""Plane geometry shared by the stages: affine maps between frames, boxes of points.

A reader works in frames of its own (a page levelled by its skew, a line cut out of it and
levelled again), but every box it reports must land on the input image as the user has it.
Each frame keeps an :class:`Affine` that maps its points to the input page, and boxes are
mapped by their corners.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import numpy as np

Coord = TypeVar("Coord", float, "np.ndarray")  # a point's coordinate, or an array of them


@dataclass(frozen=True)
class Affine:
    """x' = a x + b y + c, y' = d x + e y + f."""

    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 0.0
    e: float = 1.0
    f: float = 0.0

    def __call__(self, x: Coord, y: Coord) -> tuple[Coord, Coord]:
        """The point (x, y) mapped; or every point of arrays ``x``, ``y``."""
        return self.a * x + self.b * y + self.c, self.d * x + self.e * y + self.f

    def then(self, other: Affine) -> Affine:
        """This map followed by ``other``."""
        o, s = other, self
        return Affine(
            o.a * s.a + o.b * s.d, o.a * s.b + o.b * s.e, o.a * s.c + o.b * s.f + o.c,
            o.d * s.a + o.e * s.d, o.d * s.b + o.e * s.e, o.d * s.c + o.e * s.f + o.f,
        )

    def shifted(self, dx: float, dy: float) -> Affine:
        """A translation by (dx, dy) first, then this map."""
        return Affine(1.0, 0.0, dx, 0.0, 1.0, dy).then(self)

    @property
    def is_identity(self) -> bool:
        return self == Affine()

    def as_list(self) -> list[float]:
        return [round(v, 6) for v in (self.a, self.b, self.c, self.d, self.e, self.f)]

    @classmethod
    def from_list(cls, values: Sequence[float]) -> Affine:
        a, b, c, d, e, f = (float(v) for v in values)
        return cls(a, b, c, d, e, f)

    def box(self, x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
        """The axis-aligned box (x, y, w, h) holding the mapped corners of a box."""
        return bounding([self(px, py) for px, py in _corners(x, y, w, h)])

    def polygon(self, x: float, y: float, w: float, h: float) -> list[tuple[int, int]]:
        """The mapped corners of a box, clockwise from its top-left."""
        return [(int(round(px)), int(round(py))) for px, py in
                (self(cx, cy) for cx, cy in _corners(x, y, w, h))]


@dataclass(frozen=True)
class Projective:
    """A projective map (a homography): x' = (a x + b y + c) / w, y' = (d x + e y + f) / w,
    w = g x + h y + 1 (a photo's perspective; PIL's ``PERSPECTIVE`` data, in this order)."""

    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 0.0
    e: float = 1.0
    f: float = 0.0
    g: float = 0.0
    h: float = 0.0

    def __call__(self, x: Coord, y: Coord) -> tuple[Coord, Coord]:
        """The point (x, y) mapped; or every point of arrays ``x``, ``y``."""
        w = self.g * x + self.h * y + 1.0
        return (self.a * x + self.b * y + self.c) / w, (self.d * x + self.e * y + self.f) / w

    def as_list(self) -> list[float]:
        return [self.a, self.b, self.c, self.d, self.e, self.f, self.g, self.h]


def bounding(points: Sequence[tuple[float, float]]) -> tuple[int, int, int, int]:
    """The whole-pixel box (x, y, w, h) holding points (at least a pixel each way)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, y0 = math.floor(min(xs)), math.floor(min(ys))
    x1, y1 = math.ceil(max(xs)), math.ceil(max(ys))
    return (int(x0), int(y0), int(max(1, x1 - x0)), int(max(1, y1 - y0)))


def _corners(x: float, y: float, w: float, h: float) -> Iterable[tuple[float, float]]:
    return ((x, y), (x + w, y), (x + w, y + h), (x, y + h))


def rotation(angle: float, width: int, height: int) -> tuple[Affine, tuple[int, int]]:
    """What ``PIL.Image.rotate(angle, expand=True)`` does to a width x height image:
    the map from the rotated image's pixels back to the input's, and the rotated size
    (the same arithmetic as Pillow's, so a box found in the rotated image maps back)."""
    theta = -math.radians(angle % 360)
    cos, sin = round(math.cos(theta), 15), round(math.sin(theta), 15)
    cx, cy = width / 2.0, height / 2.0
    m = [cos, sin, 0.0, -sin, cos, 0.0]
    m[2] = cos * -cx + sin * -cy + cx
    m[5] = -sin * -cx + cos * -cy + cy
    xs, ys = [], []
    for x, y in ((0, 0), (width, 0), (width, height), (0, height)):
        xs.append(m[0] * x + m[1] * y + m[2])
        ys.append(m[3] * x + m[4] * y + m[5])
    nw = math.ceil(max(xs)) - math.floor(min(xs))
    nh = math.ceil(max(ys)) - math.floor(min(ys))
    tx, ty = -(nw - width) / 2.0, -(nh - height) / 2.0
    m[2], m[5] = m[0] * tx + m[1] * ty + m[2], m[3] * tx + m[4] * ty + m[5]
    return Affine(*m), (int(nw), int(nh))
