"""Splitting a project among coders, with a reliability sample that every coder codes.

A team codes a corpus by sending each coder a project file of their own: their share of
the entries plus the reliability sample, which every coder codes so that agreement can
be reported on it (``docs/team-coding.md``). The split is written down in a manifest
(who has which entries, the sample, the codebook's hash, the seed), which the merge
later checks the returned files against (``formats/project/assignment_checks``).

Everything is drawn from one ``random.Random(seed)`` over units in the project's order,
so the same project, coders, options and seed give the same files. The sample's share
of each stratum is within one unit of proportional (largest remainders), and the units
outside the sample are dealt round-robin after a shuffle, so shares differ by at most
one unit.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import orjson

from workbench.core.adjudication import GOLD_LAYER
from workbench.core.codebook import Codebook, codebook_to_dict
from workbench.core.errors import WorkbenchError
from workbench.core.input_files import read_input
from workbench.core.model import Entry, ImportedPredictions, Project
from workbench.core.provenance import BLIND_FIELD, blind_annotators
from workbench.formats.atomic_write import write_atomic

MANIFEST_FORMAT = "workbench-assignments"
MANIFEST_VERSION = 1
MANIFEST_NAME = "manifest.json"
#: A manifest lists entry ids, a few per entry; far below this even for 150,000 entries.
MAX_MANIFEST_BYTES = 256 * 1024**2
#: Where a coder's file records which assignment it belongs to.
META_KEY = "assignment"
#: The stratum of entries that the dimension stratified by has no value for.
UNCODED = "(not coded)"
_CODER_NAME = re.compile(r"\w[\w.-]*")

Unit = Literal["entry", "dispatch"]


@dataclass
class Assignment:
    """One project per coder and the manifest that says who has what."""

    projects: dict[str, Project]
    manifest: dict[str, Any]


def codebook_hash(codebook: Codebook) -> str:
    """A fingerprint of the codebook as saved: two coders with equal hashes coded with the same codes."""
    data = orjson.dumps(codebook_to_dict(codebook), option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(data).hexdigest()


def project_identity(project: Project) -> str:
    """A fingerprint of the corpus (its entry ids), which tells a returned file from another project."""
    digest = hashlib.sha256()
    for entry_id in sorted(e.id for e in project.entries):
        digest.update(entry_id.encode() + b"\n")
    return digest.hexdigest()


def parse_coders(text: str) -> list[str]:
    """``amira,ben,chiara`` as names; refused when empty, repeated or fewer than two."""
    coders = [name.strip() for name in text.split(",") if name.strip()]
    if len(coders) < 2:
        raise WorkbenchError(f"name at least two coders, separated by commas (got '{text}')")
    repeated = sorted({name for name in coders if coders.count(name) > 1})
    if repeated:
        raise WorkbenchError(f"coder named twice: {', '.join(repeated)}")
    for name in coders:
        if name == GOLD_LAYER:
            raise WorkbenchError(f"'{GOLD_LAYER}' is the reviewers' layer, not a coder")
        if not _CODER_NAME.fullmatch(name):  # a coder's name becomes a layer name and a file name
            raise WorkbenchError(f"coder name '{name}' may hold only letters, digits, '.', '-' and '_'")
    return coders


def assign(
    project: Project,
    coders: list[str],
    *,
    overlap: float = 0.2,
    stratify: str | None = None,
    unit: Unit = "entry",
    seed: int | None = None,
    source: str = "",
) -> Assignment:
    """Split ``project`` among ``coders``: each gets its share plus the sample every coder codes.

    ``stratify`` is None, ``"dispatch"`` (entries sampled in proportion to their dispatch's
    size) or a dimension key (in proportion to the value the project's gold layer, else its
    first layer coding the entry, gives; uncoded entries are a stratum of their own).
    ``unit="dispatch"`` samples and deals whole dispatches. ``seed`` None draws one, which
    the manifest records, so even an unseeded split can be made again.
    """
    _check_request(project, coders, overlap, unit, stratify)
    if seed is None:
        seed = random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    units = _units(project, unit)
    strata = _strata(project, units, stratify)
    sample_units = _sample(strata, overlap, rng)
    shares = _deal(units, sample_units, coders, rng)
    members = dict(units)
    order = project.positions()

    def entries_of(unit_ids: list[str]) -> list[str]:
        ids = [entry_id for unit_id in unit_ids for entry_id in members[unit_id]]
        return sorted(ids, key=order.__getitem__)

    sample = entries_of(sample_units)
    manifest: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "version": MANIFEST_VERSION,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "source": {"file": source, "identity": project_identity(project), "entries": len(project.entries)},
        # The codebook itself too, so a returned file coded with a changed one can be told what changed.
        "codebook": {
            "name": project.codebook.name,
            "hash": codebook_hash(project.codebook),
            "definition": codebook_to_dict(project.codebook),
        },
        "seed": seed,
        "overlap": overlap,
        "unit": unit,
        "stratify": stratify,
        "sample": sample,
        "coders": {
            coder: {"file": f"{coder}.wbproj", "entries": entries_of(ids)} for coder, ids in shares.items()
        },
    }
    manifest["id"] = _manifest_id(manifest)
    projects = {coder: _coder_project(project, coder, manifest) for coder in coders}
    return Assignment(projects, manifest)


def _check_request(
    project: Project, coders: list[str], overlap: float, unit: Unit, stratify: str | None
) -> None:
    """Refuse, before anything is drawn, a split that cannot be made as asked."""
    if not 0 <= overlap <= 1:
        raise WorkbenchError(f"overlap must be between 0 and 1, not {overlap}")
    if len(coders) < 2 or len(set(coders)) != len(coders):
        raise WorkbenchError("name at least two different coders")
    if not project.entries:
        raise WorkbenchError("the project has no entries to assign")
    if unit == "dispatch" and stratify is not None:
        raise WorkbenchError("whole dispatches are sampled as they are: stratify by entry units only")


def _deal(
    units: dict[str, list[str]], sample_units: list[str], coders: list[str], rng: random.Random
) -> dict[str, list[str]]:
    """Each coder's own units: those outside the shared sample, shuffled and dealt in turn."""
    chosen = set(sample_units)
    rest = [u for u in units if u not in chosen]
    rng.shuffle(rest)
    shares: dict[str, list[str]] = {coder: [] for coder in coders}
    for k, unit_id in enumerate(rest):
        shares[coders[k % len(coders)]].append(unit_id)
    return shares


