"""Uploading an observation file through the web or the API: stage it, ask for the mapping, import it.

An upload takes two requests: the first stores the file's bytes server-side under a random token and
proposes which plan indicator each name of the file means; the second imports with the mapping the
user confirmed. Staging the bytes (rather than sending them again, or trusting rows echoed back by the
browser) means the rows imported are exactly the rows read from the file the user chose.

Staged files live in a private directory under the system temp dir, one sub-directory per token, and
expire after an hour; each new upload sweeps the expired ones. A file is read completely before it is
staged, so a broken file is refused with the reader's message (naming the row) and nothing is kept.

Only the planning office (admin) uploads. An import writes accepted figures and remembers name
mappings for the whole plan, both of which are the planning office's decisions; reporters enter
their figures one by one as proposals instead.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import shutil
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from planwatch.datasets.observation_files import ObservationFile
from planwatch.domain.accounts import Principal
from planwatch.domain.errors import InputError
from planwatch.services.observation_entry import IndicatorChoice, plan_series
from planwatch.services.observation_import import (
    AUTO_ACCEPT_SCORE,
    Candidate,
    import_observation_file,
    propose_mappings,
    read_observations,
)
from planwatch.services.permissions import require_admin
from planwatch.services.plans import resolve_plan
from planwatch.store import NotFoundError, transaction
from planwatch.store.views import PlanSummary

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_TTL = timedelta(hours=1)
ALLOWED_SUFFIXES = (".csv", ".xlsx")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_UNSAFE_NAME = re.compile(r"[^\w.\-（）()\[\] ]+")
_META = "upload.json"


class UploadError(InputError):
    """The uploaded file cannot be accepted (empty, too large, wrong type, unreadable)."""


@dataclass(frozen=True, slots=True)
class StagedUpload:
    """A file waiting for its mapping to be confirmed."""

    token: str
    filename: str  # the name the user's file had (display only; the stored name is sanitised)
    plan_id: int
    uploaded_by: str
    size: int
    staged_at: datetime  # naive UTC, like the database's timestamps
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class NameMapping:
    """One indicator name of the file: its rows, the pre-selected plan series and the other candidates.

    `selected_id` is the remembered mapping, else the best candidate when it scores at least
    `AUTO_ACCEPT_SCORE`; a weaker suggestion is listed but not pre-selected, because a wrong match
    would put figures on the wrong indicator without anyone noticing.
    """

    index: int
    external_name: str
    rows: int
    selected_id: int | None
    remembered: bool
    candidates: tuple[Candidate, ...]
    note: str | None


@dataclass(frozen=True, slots=True)
class UploadReview:
    """The mapping step: every name of the staged file against the plan's series."""

    upload: StagedUpload
    plan: PlanSummary
    total_rows: int
    names: tuple[NameMapping, ...]
    indicators: tuple[IndicatorChoice, ...]  # every series of the plan, for choosing by hand


@dataclass(frozen=True, slots=True)
class UploadResult:
    """What the import did, for the summary page."""

    filename: str
    plan: PlanSummary
    added: int
    skipped_duplicates: int
    definition_breaks_added: int
    not_imported: tuple[str, ...]  # names the user set to 不导入, or with no mapping
    rows_not_imported: int


