"""Speech to text with faster-whisper, offline: `load_transcriber(source)` -> `Transcriber.transcribe(audio)`.

Guards against Whisper's known failure on interview audio, text invented in silence: Silero VAD
first (a clip with no speech returns no segments without decoding), `condition_on_previous_text=False`,
no-speech / log-prob thresholds, `hallucination_silence_threshold`, and a final filter that drops
segments whose words are all improbable, that loop (by Whisper's compression ratio or visibly), that
repeat the previous segment, or that are well-known outro phrases. Text that repeats the initial prompt
(Whisper writes the prompt itself where it cannot read the audio) is cut out of its segment, or the
segment dropped when little else is left. Dropped segments and cut text stay visible in
`Transcript.dropped` for audit.

And against the opposite failure, speech lost: a stretch the VAD heard but Whisper skipped as "no
speech" is decoded again on its own. Decoding is beam search without sampling, so the same recording
gives the same transcript on every run.

Mandarin: `language="zh"` (or detected zh) adds a simplified-Chinese initial prompt and converts any
traditional characters left in the output (see `models.zh_script`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from models.audio import SAMPLE_RATE, AudioClip
from models.whisper_sources import ResolvedModel, resolve_model
from models.zh_script import is_han, simplified_converter

if TYPE_CHECKING:
    from pydantic import SecretStr

SIMPLIFIED_CHINESE_PROMPT = "以下是普通话的句子，使用简体中文。"
_LANGUAGE_ALIASES = {
    "cmn": "zh", "mandarin": "zh", "chinese": "zh", "zh-cn": "zh", "zh-hans": "zh", "zh-hant": "zh",
    "zh-tw": "zh", "english": "en", "en-us": "en", "en-gb": "en",
}  # fmt: skip
# Phrases Whisper is known to invent over silence or music (subtitle credits, video outros).
_KNOWN_HALLUCINATIONS = (
    "请不吝点赞订阅转发打赏支持明镜与点点栏目",
    "字幕由amaraorg社区提供",
    "中文字幕由amaraorg社区提供",
    "字幕by索兰娅",
    "谢谢观看",
    "感谢观看",
    "thanksforwatching",
    "thankyouforwatching",
    "subtitlesbytheamaraorgcommunity",
    "pleasesubscribe",
)
_MIN_EMBEDDED_PHRASE = 10  # shorter known phrases ("谢谢观看") are dropped only as a whole segment
_LOOP = re.compile(r"(.{1,12}?)\1{5,}")  # a unit of 1-12 characters repeated 6+ times in a row
_LANGUAGE_DETECTION_SECONDS = 30.0


class TranscriberLoadError(RuntimeError):
    """The model could not be loaded; the message says which setting to change."""


class UnsupportedLanguageError(ValueError):
    """The requested language is not one the loaded model can transcribe."""


@dataclass(frozen=True)
class DecodeOptions:
    """Decoding and hallucination-guard settings; all of them are recorded in the provenance."""

    beam_size: int = 5
    # Beam search only, no sampling fallback: sampling gave the same recording a different transcript on
    # each run (one Mandarin interview: 14% of the candidate's speech in one run, 70% in the next), and
    # evidence a person checks must come back the same. Windows it cannot read are dropped by the
    # guards below, and speech skipped as "no speech" is decoded again on its own (`recover_skipped_speech`).
    temperatures: tuple[float, ...] = (0.0,)
    vad_threshold: float = 0.5
    vad_min_silence_ms: int = 500
    vad_speech_pad_ms: int = 300
    no_speech_threshold: float = 0.6
    log_prob_threshold: float = -1.0
    compression_ratio_threshold: float = 2.4
    hallucination_silence_threshold: float | None = 2.0
    min_word_probability: float = 0.15  # a segment whose every word is below this is dropped
    # Whisper skips a 30 s window whose no-speech probability is high and whose decoding is poor, even
    # when the VAD heard speech there, and a window judged a loop is dropped whole: a whole answer
    # disappears. Such stretches are decoded once more, each on its own and without the skip; the
    # guards then judge what comes back.
    recover_skipped_speech: bool = True
    recovery_min_seconds: float = 1.0  # shorter VAD stretches are breaths and clicks, not answers
    recovery_max_heard: float = 0.5  # a stretch already half covered by kept text was not lost
    chinese_prompt: str = SIMPLIFIED_CHINESE_PROMPT
    # Whisper writes the prompt itself where it cannot read the audio. A prompt echo is a run of the
    # prompt's own characters at least this long: 4 Han characters (a word or two: "简体中文"), or 16
    # other letters and digits (about three words); a segment that is this share echo is dropped whole.
    prompt_echo_min_han: int = 4
    prompt_echo_min_other: int = 16
    prompt_echo_drop_share: float = 0.5

    def __post_init__(self) -> None:
        if self.beam_size < 1:
            raise ValueError(f"beam_size must be at least 1, got {self.beam_size}")
        if not self.temperatures or any(t < 0 for t in self.temperatures):
            raise ValueError(f"temperatures must be non-empty and non-negative, got {self.temperatures}")
        if not 0.0 < self.vad_threshold < 1.0:
            raise ValueError(f"vad_threshold must lie strictly between 0 and 1, got {self.vad_threshold}")

    def vad_parameters(self) -> dict[str, float | int]:
        return {
            "threshold": self.vad_threshold,
            "min_silence_duration_ms": self.vad_min_silence_ms,
            "speech_pad_ms": self.vad_speech_pad_ms,
        }


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str
    probability: float


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float
    words: tuple[Word, ...]


@dataclass(frozen=True)
class DroppedSegment:
    segment: Segment
    # "low_word_probability", "loop", "repeat", "known_hallucination", "empty", "prompt_echo" (for a
    # segment cut short, `segment` holds only the cut text and its words)
    reason: str


@dataclass(frozen=True)
class ModelProvenance:
    model_id: str
    model_version: str
    source: str
    device: str
    compute_type: str
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Transcript:
    language: str | None  # None only when the clip has no speech and no language was forced
    language_probability: float
    duration_seconds: float
    segments: tuple[Segment, ...]
    provenance: ModelProvenance
    dropped: tuple[DroppedSegment, ...] = ()

    @property
    def text(self) -> str:
        joiner = "" if self.language == "zh" else " "
        return joiner.join(s.text for s in self.segments).strip()

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for s in self.segments for w in s.words)


def load_transcriber(
    source: str,
    *,
    hub_token: str | SecretStr | None = None,
    device: str = "cpu",
    compute_type: str = "int8",
    cpu_threads: int = 0,
    cache_dir: Path | None = None,
    options: DecodeOptions | None = None,
) -> Transcriber:
    """Load Whisper weights from `source` (see `models.whisper_sources`) without downloading anything
    unless a hub token is given."""
    token = hub_token if hub_token is None or isinstance(hub_token, str) else hub_token.get_secret_value()
    resolved = resolve_model(source, hub_token=token, cache_dir=cache_dir)
    from faster_whisper import WhisperModel

    try:
        model = WhisperModel(
            str(resolved.path),
            device=device,
            compute_type=compute_type,
            cpu_threads=cpu_threads,
            local_files_only=True,
        )
    except (RuntimeError, ValueError, OSError) as error:
        raise TranscriberLoadError(
            f"cannot load Whisper model {resolved.model_id} from {resolved.path} on {device}/{compute_type}: "
            f"{error}; check the device and compute type (cpu supports int8, float32)"
        ) from error
    return Transcriber(model, resolved, device=device, compute_type=compute_type, options=options)


class Transcriber:
    """A loaded Whisper model; `transcribe` may be called many times, from one thread at a time."""

    def __init__(
        self,
        model: Any,
        resolved: ResolvedModel,
        *,
        device: str,
        compute_type: str,
        options: DecodeOptions | None = None,
    ) -> None:
        self._model = model
        self.resolved = resolved
        self.device = device
        self.compute_type = compute_type
        self.options = options or DecodeOptions()

    def with_options(self, options: DecodeOptions) -> Transcriber:
        """The same loaded model with other decoding options (no second load)."""
        return Transcriber(
            self._model, self.resolved, device=self.device, compute_type=self.compute_type, options=options
        )

    @property
    def multilingual(self) -> bool:
        return bool(self._model.model.is_multilingual)

    @property
    def supported_languages(self) -> tuple[str, ...]:
        return tuple(self._model.supported_languages)

    def transcribe(
        self,
        audio: AudioClip,
        *,
        language: str | None = None,
        initial_prompt: str | None = None,
        progress: Callable[[float], None] | None = None,
    ) -> Transcript:
        """Transcribe a 16 kHz clip. `language` forces the language (ISO code, e.g. "zh", "en");
        None detects it. `progress` receives fractions of the clip done, ending with 1.0."""
        forced = self._check_language(language)
        caller_forced = language is not None  # an English-only model implies "en" without forcing it
        _check_audio(audio)
        report = progress or (lambda _fraction: None)
        report(0.0)
        speech = self._speech_chunks(audio.samples)
        if not speech:
            report(1.0)
            return self._empty(audio, forced, initial_prompt, caller_forced=caller_forced)
        detected, probability = self._language(audio.samples, speech, forced)
        prompt = self._prompt(detected, initial_prompt)
        raw, info = self._decode(audio.samples, detected, prompt)
        kept, dropped = filter_segments(
            self._collect(raw, audio.duration_seconds, report), self.options, prompt=prompt
        )
        if self.options.recover_skipped_speech:
            # Stretches with no kept text: skipped as no speech, or lost with a window judged a loop.
            more, more_dropped = filter_segments(
                self._recover(audio.samples, speech, kept, detected, prompt), self.options, prompt=prompt
            )
            kept = tuple(sorted(kept + more, key=lambda s: s.start))
            dropped += more_dropped
        if detected == "zh":
            kept, dropped = _to_simplified(kept), _dropped_to_simplified(dropped)
        report(1.0)
        return Transcript(
            language=detected,
            language_probability=probability,
            duration_seconds=float(info.duration),
            segments=kept,
            provenance=self._provenance(language_forced=caller_forced, initial_prompt=prompt),
            dropped=dropped,
        )

    # --- steps -------------------------------------------------------------------------------------

    def _check_language(self, language: str | None) -> str | None:
        if language is None:
            return None if self.multilingual else "en"
        code = _LANGUAGE_ALIASES.get(language.strip().lower(), language.strip().lower())
        if not self.multilingual and code != "en":
            raise UnsupportedLanguageError(
                f"{self.resolved.model_id} is an English-only model and cannot transcribe language "
                f"{language!r}: configure HIRELAKE_MODELS__WHISPER_MODEL=bundled:base (multilingual) "
                "or a multilingual local model"
            )
        if code not in self.supported_languages:
            raise UnsupportedLanguageError(
                f"language {language!r} is not a Whisper language code "
                "(e.g. 'zh' for Mandarin, 'en' for English)"
            )
        return code

    def _speech_chunks(self, samples: np.ndarray[Any, Any]) -> list[dict[str, int]]:
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        chunks: list[dict[str, int]] = get_speech_timestamps(
            samples, VadOptions(**self.options.vad_parameters())
        )
        return chunks

    def _language(
        self, samples: np.ndarray[Any, Any], speech: list[dict[str, int]], forced: str | None
    ) -> tuple[str, float]:
        if forced is not None:
            return forced, 1.0
        budget = int(_LANGUAGE_DETECTION_SECONDS * SAMPLE_RATE)
        pieces, total = [], 0
        for chunk in speech:
            if total >= budget:
                break
            piece = samples[chunk["start"] : chunk["end"]]
            pieces.append(piece)
            total += len(piece)
        language, probability, _all = self._model.detect_language(audio=np.concatenate(pieces)[:budget])
        return str(language), float(probability)

    def _prompt(self, language: str, initial_prompt: str | None) -> str | None:
        if language != "zh":
            return initial_prompt
        chinese = self.options.chinese_prompt
        return f"{chinese}{initial_prompt}" if initial_prompt else chinese

    def _decode(self, samples: np.ndarray[Any, Any], language: str, prompt: str | None) -> tuple[Any, Any]:
        opts = self.options
        return self._model.transcribe(  # type: ignore[no-any-return]
            samples,
            **self._decoding(language, prompt),
            log_prob_threshold=opts.log_prob_threshold,
            no_speech_threshold=opts.no_speech_threshold,
            vad_filter=True,
            vad_parameters=opts.vad_parameters(),
            hallucination_silence_threshold=opts.hallucination_silence_threshold,
        )

    def _decoding(self, language: str, prompt: str | None) -> dict[str, Any]:
        """The decoding arguments both passes share."""
        opts = self.options
        return {
            "language": language,
            "task": "transcribe",
            "beam_size": opts.beam_size,
            "temperature": list(opts.temperatures),
            "compression_ratio_threshold": opts.compression_ratio_threshold,
            "condition_on_previous_text": False,
            "initial_prompt": prompt,
            "word_timestamps": True,
        }

    def _recover(
        self,
        samples: np.ndarray[Any, Any],
        speech: list[dict[str, int]],
        heard: tuple[Segment, ...],
        language: str,
        prompt: str | None,
    ) -> list[Segment]:
        """Segments for the VAD's speech stretches the first pass kept no text for, each decoded alone."""
        opts = self.options
        recovered: list[Segment] = []
        for chunk in speech:
            start, end = chunk["start"] / SAMPLE_RATE, chunk["end"] / SAMPLE_RATE
            if end - start < opts.recovery_min_seconds:
                continue
            covered = sum(max(0.0, min(end, s.end) - max(start, s.start)) for s in heard)
            if covered / (end - start) >= opts.recovery_max_heard:
                continue
            clip = samples[chunk["start"] : chunk["end"]]
            segments = self._decode_alone(clip, language, prompt)
            if prompt and any(
                _echo_share(s.text, prompt, opts) >= opts.prompt_echo_drop_share for s in segments
            ):
                # Whisper answered with the prompt itself: the prompt, not the audio, wrote that text.
                segments = self._decode_alone(clip, language, None)
            recovered.extend(_shifted(s, start) for s in segments)
        return recovered

    def _decode_alone(self, clip: np.ndarray[Any, Any], language: str, prompt: str | None) -> list[Segment]:
        raw, _info = self._model.transcribe(
            clip,
            **self._decoding(language, prompt),
            log_prob_threshold=None,
            no_speech_threshold=None,  # the VAD heard speech here: do not skip it again
            vad_filter=False,
        )
        return [_segment(item) for item in raw]

    @staticmethod
    def _collect(raw: Iterable[Any], duration: float, report: Callable[[float], None]) -> list[Segment]:
        segments = []
        for item in raw:  # a lazy generator: decoding happens while iterating
            segments.append(_segment(item))
            if duration > 0:
                report(min(1.0, float(item.end) / duration))
        return segments

    def _empty(
        self, audio: AudioClip, forced: str | None, initial_prompt: str | None, *, caller_forced: bool
    ) -> Transcript:
        prompt = self._prompt(forced, initial_prompt) if forced else initial_prompt
        return Transcript(
            language=forced,
            language_probability=1.0 if forced else 0.0,
            duration_seconds=audio.duration_seconds,
            segments=(),
            provenance=self._provenance(language_forced=caller_forced, initial_prompt=prompt),
        )

    def _provenance(self, *, language_forced: bool, initial_prompt: str | None) -> ModelProvenance:
        import ctranslate2
        import faster_whisper

        opts = self.options
        options: dict[str, Any] = {
            "beam_size": opts.beam_size,
            "temperatures": list(opts.temperatures),
            "vad_filter": True,
            "vad_parameters": opts.vad_parameters(),
            "condition_on_previous_text": False,
            "word_timestamps": True,
            "no_speech_threshold": opts.no_speech_threshold,
            "log_prob_threshold": opts.log_prob_threshold,
            "compression_ratio_threshold": opts.compression_ratio_threshold,
            "hallucination_silence_threshold": opts.hallucination_silence_threshold,
            "min_word_probability": opts.min_word_probability,
            "recover_skipped_speech": opts.recover_skipped_speech,
            "recovery_min_seconds": opts.recovery_min_seconds,
            "recovery_max_heard": opts.recovery_max_heard,
            "prompt_echo_min_han": opts.prompt_echo_min_han,
            "prompt_echo_min_other": opts.prompt_echo_min_other,
            "prompt_echo_drop_share": opts.prompt_echo_drop_share,
            "language_forced": language_forced,
            "initial_prompt": initial_prompt,
            "simplified_converter": simplified_converter().name,
            "weights_package": self.resolved.package,
            "faster_whisper": str(faster_whisper.__version__),
            "ctranslate2": str(ctranslate2.__version__),
        }
        return ModelProvenance(
            model_id=self.resolved.model_id,
            model_version=self.resolved.model_version,
            source=self.resolved.source,
            device=self.device,
            compute_type=self.compute_type,
            options=options,
        )