def _units(project: Project, unit: Unit) -> dict[str, list[str]]:
    """Unit id -> its entry ids, in the project's order: one entry each, or a dispatch's entries."""
    if unit == "entry":
        return {e.id: [e.id] for e in project.entries}
    units: dict[str, list[str]] = {}
    for entry in project.entries:
        units.setdefault(entry.dispatch_id, []).append(entry.id)
    return units


def _strata(project: Project, units: dict[str, list[str]], stratify: str | None) -> dict[str, list[str]]:
    """Stratum -> its units in the project's order (one stratum when not stratified)."""
    if stratify is None:
        return {"": list(units)}
    if stratify == "dispatch":
        return _group(project.entries, lambda e: e.dispatch_id)
    if project.codebook.dimension(stratify) is None:
        raise WorkbenchError(
            f"no dimension '{stratify}' in codebook '{project.codebook.name}' to stratify by"
        )
    names = project.annotators()
    layers = [project.layer(name) or {} for name in ([GOLD_LAYER] if GOLD_LAYER in names else []) + names]

    def value_of(entry: Entry) -> str:
        for layer in layers:
            ann = layer.get(entry.id)
            value = ann.values.get(stratify) if ann is not None else None
            if value:
                return value if isinstance(value, str) else "+".join(sorted(value))
        return UNCODED

    return _group(project.entries, value_of)


