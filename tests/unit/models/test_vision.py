"""Vision on a real face (skimage's astronaut) in a video made here: presence, second face, absence."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from skimage import data

from models.vision import FrameObservation, VisionConfig, find_events, load_vision

pytestmark = pytest.mark.slow
FPS = 5
FACE = data.astronaut()[20:240, 120:320]


def _canvas(faces: list[tuple[int, int, np.ndarray]]) -> np.ndarray:
    frame = np.full((360, 480, 3), 190, np.uint8)
    for x, y, face in faces:
        frame[y : y + face.shape[0], x : x + face.shape[1]] = face
    return frame


def _video(path: Path, seconds_per_scene: list[tuple[float, np.ndarray]]) -> Path:
    encoder = subprocess.Popen(
        ["ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "480x360",
         "-r", str(FPS), "-i", "pipe:0", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path)],
        stdin=subprocess.PIPE,
    )  # fmt: skip
    assert encoder.stdin is not None
    for seconds, frame in seconds_per_scene:
        for _ in range(int(seconds * FPS)):
            encoder.stdin.write(frame.tobytes())
    encoder.stdin.close()
    assert encoder.wait() == 0
    return path


@pytest.fixture(scope="module")
def scenes_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    one = _canvas([(140, 70, FACE)])
    moved = _canvas([(170, 80, FACE)])
    two = _canvas([(10, 70, FACE), (270, 70, FACE[:, ::-1])])
    scenes = [(3.0, one), (1.0, moved), (2.0, _canvas([])), (2.0, two), (2.0, one)]
    return _video(tmp_path_factory.mktemp("vision") / "scenes.mp4", scenes)


def test_face_presence_second_face_and_absence_with_times(scenes_video: Path) -> None:
    analyzer = load_vision(VisionConfig(sample_fps=2.0))
    try:
        result = analyzer.analyze(scenes_video)
    finally:
        analyzer.close()
    assert len(result.frames) == 20
    shown = [f for f in result.frames if not 4.0 <= f.time_seconds < 6.0]
    assert sum(f.face_count > 0 for f in shown) / len(shown) >= 0.95
    assert result.max_faces == 2
    kinds = {(e.kind, e.start_seconds, e.end_seconds) for e in result.events}
    assert ("face_absent", 4.0, 6.0) in kinds
    assert ("second_face", 6.0, 8.0) in kinds
    assert all(f.smile is None and f.frown is None for f in result.frames)  # expressions off by default
    frontal = [f for f in result.frames if f.face_count == 1]
    assert all(f.gaze_on_camera for f in frontal)
    moves = [f.head_movement for f in result.frames if f.head_movement is not None]
    assert max(moves) > 0.1 > min(moves)  # the jump at 3 s stands out from still frames


def test_expressions_only_where_allowed(scenes_video: Path) -> None:
    analyzer = load_vision(VisionConfig(sample_fps=1.0, allow_expressions=True))
    try:
        result = analyzer.analyze(scenes_video)
    finally:
        analyzer.close()
    measured = [f for f in result.frames if f.face_count == 1]
    assert measured and all(f.smile is not None and 0 <= f.smile <= 1 for f in measured)
    assert result.provenance["expressions"] is True


def test_short_runs_are_not_events() -> None:
    frames = tuple(
        FrameObservation(i, i * 0.5, 0 if i == 3 else 1, True, 0.0, 0.0, 0.0, None, None) for i in range(10)
    )
    assert find_events(frames, VisionConfig(sample_fps=2.0, min_event_seconds=1.0)) == ()
