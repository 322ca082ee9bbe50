"""Vision on sampled frames with MediaPipe's legacy solutions (their models ship in the wheel).

Per frame: how many faces, where the main face looks (head yaw/pitch from the face mesh, iris position
from the refined landmarks), how much the head moved since the previous sample, and, only when the
jurisdiction allows expression analysis, smile and frown measures. Runs of frames become events with
times: face absent, second face, looking away.

Head pose is a geometric estimate from landmark ratios, not a calibrated 3-D solve: good enough to say
"toward the camera or not", and documented as such in the provenance.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

VISION_VERSION = "vision-mediapipe-0.10.21-1"
EventKind = Literal["face_absent", "second_face", "looking_away"]

# Face-mesh landmark indices (MediaPipe canonical face model, 478 with refined irises).
_NOSE_TIP = 1
_EYE_OUTER = (33, 263)
_EYE_INNER = (133, 362)
_IRIS_CENTRE = (468, 473)
_MOUTH_CORNERS = (61, 291)
_UPPER_LIP, _LOWER_LIP = 13, 14
_BROW_INNER = (55, 285)


class VisionError(RuntimeError):
    """The video could not be analysed; the message says why."""


@dataclass(frozen=True)
class VisionConfig:
    sample_fps: float = 2.0
    max_width: int = 640  # frames are scaled down first: detection needs no more, and it is 4x faster
    allow_expressions: bool = False  # jurisdiction setting: False in the EU (AI Act art. 5(1)(f))
    min_face_confidence: float = 0.5
    # Deviation from the interview's median pose that counts as looking away; tuned on the generated
    # interviews (11 of 12 glances found, no false event: bench/README.md), configurable per site.
    yaw_limit_degrees: float = 5.0
    pitch_limit_degrees: float = 8.0
    iris_offset_limit: float = 0.35
    min_event_seconds: float = 1.0


@dataclass(frozen=True)
class FrameObservation:
    frame_index: int
    time_seconds: float
    face_count: int
    gaze_on_camera: bool | None
    head_yaw_degrees: float | None
    head_pitch_degrees: float | None
    head_movement: float | None
    smile: float | None
    frown: float | None


@dataclass(frozen=True)
class VisionEvent:
    kind: EventKind
    start_seconds: float
    end_seconds: float


@dataclass(frozen=True)
class VisionResult:
    frames: tuple[FrameObservation, ...]
    events: tuple[VisionEvent, ...]
    sample_fps: float
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def face_share(self) -> float:
        if not self.frames:
            return 0.0
        return sum(1 for f in self.frames if f.face_count > 0) / len(self.frames)

    @property
    def max_faces(self) -> int:
        return max((f.face_count for f in self.frames), default=0)


@dataclass(frozen=True)
class _Pose:
    yaw: float
    pitch: float
    iris_offset: float
    nose: tuple[float, float]
    face_width: float
    smile: float
    frown: float


def _landmarks_array(landmarks: Any, width: int, height: int) -> npt.NDArray[np.float64]:
    return np.array([(p.x * width, p.y * height) for p in landmarks.landmark], dtype=np.float64)


def _pose(points: npt.NDArray[np.float64]) -> _Pose:
    left_outer, right_outer = points[_EYE_OUTER[0]], points[_EYE_OUTER[1]]
    eye_mid = (left_outer + right_outer) / 2
    eye_span = float(np.linalg.norm(right_outer - left_outer)) or 1.0
    nose = points[_NOSE_TIP]
    # Yaw: the nose tip leaves the eyes' midline as the head turns (ratio of half the eye span).
    yaw = math.degrees(math.asin(float(np.clip((nose[0] - eye_mid[0]) / (eye_span / 2), -1, 1))))
    mouth_mid = (points[_MOUTH_CORNERS[0]] + points[_MOUTH_CORNERS[1]]) / 2
    vertical = float(mouth_mid[1] - eye_mid[1]) or 1.0
    # Pitch: a frontal nose tip sits about 70% of the way from the eye line to the mouth line.
    pitch = math.degrees(math.asin(float(np.clip(((nose[1] - eye_mid[1]) / vertical - 0.70) * 2.5, -1, 1))))
    offsets = []
    for iris, outer, inner in zip(_IRIS_CENTRE, _EYE_OUTER, _EYE_INNER, strict=True):
        corner_a, corner_b = points[outer], points[inner]
        span = float(corner_b[0] - corner_a[0]) or 1.0
        offsets.append(((points[iris][0] - corner_a[0]) / span - 0.5) * 2)
    mouth_width = float(np.linalg.norm(points[_MOUTH_CORNERS[1]] - points[_MOUTH_CORNERS[0]]))
    lip_mid_y = (points[_UPPER_LIP][1] + points[_LOWER_LIP][1]) / 2
    corner_lift = float(lip_mid_y - mouth_mid[1]) / eye_span  # corners above the lip centre: a smile
    smile = float(np.clip((mouth_width / eye_span - 0.75) * 2 + corner_lift * 4, 0, 1))
    brow_gap = float(np.linalg.norm(points[_BROW_INNER[1]] - points[_BROW_INNER[0]])) / eye_span
    frown = float(np.clip((0.32 - brow_gap) * 6, 0, 1))  # inner brows drawn together
    return _Pose(yaw, pitch, float(np.mean(np.abs(offsets))), (nose[0], nose[1]), eye_span, smile, frown)


def _import_mediapipe() -> Any:
    """Import MediaPipe 0.10.21 beside protobuf 6 (see ARCHITECTURE.md's pins).

    Its bindings call `MessageFactory.GetPrototype`, which protobuf 5 removed in favour of
    `GetMessageClass`; restoring the old name lets them register their message types.
    """
    from google.protobuf import message_factory

    if not hasattr(message_factory.MessageFactory, "GetPrototype"):
        message_factory.MessageFactory.GetPrototype = lambda _self, descriptor: (
            message_factory.GetMessageClass(descriptor)
        )
    import mediapipe as mp

    return mp


class VisionAnalyzer:
    """Holds the MediaPipe graphs; one instance per worker process, reused across videos."""

    def __init__(self, config: VisionConfig) -> None:
        mp = _import_mediapipe()

        self.config = config
        self._detector = mp.solutions.face_detection.FaceDetection(
            model_selection=1, min_detection_confidence=config.min_face_confidence
        )
        self._mesh = mp.solutions.face_mesh.FaceMesh(
            static_image_mode=True,  # samples are 0.5 s apart: tracking between them gains nothing
            max_num_faces=1,
            refine_landmarks=True,
            min_detection_confidence=config.min_face_confidence,
        )

    def close(self) -> None:
        self._detector.close()
        self._mesh.close()

    def measure(self, frame: npt.NDArray[np.uint8]) -> tuple[int, _Pose | None]:
        """Faces in one frame, and the main face's pose when the mesh finds it."""
        height, width = frame.shape[:2]
        detections = self._detector.process(frame).detections or []
        faces = sum(1 for d in detections if d.score and d.score[0] >= self.config.min_face_confidence)
        if not faces:
            return 0, None
        mesh = self._mesh.process(frame).multi_face_landmarks
        return faces, _pose(_landmarks_array(mesh[0], width, height)) if mesh else None

    def analyze(self, path: Path, progress: Callable[[float], None] | None = None) -> VisionResult:
        width, height, duration = _video_geometry(path)
        scale = min(1.0, self.config.max_width / width)
        out_w, out_h = int(width * scale) // 2 * 2, int(height * scale) // 2 * 2
        expected = max(1, int(duration * self.config.sample_fps))
        measured: list[tuple[int, _Pose | None]] = []
        for index, frame in enumerate(_frames(path, self.config.sample_fps, out_w, out_h)):
            measured.append(self.measure(frame))
            if progress is not None:
                progress(min(1.0, (index + 1) / expected))
        frames = observations(measured, self.config)
        return VisionResult(
            frames=frames,
            events=find_events(frames, self.config),
            sample_fps=self.config.sample_fps,
            provenance={
                "version": VISION_VERSION,
                "models": ["mediapipe.face_detection(full-range)", "mediapipe.face_mesh(refined iris)"],
                "head_pose": "geometric estimate from landmark ratios, relative to the interview's median",
                "expressions": self.config.allow_expressions,
                "sample_fps": self.config.sample_fps,
                "frame_size": [out_w, out_h],
            },
        )


def observations(
    measured: Sequence[tuple[int, _Pose | None]], config: VisionConfig
) -> tuple[FrameObservation, ...]:
    """Per-frame observations; gaze is judged against the person's own median head pose.

    A webcam is rarely straight ahead of the face, so "toward the camera" means "as the person
    usually sits", not 0 degrees: the median pose over the interview is the baseline.
    """
    poses = [pose for _, pose in measured if pose is not None]
    base_yaw = float(np.median([p.yaw for p in poses])) if poses else 0.0
    base_pitch = float(np.median([p.pitch for p in poses])) if poses else 0.0
    result: list[FrameObservation] = []
    previous: _Pose | None = None
    for index, (faces, pose) in enumerate(measured):
        time_seconds = index / config.sample_fps
        if pose is None:
            result.append(FrameObservation(index, time_seconds, faces, None, None, None, None, None, None))
            continue
        on_camera = (
            abs(pose.yaw - base_yaw) <= config.yaw_limit_degrees
            and abs(pose.pitch - base_pitch) <= config.pitch_limit_degrees
            and pose.iris_offset <= config.iris_offset_limit
        )
        movement = None if previous is None else math.dist(pose.nose, previous.nose) / pose.face_width
        result.append(
            FrameObservation(
                index,
                time_seconds,
                faces,
                on_camera,
                round(pose.yaw, 2),
                round(pose.pitch, 2),
                None if movement is None else round(movement, 4),
                round(pose.smile, 3) if config.allow_expressions else None,
                round(pose.frown, 3) if config.allow_expressions else None,
            )
        )
        previous = pose
    return tuple(result)


def load_vision(config: VisionConfig | None = None) -> VisionAnalyzer:
    return VisionAnalyzer(config or VisionConfig())


def find_events(frames: tuple[FrameObservation, ...], config: VisionConfig) -> tuple[VisionEvent, ...]:
    """Runs of frames that last at least `min_event_seconds` become events."""
    step = 1.0 / config.sample_fps
    tests: dict[EventKind, Callable[[FrameObservation], bool]] = {
        "face_absent": lambda f: f.face_count == 0,
        "second_face": lambda f: f.face_count >= 2,
        "looking_away": lambda f: f.face_count > 0 and f.gaze_on_camera is False,
    }
    events: list[VisionEvent] = []
    for kind, test in tests.items():
        start: float | None = None
        for frame in (*frames, None):
            hit = frame is not None and test(frame)
            if hit and start is None and frame is not None:
                start = frame.time_seconds
            elif not hit and start is not None:
                end = frame.time_seconds if frame is not None else frames[-1].time_seconds + step
                if end - start >= config.min_event_seconds:
                    events.append(VisionEvent(kind, start, end))
                start = None
    return tuple(sorted(events, key=lambda e: (e.start_seconds, e.kind)))


def _video_geometry(path: Path) -> tuple[int, int, float]:
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        raise VisionError("ffprobe is not installed: install ffmpeg (`make demo` does) and retry.")
    result = subprocess.run(
        [ffprobe, "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=width,height:format=duration", "-of", "json", str(path)],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    try:
        info = json.loads(result.stdout)
        stream = info["streams"][0]
        return int(stream["width"]), int(stream["height"]), float(info["format"]["duration"])
    except (KeyError, IndexError, ValueError) as exc:
        raise VisionError(f"{path.name} has no readable video stream") from exc


def _frames(path: Path, fps: float, width: int, height: int) -> Iterator[npt.NDArray[np.uint8]]:
    """Decode frames at `fps`, scaled, as RGB arrays, streaming (one frame in memory at a time)."""
    command = [
        "ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-map", "0:v:0",
        "-vf", f"fps={fps},scale={width}:{height}", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1",
    ]  # fmt: skip
    frame_bytes = width * height * 3
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        stream = process.stdout
        if stream is None:  # cannot happen with stdout=PIPE; keeps the type checker honest
            raise VisionError("ffmpeg produced no output stream")
        while chunk := stream.read(frame_bytes):
            if len(chunk) < frame_bytes:
                break
            yield np.frombuffer(chunk, dtype=np.uint8).reshape(height, width, 3)
        stream.close()
        stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
        if process.wait() != 0:
            raise VisionError(f"decoding {path.name} failed: {stderr.strip()[-300:]}")
