"""Webcam-like frames with a real face: the astronaut photo from scikit-image, cut out and animated.

The head and shoulders sway and turn a little all the time; planned events make the person look
away (a yaw-like perspective turn), leave the frame, or, in integrity cases, a second, mirrored and
tinted face appears behind them. The events are the video ground truth, with their times.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, cast

import numpy as np
import numpy.typing as npt
from PIL import Image

VideoEventKind = Literal["looking_away", "face_absent", "second_face"]
Frame = npt.NDArray[np.uint8]
_RAMP_S = 0.4  # turning away, walking out and back take this long; truth covers the full-effect part


@dataclass(frozen=True)
class VideoEvent:
    kind: VideoEventKind
    start_s: float
    end_s: float


@dataclass(frozen=True)
class VideoPlan:
    width: int
    height: int
    fps: int
    n_frames: int
    events: tuple[VideoEvent, ...]
    background: tuple[tuple[int, int, int], tuple[int, int, int]]
    sway_phase: float
    yaw_sign: float

    @property
    def duration_s(self) -> float:
        return self.n_frames / self.fps


@functools.cache
def _sprite() -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Head-and-shoulders cut-out of skimage's astronaut: RGB in 0-1 and a feathered alpha."""
    from skimage import data  # lazy: scikit-image import is slow

    astronaut = cast(Callable[[], npt.NDArray[np.uint8]], data.astronaut)
    image = astronaut()[0:280, 95:355].astype(np.float32) / 255.0
    h, w = image.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    head = ((xx - 130) / 82) ** 2 + ((yy - 100) / 102) ** 2
    shoulders = ((xx - 130) / 135) ** 2 + ((yy - 290) / 140) ** 2
    distance = np.minimum(head, shoulders)
    alpha = np.clip((1.08 - distance) / 0.16, 0.0, 1.0).astype(np.float32)
    return image, alpha


def _background(plan: VideoPlan) -> npt.NDArray[np.float32]:
    top, bottom = (np.array(c, dtype=np.float32) / 255.0 for c in plan.background)
    ramp = np.linspace(0.0, 1.0, plan.height, dtype=np.float32)[:, None, None]
    frame = np.broadcast_to(top * (1 - ramp) + bottom * ramp, (plan.height, plan.width, 3)).copy()
    # a door frame and a shelf: static structure, as behind a real webcam
    w, h = plan.width, plan.height
    frame[int(h * 0.12) : int(h * 0.95), int(w * 0.78) : int(w * 0.80)] *= 0.7
    frame[int(h * 0.12) : int(h * 0.14), int(w * 0.80) : int(w * 0.97)] *= 0.7
    frame[int(h * 0.30) : int(h * 0.33), int(w * 0.02) : int(w * 0.22)] = (0.45, 0.32, 0.2)
    return frame


def plan_video(
    duration_s: float,
    width: int,
    height: int,
    fps: int,
    rng: np.random.Generator,
    *,
    looking_away: int,
    face_absent: bool,
    second_face_at: Sequence[float] = (),
) -> VideoPlan:
    """Choose event times that do not collide: looking-away glances, one absence, second faces."""
    n_frames = max(1, math.ceil(round(duration_s * fps, 6)))
    total = n_frames / fps
    events: list[VideoEvent] = []

    def free(start: float, end: float) -> bool:
        return all(end + 1.0 < e.start_s or start > e.end_s + 1.0 for e in events)

    for at in second_face_at:
        start = round(max(0.5, min(at - 0.5, total - 4.5)), 2)
        events.append(VideoEvent("second_face", start, round(min(total - 0.5, start + 3.5), 2)))
    wanted: list[tuple[VideoEventKind, float, float]] = [("looking_away", 1.2, 2.5)] * looking_away
    if face_absent:
        wanted.append(("face_absent", 2.5, 4.0))
    for kind, low, high in wanted:
        for _ in range(50):
            length = round(float(rng.uniform(low, high)), 2)
            start = round(float(rng.uniform(2.0, max(2.1, total - length - 2.0))), 2)
            if start + length < total - 1.0 and free(start - _RAMP_S, start + length + _RAMP_S):
                events.append(VideoEvent(kind, start, round(start + length, 2)))
                break
    colours = [
        ((196, 190, 178), (150, 142, 130)),
        ((178, 190, 200), (120, 130, 140)),
        ((205, 196, 170), (160, 150, 120)),
    ]
    return VideoPlan(
        width=width,
        height=height,
        fps=fps,
        n_frames=n_frames,
        events=tuple(sorted(events, key=lambda e: e.start_s)),
        background=colours[int(rng.integers(len(colours)))],
        sway_phase=float(rng.uniform(0, 2 * math.pi)),
        yaw_sign=1.0 if rng.random() < 0.5 else -1.0,
    )


def _envelope(t: float, event: VideoEvent) -> float:
    """0 outside the event, ramping to 1 over _RAMP_S before its start, 1 inside, ramping back after."""
    if t < event.start_s - _RAMP_S or t > event.end_s + _RAMP_S:
        return 0.0
    if t < event.start_s:
        return (t - (event.start_s - _RAMP_S)) / _RAMP_S
    if t > event.end_s:
        return (event.end_s + _RAMP_S - t) / _RAMP_S
    return 1.0