# --- pure helpers ----------------------------------------------------------------------------------


def _check_audio(audio: AudioClip) -> None:
    if audio.sample_rate != SAMPLE_RATE:
        raise ValueError(
            f"Whisper needs {SAMPLE_RATE} Hz audio, got {audio.sample_rate} Hz: decode with "
            "models.audio.load_audio(path) (default rate)"
        )
    if audio.samples.size == 0:
        raise ValueError("the audio clip is empty (0 samples): nothing to transcribe")


def _segment(item: Any) -> Segment:
    words = tuple(
        Word(float(w.start), float(w.end), str(w.word).strip(), float(w.probability))
        for w in item.words or ()
    )
    return Segment(
        start=float(item.start),
        end=float(item.end),
        text=str(item.text).strip(),
        avg_logprob=float(item.avg_logprob),
        no_speech_prob=float(item.no_speech_prob),
        compression_ratio=float(item.compression_ratio),
        words=words,
    )


def _shifted(segment: Segment, seconds: float) -> Segment:
    """A segment decoded from a clip that starts `seconds` into the recording, on the recording's clock."""
    words = tuple(replace(w, start=w.start + seconds, end=w.end + seconds) for w in segment.words)
    return replace(segment, start=segment.start + seconds, end=segment.end + seconds, words=words)


