"""The interview side of the synthetic hospital: recordings with exact ground truth, and broken media.

Entry point: `generate_interviews(out_dir, MediaSynthConfig(...), [CandidateRef(...), ...])`.
One module per job: script (what is said), speech (espeak-ng), mixing (timeline + truth times),
video (frames with a real face), mux (ffmpeg), truth (RTTM + JSON), broken (quarantine set),
tools (the ffmpeg binaries). What was written is probed with `hirelake.media_probe.probe_media`.
`plan_for_generated(interview)` gives the question plan (`hirelake.question_banks.InterviewPlan`) to
save with `hirelake.interview_plans.save_plan` beside a submitted recording.
"""

from hirelake.synth.media.broken import BrokenMedia, generate_broken
from hirelake.synth.media.config import (
    CandidateRef,
    Container,
    MediaSynthConfig,
    ProgressCallback,
    Speaker,
    Strength,
)
from hirelake.synth.media.generate import (
    GeneratedInterview,
    MediaSynthResult,
    generate_interviews,
    plan_for_generated,
)
from hirelake.synth.media.speech import SpeechError
from hirelake.synth.media.tools import MediaToolError
from hirelake.synth.media.truth import InterviewTruth, read_rttm, read_truth

__all__ = [
    "BrokenMedia",
    "CandidateRef",
    "Container",
    "GeneratedInterview",
    "InterviewTruth",
    "MediaSynthConfig",
    "MediaSynthResult",
    "MediaToolError",
    "ProgressCallback",
    "Speaker",
    "SpeechError",
    "Strength",
    "generate_broken",
    "generate_interviews",
    "plan_for_generated",
    "read_rttm",
    "read_truth",
]
