"""Single-voice speech clips from espeak-ng for the transcription tests and benchmark."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from models.audio import AudioClip, load_audio

ENGLISH_SENTENCES = (
    "The nurse checked the patient's blood pressure and wrote the result in the chart.",
    "Please call the doctor if the pain gets worse during the night.",
)
# Characters whose traditional forms differ (們應該聯繫醫護檢壓), to catch traditional output.
MANDARIN_SENTENCE = "我们应该联系医院的护士，请她检查病人的血压。"
TRADITIONAL_FORMS = "們應該聯繫醫護檢壓"
# espeak-ng's `cmn` voice reads its own pinyin tone digits in English ("men five"); the
# `cmn-latn-pinyin` voice speaks the same characters as Mandarin syllables.
MANDARIN_VOICE = "cmn-latn-pinyin"
ENGLISH_VOICE = "en-us"


def synthesize(text: str, voice: str, folder: Path, *, speed: int = 150) -> AudioClip:
    """Speak `text` with espeak-ng, decode it to 16 kHz mono with the pipeline's own loader."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise RuntimeError("espeak-ng is not installed (apt-get install espeak-ng)")
    wav = folder / f"{voice}-{abs(hash((text, speed)))}.wav"
    subprocess.run(
        [espeak, "-v", voice, "-s", str(speed), "-w", str(wav), text],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return load_audio(wav)