def _normalized(text: str) -> str:
    """Lowercase letters and digits only: what remains of a text once punctuation and spaces go."""
    return "".join(ch for ch in text.lower() if unicodedata.category(ch)[0] in "LN")


def _drop_reason(segment: Segment, previous: str | None, options: DecodeOptions) -> str | None:
    text = _normalized(segment.text)
    if not text:
        return "empty"
    if segment.words and all(w.probability < options.min_word_probability for w in segment.words):
        return "low_word_probability"
    loop = _LOOP.search(text)
    # Whisper's own repetition test (its window's text compresses like a loop), or a visible loop.
    if segment.compression_ratio > options.compression_ratio_threshold or (
        loop is not None and len(loop.group(0)) * 2 >= len(text)
    ):
        return "loop"
    if previous is not None and text == previous:
        return "repeat"
    if any(
        text == phrase or (len(phrase) >= _MIN_EMBEDDED_PHRASE and phrase in text)
        for phrase in _KNOWN_HALLUCINATIONS
    ):
        return "known_hallucination"
    return None


def filter_segments(
    segments: Iterable[Segment], options: DecodeOptions, *, prompt: str | None = None
) -> tuple[tuple[Segment, ...], tuple[DroppedSegment, ...]]:
    """Split decoded segments into kept and dropped (with the reason) by the hallucination guards;
    with the decoding's `prompt`, text that repeats it is cut out first."""
    kept: list[Segment] = []
    dropped: list[DroppedSegment] = []
    previous: str | None = None
    for decoded in segments:
        segment, echo = _cut_prompt_echo(decoded, prompt, options) if prompt else (decoded, None)
        if echo is not None:
            dropped.append(DroppedSegment(echo, "prompt_echo"))
        if segment is None:
            continue
        reason = _drop_reason(segment, previous, options)
        if reason is None:
            kept.append(segment)
            previous = _normalized(segment.text)
        else:
            dropped.append(DroppedSegment(segment, reason))
    return tuple(kept), tuple(dropped)