def _to_image(rgb: npt.NDArray[np.float32], alpha: npt.NDArray[np.float32]) -> Image.Image:
    rgba = np.dstack([rgb, alpha])
    return Image.fromarray((rgba * 255.0 + 0.5).clip(0, 255).astype(np.uint8), mode="RGBA")


def _composite(canvas: Image.Image, sprite: Image.Image, matrix: npt.NDArray[np.float64]) -> None:
    """Warp an RGBA sprite by a 3x3 projective `matrix` (sprite -> canvas) and blend it in, in place.

    Only the sprite's bounding box on the canvas is warped (Pillow, in C): the rest is untouched.
    """
    w, h = canvas.size
    sw, sh = sprite.size
    corners = np.array([[0, 0, 1], [sw, 0, 1], [0, sh, 1], [sw, sh, 1]], dtype=np.float64) @ matrix.T
    xs, ys = corners[:, 0] / corners[:, 2], corners[:, 1] / corners[:, 2]
    x0, x1 = max(0, math.floor(xs.min())), min(w, math.ceil(xs.max()) + 1)
    y0, y1 = max(0, math.floor(ys.min())), min(h, math.ceil(ys.max()) + 1)
    if x1 <= x0 or y1 <= y0:
        return  # entirely outside the frame
    shift = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]], dtype=np.float64)
    inverse = np.linalg.inv(shift @ matrix)
    inverse /= inverse[2, 2]
    coefficients = tuple(float(c) for c in inverse.ravel()[:8])
    layer = sprite.transform(
        (x1 - x0, y1 - y0), Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BILINEAR
    )
    canvas.alpha_composite(layer, dest=(x0, y0))


def _person_matrix(
    plan: VideoPlan, t: float, scale: float, yaw: float, shift_x: float
) -> npt.NDArray[np.float64]:
    sprite_rgb, _ = _sprite()
    sh, sw = sprite_rgb.shape[:2]
    cx, cy = sw / 2, sh * 0.4
    sway = 2 * math.pi * t
    angle = math.radians(2.0 * math.sin(sway / 4.1 + plan.sway_phase))
    dx = 4.0 * math.sin(sway / 5.3 + plan.sway_phase) + shift_x
    dy = 2.0 * math.sin(sway / 3.7)
    to_origin = np.array([[1, 0, -cx], [0, 1, -cy], [0, 0, 1]], dtype=np.float64)
    cos, sin = math.cos(angle), math.sin(angle)
    # yaw: compress horizontally and add perspective so one side of the face shrinks
    turn = np.array(
        [[scale * (1 - 0.35 * abs(yaw)), 0, 0], [0, scale, 0], [yaw * 0.0016, 0, 1]], dtype=np.float64
    )
    rotate = np.array([[cos, -sin, 0], [sin, cos, 0], [0, 0, 1]], dtype=np.float64)
    place = np.array(
        [[1, 0, plan.width / 2 + dx + yaw * 18], [0, 1, plan.height - sh * scale * 0.6 + dy], [0, 0, 1]],
        dtype=np.float64,
    )
    matrix: npt.NDArray[np.float64] = place @ rotate @ turn @ to_origin
    return matrix


def render_frames(plan: VideoPlan) -> Iterator[Frame]:
    """Yield the plan's frames as uint8 RGB arrays of shape (height, width, 3)."""
    rgb, alpha = _sprite()
    scale = plan.height * 0.85 / rgb.shape[0]
    person = _to_image(rgb, alpha)
    # the second face: the same person mirrored and tinted, fading out towards its cut-off bottom
    fade = np.clip((rgb.shape[0] - np.arange(rgb.shape[0], dtype=np.float32)) / 60.0, 0, 1)[:, None]
    ghost_rgb = (rgb[:, ::-1] * np.array([0.85, 0.95, 1.15], dtype=np.float32)).clip(0, 1)
    ghost_alpha = alpha[:, ::-1] * fade
    ghost_full = _to_image(ghost_rgb, ghost_alpha)
    ghost_scale = scale * 0.6
    ghost_matrix = np.array(
        [[ghost_scale, 0, plan.width * 0.02], [0, ghost_scale, plan.height * 0.08], [0, 0, 1]],
        dtype=np.float64,
    )
    background = Image.fromarray((_background(plan) * 255.0 + 0.5).astype(np.uint8), mode="RGB").convert(
        "RGBA"
    )
    for i in range(plan.n_frames):
        t = i / plan.fps
        canvas = background.copy()
        yaw, out = 0.0, 0.0
        for event in plan.events:
            level = _envelope(t, event)
            if level <= 0:
                continue
            if event.kind == "second_face":
                ghost = ghost_full if level >= 1 else _to_image(ghost_rgb, ghost_alpha * np.float32(level))
                _composite(canvas, ghost, ghost_matrix)
            elif event.kind == "looking_away":
                yaw = plan.yaw_sign * level
            else:
                out = level
        shift = out * plan.width * 1.1 * plan.yaw_sign
        _composite(canvas, person, _person_matrix(plan, t, scale, yaw, shift))
        yield np.asarray(canvas.convert("RGB"), dtype=np.uint8)
