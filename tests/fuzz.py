"""A seeded fuzz harness: damaged packages, workbooks, documents and workspace files.

Every case takes a good file this program wrote, damages it one way (byte flips, a cut,
a zeroed page, two zip entries swapped, rows shuffled, valid-typed impossible values) and
hands it to the door it would come in by. Each run must end in success or a clean
Vietnamese message (a ``UserError``); a refused input must leave the workspace file
byte-identical. Anything else is counted and its traceback kept.

``python -m tests.fuzz --cases 20000`` runs more on demand; the test suite runs a few.
"""

import argparse
import contextlib
import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import random
import shutil
import sys
import tempfile
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from desktop_app.domain.errors import UserError
from desktop_app.workspace import Workspace

DEVICE = "fuzz"
KINDS = ("package", "xlsx", "docx", "pdf", "workspace")
_PDF = Path(__file__).parent / "fixtures" / "plan_huyen_uy.pdf"


@dataclasses.dataclass
class FuzzReport:
    cases: int = 0
    refused: int = 0
    accepted: int = 0
    tracebacks: list[str] = dataclasses.field(default_factory=list)
    changed_on_refusal: list[str] = dataclasses.field(default_factory=list)
    by_kind: Counter[str] = dataclasses.field(default_factory=Counter)

    def summary(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.by_kind.items()))
        return (
            f"{self.cases} cases ({kinds}): {self.accepted} accepted, {self.refused} refused "
            f"with a message, {len(self.tracebacks)} tracebacks, "
            f"{len(self.changed_on_refusal)} workspaces changed by a refused input"
        )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---- the damage ------------------------------------------------------------------------------


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def zero_page(data: bytes, rng: random.Random) -> bytes:
    page = 4096 if len(data) > 4 * 4096 else 512
    start = rng.randrange(max(1, len(data) // page)) * page
    return data[:start] + bytes(min(page, len(data) - start)) + data[start + page :]


def _zip_parts(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def _zip(parts: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts:
            z.writestr(name, content)
    return out.getvalue()


def swap_entries(data: bytes, rng: random.Random) -> bytes:
    parts = _zip_parts(data)
    if len(parts) < 2:
        return data
    i, j = rng.sample(range(len(parts)), 2)
    (a, da), (b, db) = parts[i], parts[j]
    parts[i], parts[j] = (a, db), (b, da)
    return _zip(parts)


def corrupt_deflate(data: bytes, rng: random.Random) -> bytes:
    """Flip bytes inside one entry's compressed data: a zlib error, not a bad directory."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = [i for i in z.infolist() if i.compress_size > 16]
    if not infos:
        return flip_bytes(data, rng)
    info = rng.choice(infos)
    # The local header is 30 bytes plus the name and the extra field.
    name_len = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        out[start + rng.randrange(info.compress_size)] ^= 0xFF
    return bytes(out)


def _package_parts(data: bytes) -> tuple[dict[str, bytes], dict[str, object]]:
    parts = dict(_zip_parts(data))
    return parts, json.loads(parts["manifest.json"])


def _repack(parts: dict[str, bytes], manifest: dict[str, object], name: str) -> None:
    listed = manifest["parts"]
    assert isinstance(listed, dict)
    listed[name] = {
        "sha256": hashlib.sha256(parts[name]).hexdigest(),
        "bytes": len(parts[name]),
    }
    parts["manifest.json"] = json.dumps(manifest).encode()


def shuffle_rows(data: bytes, rng: random.Random) -> bytes:
    parts, manifest = _package_parts(data)
    tables = [n for n, d in parts.items() if n.startswith("data/") and d.count(b"\n") > 1]
    if not tables:
        return data
    name = rng.choice(tables)
    lines = parts[name].splitlines()
    rng.shuffle(lines)
    parts[name] = b"\n".join(lines) + b"\n"
    _repack(parts, manifest, name)
    return _zip(list(parts.items()))


_IMPOSSIBLE = (
    ("plans", "status", "bi_mat"),
    ("plans", "plan_date", "9999-12-31"),
    ("plans", "bases", '{"x": 1}'),
    ("tasks", "deadline_kind", "month"),
    ("tasks", "deadline_month", 13),
    ("tasks", "position", -7),
    ("events", "event_date", "0001-01-01"),
    ("events", "event_time", "9" * 100),
    ("hamlets", "households", -1),
    ("units", "kind", "alien"),
    ("units", "name", "a\x00b"),
    ("task_units", "role", "boss"),
    ("progress_entries", "percent", 250),
    ("progress_entries", "figures", "[1, 2]"),
)


def impossible_value(data: bytes, rng: random.Random) -> bytes:
    parts, manifest = _package_parts(data)
    table, column, value = rng.choice(_IMPOSSIBLE)
    name = f"data/{table}.jsonl"
    lines = parts.get(name, b"").splitlines()
    if not lines:
        return data
    index = rng.randrange(len(lines))
    row = json.loads(lines[index])
    row[column] = value
    row["updated_at"] = "2030-01-01T00:00:00.000000Z"  # newer, so a merge would take it
    lines[index] = json.dumps(row, ensure_ascii=False).encode()
    parts[name] = b"\n".join(lines) + b"\n"
    _repack(parts, manifest, name)
    return _zip(list(parts.items()))


Mutation = Callable[[bytes, random.Random], bytes]
_ZIP_MUTATIONS: tuple[Mutation, ...] = (
    flip_bytes,
    truncate,
    zero_page,
    swap_entries,
    corrupt_deflate,
)
MUTATIONS: dict[str, tuple[Mutation, ...]] = {
    "package": (*_ZIP_MUTATIONS, shuffle_rows, impossible_value, impossible_value),
    "xlsx": _ZIP_MUTATIONS,
    "docx": _ZIP_MUTATIONS,
    "pdf": (flip_bytes, truncate, zero_page),
    "workspace": (flip_bytes, truncate, zero_page, zero_page),
}


# ---- the doors -------------------------------------------------------------------------------


@dataclasses.dataclass
class Originals:
    """The good files every case starts from, written once per run."""

    folder: Path
    workspace: Path
    package: Path
    xlsx: Path
    docx: Path
    pdf: Path
    plan_id: str


def make_originals(folder: Path) -> Originals:
    workspace = folder / "goc.sqlite"
    ws = Workspace.open(workspace, device=DEVICE)
    try:
        ws.plan_import.load_samples()
        plan = ws.plans.get(ws.plans.summaries()[0].id)
        package = ws.exchange.pack(folder / "goc").path
        xlsx = ws.progress.export_xlsx([plan], folder / "goc.xlsx")
        docx = ws.documents.export_docx(plan, folder / "goc.docx")
        # The other PC edits a unit, so the package has something to merge.
        unit = ws.directory.units()[0]
        ws.directory.save_unit(dataclasses.replace(unit, note="sửa ở máy khác"))
        package = ws.exchange.pack(folder / "goc").path
        ws.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        ws.close()
    pdf = folder / "goc.pdf"
    shutil.copy2(_PDF, pdf)
    return Originals(folder, workspace, package, xlsx, docx, pdf, plan.id)


@contextlib.contextmanager
def _clerk_pc(originals: Originals, case: Path) -> Iterator[Path]:
    """A copy of the workspace for one case, used once (opened and closed) as a PC would."""
    path = case / "data.sqlite"
    shutil.copy2(originals.workspace, path)
    Workspace.open(path, device="pc-b").close()
    yield path


def _package_door(originals: Originals, damaged: Path, case: Path) -> tuple[bool, bool]:
    """Preview and merge; (accepted, workspace unchanged)."""
    with _clerk_pc(originals, case) as path:
        before = _digest(path)
        ws = Workspace.open(path, device="pc-b")
        try:
            ws.exchange.merge(ws.exchange.preview(damaged))
        except UserError:
            ws.close()
            return False, _digest(path) == before
        ws.close()
        return True, True


def _xlsx_door(originals: Originals, damaged: Path, case: Path) -> tuple[bool, bool]:
    with _clerk_pc(originals, case) as path:
        ws = Workspace.open(path, device="pc-b")
        before = _digest(path)
        try:
            plan = ws.plans.get(originals.plan_id)
            preview = ws.progress.preview_xlsx(damaged, plan)
            del preview
        except UserError:
            ws.close()
            return False, _digest(path) == before
        ws.close()
        return True, True


def _document_door(originals: Originals, damaged: Path, case: Path) -> tuple[bool, bool]:
    with _clerk_pc(originals, case) as path:
        ws = Workspace.open(path, device="pc-b")
        try:
            ws.plan_import.read_file(damaged)
        except UserError:
            return False, True
        finally:
            ws.close()
        return True, True


def _workspace_door(originals: Originals, damaged: Path, case: Path) -> tuple[bool, bool]:
    """Open a damaged workspace file, check it and read every plan, the agenda, the trash."""
    del originals, case
    before = _digest(damaged)
    try:
        ws = Workspace.open(damaged, device="pc-b")
    except UserError:
        return False, _digest(damaged) == before
    try:
        report = ws.exchange.check_db()
        for summary in ws.plans.summaries():
            ws.plans.get(summary.id)
        ws.plans.trash()
        ws.calendar.items(dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 6, 15))
        ws.directory.units()
    except UserError:
        return False, True
    finally:
        ws.close()
    return report.ok, True


DOORS = {
    "package": ("package", ".skh", _package_door),
    "xlsx": ("xlsx", ".xlsx", _xlsx_door),
    "docx": ("docx", ".docx", _document_door),
    "pdf": ("pdf", ".pdf", _document_door),
    "workspace": ("workspace", ".sqlite", _workspace_door),
}


def run(cases: int, seed: int, folder: Path, kinds: tuple[str, ...] = KINDS) -> FuzzReport:
    """Run ``cases`` cases, spread over ``kinds``, from one seed (the same cases each time)."""
    os.environ.setdefault("SO_KE_HOACH_DATA_DIR", str(folder / "data"))
    originals = make_originals(folder)
    rng = random.Random(seed)
    report = FuzzReport()
    for number in range(cases):
        kind = kinds[number % len(kinds)]
        attribute, suffix, door = DOORS[kind]
        source: Path = getattr(originals, attribute)
        mutation = rng.choice(MUTATIONS[kind])
        case = folder / f"ca-{number}"
        case.mkdir()
        damaged = case / f"hong{suffix}"
        try:
            damaged.write_bytes(mutation(source.read_bytes(), rng))
        except (zipfile.BadZipFile, ValueError, KeyError):
            damaged.write_bytes(flip_bytes(source.read_bytes(), rng))
        report.cases += 1
        report.by_kind[kind] += 1
        label = f"#{number} {kind} {mutation.__name__}"
        try:
            accepted, unchanged = door(originals, damaged, case)
        except Exception:  # the thing counted: anything that is not a clean message
            report.tracebacks.append(f"{label}\n{traceback.format_exc()}")
        else:
            if accepted:
                report.accepted += 1
            else:
                report.refused += 1
                if not unchanged:
                    report.changed_on_refusal.append(label)
        shutil.rmtree(case, ignore_errors=True)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--show", type=int, default=3, help="tracebacks to print")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="skh-fuzz-") as tmp:
        report = run(args.cases, args.seed, Path(tmp), tuple(args.kinds.split(",")))
    for text in report.tracebacks[: args.show]:
        sys.stderr.write(text + "\n")
    sys.stdout.write(report.summary() + "\n")
    return 1 if report.tracebacks or report.changed_on_refusal else 0


if __name__ == "__main__":
    sys.exit(main())