def _dropped_to_simplified(dropped: tuple[DroppedSegment, ...]) -> tuple[DroppedSegment, ...]:
    converted = _to_simplified(d.segment for d in dropped)
    return tuple(replace(d, segment=s) for d, s in zip(dropped, converted, strict=True))


def _to_simplified(segments: Iterable[Segment]) -> tuple[Segment, ...]:
    segments = tuple(segments)
    texts = [s.text for s in segments] + [w.text for s in segments for w in s.words]
    converted = iter(simplified_converter().convert(texts))
    texts_out = [next(converted) for _ in segments]
    result = []
    for segment, text in zip(segments, texts_out, strict=True):
        words = tuple(replace(w, text=next(converted)) for w in segment.words)
        result.append(replace(segment, text=text, words=words))
    return tuple(result)


# --- prompt echoes ---------------------------------------------------------------------------------


def _echo_marks(text: str, prompt: str, options: DecodeOptions) -> list[bool]:
    """Per character of normalized `text`: is it inside a long enough run that also occurs in `prompt`?"""
    marks = [False] * len(text)
    i = 0
    while i < len(text):
        length = 0
        while i + length < len(text) and text[i : i + length + 1] in prompt:
            length += 1
        run = text[i : i + length]
        han = run and all(is_han(ch) for ch in run)
        minimum = options.prompt_echo_min_han if han else options.prompt_echo_min_other
        if length >= minimum:
            marks[i : i + length] = [True] * length
            i += length
        else:
            i += 1
    return marks