class UploadStaging:
    """Staged upload files in a private directory; tokens are random and checked before any path use."""

    def __init__(
        self,
        directory: Path | None = None,
        *,
        max_bytes: int = MAX_UPLOAD_BYTES,
        ttl: timedelta = UPLOAD_TTL,
    ) -> None:
        self.directory = directory or Path(tempfile.gettempdir()) / "planwatch-uploads"
        self.max_bytes = max_bytes
        self.ttl = ttl

    def _root(self) -> Path:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if hasattr(os, "getuid") and self.directory.stat().st_uid != os.getuid():
            # Another local user created the shared temp directory first: never write into it.
            raise RuntimeError(f"upload directory {self.directory} belongs to another user")
        return self.directory

    def _folder(self, token: str) -> Path:
        if not _TOKEN.match(token):
            raise NotFoundError("上传编号无效，请重新上传文件。")
        return self._root() / token

    def stage(
        self,
        data: bytes,
        filename: str,
        *,
        plan_id: int,
        who: str,
        now: datetime | None = None,
        suffixes: tuple[str, ...] = ALLOWED_SUFFIXES,
        what: str = "观测数据文件",
    ) -> tuple[StagedUpload, Path]:
        """Keep the bytes under a new token; returns the upload and the path of the stored file.

        `suffixes` and `what` name the accepted file types (data files by default; documents for
        extraction pass theirs).
        """
        name = safe_filename(filename)
        suffix = Path(name).suffix.lower()
        if suffix not in suffixes:
            shown = suffix or "（无扩展名）"
            kinds = " 或 ".join(suffixes)
            raise UploadError(f"不支持的文件类型“{shown}”，请上传 {kinds} 格式的{what}。")
        if not data:
            raise UploadError(f"文件“{name}”是空的，请选择包含表头和数据的文件。")
        if len(data) > self.max_bytes:
            limit = self.max_bytes / 1024 / 1024
            raise UploadError(f"文件“{name}”太大（超过 {limit:g} MB），请拆分为较小的文件后分别上传。")
        moment = now or _utcnow()
        self.purge(now=moment)
        token = secrets.token_urlsafe(24)
        folder = self._folder(token)
        folder.mkdir(mode=0o700)
        path = folder / name
        path.write_bytes(data)
        upload = StagedUpload(token, name, plan_id, who, len(data), moment, moment + self.ttl)
        meta = {
            "filename": name,
            "plan_id": plan_id,
            "uploaded_by": who,
            "size": len(data),
            "staged_at": moment.isoformat(),
        }
        (folder / _META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        logger.info("staged upload %s (%d bytes) for plan %d by %s", token[:6], len(data), plan_id, who)
        return upload, path

    def get(self, token: str, *, who: str, now: datetime | None = None) -> tuple[StagedUpload, Path]:
        """The staged upload of `who` (others' tokens are treated as unknown), unless it has expired."""
        folder = self._folder(token)
        gone = NotFoundError("找不到该上传文件，可能已导入或已过期（保留 1 小时），请重新上传。")
        try:
            meta = json.loads((folder / _META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise gone from None
        staged_at = datetime.fromisoformat(str(meta["staged_at"]))
        upload = StagedUpload(
            token,
            str(meta["filename"]),
            int(meta["plan_id"]),
            str(meta["uploaded_by"]),
            int(meta["size"]),
            staged_at,
            staged_at + self.ttl,
        )
        if upload.uploaded_by != who:
            raise gone
        if (now or _utcnow()) >= upload.expires_at:
            self.discard(token)
            raise gone
        path = folder / upload.filename
        if not path.is_file():
            raise gone
        return upload, path

    def discard(self, token: str) -> None:
        shutil.rmtree(self._folder(token), ignore_errors=True)

    def set_plan(self, token: str, plan_id: int) -> None:
        """Pin the plan of a staged upload once it is known (a document's plan is found by reading it)."""
        meta_path = self._folder(token) / _META
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["plan_id"] = plan_id
        meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    def purge(self, *, now: datetime | None = None) -> int:
        """Remove expired uploads (and leftovers without metadata); returns how many were removed."""
        moment = now or _utcnow()
        removed = 0
        for folder in self._root().iterdir():
            if not folder.is_dir() or not _TOKEN.match(folder.name):
                continue
            try:
                meta = json.loads((folder / _META).read_text(encoding="utf-8"))
                expired = moment >= datetime.fromisoformat(str(meta["staged_at"])) + self.ttl
            except (OSError, ValueError, KeyError):
                expired = moment.timestamp() - folder.stat().st_mtime > self.ttl.total_seconds()
            if expired:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def safe_filename(filename: str) -> str:
    """The base name of an uploaded file with anything odd replaced, so it is safe as a path part."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    cleaned = _UNSAFE_NAME.sub("_", base).strip(". ")
    if not cleaned or cleaned == _META:
        cleaned = "upload"
    stem, suffix = os.path.splitext(cleaned)
    return stem[:100] + suffix[:10]


@cache
def default_staging() -> UploadStaging:
    """The staging area of this process (under the system temp dir)."""
    return UploadStaging()


# --- use cases ----------------------------------------------------------------------------------


def _read(path: Path) -> ObservationFile:
    file = read_observations(path)
    if not file.records:
        raise UploadError(f"文件“{path.name}”只有表头，没有数据行，请补充数据后再上传。")
    return file


def stage_observation_file(
    factory: sessionmaker[Session],
    principal: Principal,
    data: bytes,
    filename: str,
    plan_id: int,
    *,
    staging: UploadStaging | None = None,
) -> UploadReview:
    """Check and keep an uploaded file, and propose the mapping of its names (nothing is imported)."""
    require_admin(principal)
    area = staging or default_staging()
    with transaction(factory, read_only=True) as session:
        resolve_plan(session, plan_id)
    upload, path = area.stage(data, filename, plan_id=plan_id, who=principal.username)
    try:
        file = _read(path)
    except Exception:
        area.discard(upload.token)
        raise
    return _review(factory, upload, file)


def upload_review(
    factory: sessionmaker[Session],
    principal: Principal,
    token: str,
    *,
    staging: UploadStaging | None = None,
) -> UploadReview:
    """The mapping step of a staged upload (again, e.g. after reloading the page)."""
    require_admin(principal)
    upload, path = (staging or default_staging()).get(token, who=principal.username)
    return _review(factory, upload, _read(path))


def _review(factory: sessionmaker[Session], upload: StagedUpload, file: ObservationFile) -> UploadReview:
    proposal = propose_mappings(factory, upload.plan_id, file)
    with transaction(factory, read_only=True) as session:
        series = tuple(plan_series(session, proposal.plan.id))
    names = []
    for index, name in enumerate(proposal.names):
        choice = name.auto_choice(AUTO_ACCEPT_SCORE)
        names.append(
            NameMapping(
                index=index,
                external_name=name.external_name,
                rows=name.rows,
                selected_id=choice.indicator_id if choice is not None else None,
                remembered=name.remembered is not None,
                candidates=name.candidates,
                note=name.note,
            )
        )
    return UploadReview(upload, proposal.plan, len(file.records), tuple(names), series)


def import_staged_file(
    factory: sessionmaker[Session],
    principal: Principal,
    token: str,
    mapping: Mapping[str, int | None],
    *,
    staging: UploadStaging | None = None,
) -> UploadResult:
    """Import a staged file with the confirmed mapping: name → indicator id, or None for 不导入.

    A name left out of `mapping` is imported only if a mapping for it was remembered before; the
    confirmed mappings are remembered for the next import. Rows already stored are skipped. The
    staged file is removed once the import has been committed.
    """
    require_admin(principal)
    area = staging or default_staging()
    upload, path = area.get(token, who=principal.username)
    file = _read(path)
    names = set(file.indicator_names)
    with transaction(factory, read_only=True) as session:
        plan = resolve_plan(session, upload.plan_id)
        series = {s.id for s in plan_series(session, plan.id)}
    for name, indicator_id in mapping.items():
        if name not in names:
            raise InputError(f"文件中没有名为“{name}”的指标，请按映射页面列出的名称填写对应关系。")
        if indicator_id is not None and indicator_id not in series:
            raise InputError(
                f"指标编号 {indicator_id} 不属于规划《{plan.title}》，请从该规划的指标中选择“{name}”对应的指标。"
            )
    skipped = {name for name, indicator_id in mapping.items() if indicator_id is None}
    kept = replace(file, records=tuple(r for r in file.records if r.indicator_name not in skipped))
    confirmed = {name: indicator_id for name, indicator_id in mapping.items() if indicator_id is not None}
    summary = import_observation_file(factory, plan.id, kept, confirmed, who=principal.username)
    area.discard(token)
    rows = Counter(r.indicator_name for r in file.records)
    not_imported = tuple(n for n in file.indicator_names if n in skipped or n in summary.unmapped)
    logger.info("imported upload %s into plan %d: %d added", token[:6], plan.id, summary.added)
    return UploadResult(
        filename=upload.filename,
        plan=plan,
        added=summary.added,
        skipped_duplicates=summary.skipped_duplicates,
        definition_breaks_added=summary.definition_breaks_added,
        not_imported=not_imported,
        rows_not_imported=sum(rows[n] for n in not_imported),
    )


def discard_upload(principal: Principal, token: str, *, staging: UploadStaging | None = None) -> None:
    """Throw a staged upload away without importing it."""
    require_admin(principal)
    area = staging or default_staging()
    area.get(token, who=principal.username)
    area.discard(token)