def _group(entries: list[Entry], key: Callable[[Entry], str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for entry in entries:
        groups.setdefault(key(entry), []).append(entry.id)
    return groups


def _sample(strata: dict[str, list[str]], overlap: float, rng: random.Random) -> list[str]:
    """Round(overlap × units) units, each stratum's count the floor or ceiling of its quota."""
    quotas = {name: overlap * len(members) for name, members in strata.items()}
    counts = {name: int(q) for name, q in quotas.items()}
    extra = round(sum(quotas.values())) - sum(counts.values())
    by_remainder = sorted(strata, key=lambda name: (-(quotas[name] - counts[name]), name))
    for name in by_remainder[:extra]:
        counts[name] += 1
    chosen: list[str] = []
    for name in sorted(strata):
        chosen += rng.sample(strata[name], counts[name])
    return chosen


def _manifest_id(manifest: dict[str, Any]) -> str:
    """The split's fingerprint: everything but the date, so the same seed gives the same id."""
    kept = {key: value for key, value in manifest.items() if key not in ("created", "id")}
    kept["source"] = {key: value for key, value in kept["source"].items() if key != "file"}
    return hashlib.sha256(orjson.dumps(kept, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]


def assigned_entries(manifest: dict[str, Any], coder: str) -> list[str]:
    """What ``coder`` codes: their share and the sample."""
    return [*manifest["coders"][coder]["entries"], *manifest["sample"]]


def _coder_project(project: Project, coder: str, manifest: dict[str, Any]) -> Project:
    """The coder's file: their entries, those entries' dispatches and the codebook; no layers.
    Who codes blind and the imported predictions of those entries go along, so the coder's
    window shows (or hides) the suggestions the project's would."""
    wanted = set(assigned_entries(manifest, coder))
    entries = [e for e in project.entries if e.id in wanted]
    dispatch_ids = {e.dispatch_id for e in entries}
    dispatches = {
        key: dataclasses.replace(d, meta=dict(d.meta))
        for key, d in project.dispatches.items()
        if key in dispatch_ids
    }
    meta: dict[str, Any] = {
        META_KEY: {
            "id": manifest["id"],
            "coder": coder,
            "source": manifest["source"]["identity"],
            "codebook": manifest["codebook"]["hash"],
        }
    }
    if BLIND_FIELD in project.meta:
        meta[BLIND_FIELD] = blind_annotators(project)
    coder_project = Project(
        codebook=project.codebook.copy(), dispatches=dispatches, entries=entries, meta=meta
    )
    if project.predictions is not None:
        shared = project.predictions
        scores = {e: copy.deepcopy(by_dim) for e, by_dim in shared.scores.items() if e in wanted}
        coder_project.predictions = ImportedPredictions(shared.source, shared.imported, scores)
    return coder_project


def write_assignment(assignment: Assignment, folder: Path, *, force: bool = False) -> list[Path]:
    """Each coder's project file and the manifest in ``folder``, every one written atomically.

    A folder that already holds files is refused unless ``force``, so an earlier split
    that coders may be working from is never overwritten by accident.
    """
    from workbench.formats.project.file import save_project  # the project writer

    if folder.exists() and not folder.is_dir():
        raise WorkbenchError("is not a folder", file=str(folder))
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise WorkbenchError("folder is not empty (give --force to write into it)", file=str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for coder, project in assignment.projects.items():
        path = folder / assignment.manifest["coders"][coder]["file"]
        save_project(project, path, keep_backup=False)
        written.append(path)
    path = folder / MANIFEST_NAME
    write_atomic(
        path, orjson.dumps(assignment.manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    )
    return [*written, path]


def load_manifest(path: str | Path) -> dict[str, Any]:
    """Read and check a manifest; every problem is one line naming the file."""
    path = Path(path)
    raw = read_input(path, MAX_MANIFEST_BYTES, "limit of a manifest")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise WorkbenchError(f"not valid JSON ({exc})", file=str(path)) from None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        raise WorkbenchError(f'not an assignment manifest (no "format": "{MANIFEST_FORMAT}")', file=str(path))
    if data.get("version") != MANIFEST_VERSION:
        raise WorkbenchError(
            f"manifest version {data.get('version')!r} is not {MANIFEST_VERSION}", file=str(path)
        )
    _check_shape(data, path)
    return data


def _check_shape(data: dict[str, Any], path: Path) -> None:
    def bad(where: str, what: str) -> WorkbenchError:
        return WorkbenchError(what, file=str(path), where=where)

    for key in ("id", "source", "codebook", "sample", "coders"):
        if key not in data:
            raise bad(key, "missing")
    if not isinstance(data["id"], str):
        raise bad("id", "must be a string")
    if not isinstance(data["source"], dict) or not isinstance(data["source"].get("identity"), str):
        raise bad("source", "must be an object with the source's identity")
    if not isinstance(data["codebook"], dict) or not isinstance(data["codebook"].get("hash"), str):
        raise bad("codebook", "must be an object with the codebook's hash")
    if not _ids(data["sample"]):
        raise bad("sample", "must be a list of entry ids")
    coders = data["coders"]
    if not isinstance(coders, dict) or not coders:
        raise bad("coders", "must be an object of coder -> their file and entries")
    for coder, share in coders.items():
        if (
            not isinstance(share, dict)
            or not isinstance(share.get("file"), str)
            or not _ids(share.get("entries"))
        ):
            raise bad(f"coders.{coder}", "must have a file name and a list of entry ids")


def _ids(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)