def _echo_share(text: str, prompt: str, options: DecodeOptions) -> float:
    """The share of `text` (letters and digits) that repeats runs of `prompt`."""
    normalized = _normalized(text)
    if not normalized:
        return 0.0
    return sum(_echo_marks(normalized, _normalized(prompt), options)) / len(normalized)


def _cut_prompt_echo(
    segment: Segment, prompt: str, options: DecodeOptions
) -> tuple[Segment | None, Segment | None]:
    """(what is left of the segment, the echo cut from it); (None, echo) when the segment is mostly echo,
    (segment, None) when it holds none. Words are kept or cut with their characters."""
    positions = [i for i, ch in enumerate(segment.text) if _normalized(ch)]
    normalized = "".join(segment.text[i].lower() for i in positions)
    if len(normalized) != len(positions):  # a character that normalizes to several: leave the segment
        return segment, None
    marks = _echo_marks(normalized, _normalized(prompt), options)
    if not any(marks):
        return segment, None
    if sum(marks) / len(marks) >= options.prompt_echo_drop_share:
        return None, segment
    cut = {positions[i] for i, marked in enumerate(marks) if marked}
    words_cut = _words_in(segment.words, normalized, marks)
    kept_text = _tidy("".join(ch for i, ch in enumerate(segment.text) if i not in cut))
    echo_text = "".join(ch for i, ch in enumerate(segment.text) if i in cut)
    kept_words = tuple(w for w, is_cut in zip(segment.words, words_cut, strict=True) if not is_cut)
    echo_words = tuple(w for w, is_cut in zip(segment.words, words_cut, strict=True) if is_cut)
    echo = replace(segment, text=echo_text, words=echo_words)
    return replace(segment, text=kept_text, words=kept_words), echo


def _words_in(words: tuple[Word, ...], normalized: str, marks: list[bool]) -> list[bool]:
    """Per word: do most of its characters lie in marked text? Words are found in order in `normalized`."""
    result, at = [], 0
    for word in words:
        text = _normalized(word.text)
        found = normalized.find(text, at) if text else -1
        if found < 0:
            result.append(False)
            continue
        inside = sum(marks[found : found + len(text)])
        result.append(inside * 2 > len(text))
        at = found + len(text)
    return result


def _tidy(text: str) -> str:
    """Punctuation left dangling where text was cut out: runs of it collapse to their last mark."""
    tidied = re.sub(r"([^\w\s])(?:\s*[^\w\s])+", lambda m: m.group(0).strip()[-1], text)
    return tidied.strip().lstrip("，,。.、；;：:").strip()
