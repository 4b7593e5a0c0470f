"""The dossier's machine-readable twin, dossier.jsonld, as a forensic tool reads it: valid CASE/UCO
(checked by case_validate from case-utils), one file observable per item with its SHA-256, size and media
type, the provenance of derived items, the scammer's accounts and the custody actions."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from evidence_kit.core.case import Case
from evidence_kit.dossier.export import ExportOptions, Recipient, export_dossier
from tests.test_dossier_export import build_case


def _twin(case: Case, tmp_path: Path) -> tuple[Path, dict]:  # type: ignore[type-arg]
    ids = build_case(case, tmp_path / "inputs")
    result = export_dossier(case, ExportOptions(Recipient.POLICE, tmp_path / "d.pdf", lang="fr"))
    folder = tmp_path / "detached"
    folder.mkdir()
    subprocess.run(["pdfdetach", "-upw", result.password, "-saveall", "-o", str(folder), str(result.path)], check=True)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert "dossier.jsonld" in manifest["attachments"], "the twin is listed, with its hash, like every attachment"
    path = folder / "dossier.jsonld"
    return path, {"ids": ids, "doc": json.loads(path.read_text(encoding="utf-8"))}


def test_the_twin_holds_every_item_its_provenance_the_accounts_and_the_custody(case: Case, tmp_path: Path) -> None:
    _path, found = _twin(case, tmp_path)
    graph = found["doc"]["@graph"]
    files = {node["uco-core:name"]: node for node in graph if node["@type"] == "uco-observable:File"}
    assert set(files) == set(case.items)
    for item in case.items.values():
        facets = {f["@type"]: f for f in files[item.id]["uco-core:hasFacet"]}
        data = facets["uco-observable:ContentDataFacet"]
        assert data["uco-observable:hash"][0]["uco-types:hashValue"]["@value"] == item.sha256.upper()
        assert data["uco-observable:mimeType"] == item.media_type
        assert data["uco-observable:sizeInBytes"]["@value"] == str(item.size)
    redacted = case.items[found["ids"]["redacted"]]
    derive = [n for n in graph if n.get("uco-action:result") == [{"@id": files[redacted.id]["@id"]}]
              and "uco-action:object" in n]  # fmt: skip
    assert derive and derive[0]["uco-action:object"] == [{"@id": files[redacted.derivation.parent_id]["@id"]}]
    phones = [f["uco-observable:phoneNumber"] for n in graph for f in n.get("uco-core:hasFacet", [])
              if f["@type"] == "uco-observable:PhoneAccountFacet"]  # fmt: skip
    assert phones == ["+225 07 12 34 56 78"]
    actions = [n for n in graph if n["@type"] == "case-investigation:InvestigativeAction" and "custody" in
               n.get("uco-core:description", "")]  # fmt: skip
    assert len(actions) >= len(case.custody) - 1  # every entry before the export's own


def test_the_twin_passes_case_validate(case: Case, tmp_path: Path) -> None:
    if shutil.which("case_validate") is None:
        pytest.skip("case-utils is not installed (pip install case-utils)")
    path, _found = _twin(case, tmp_path)
    done = subprocess.run(["case_validate", str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Conforms: True" in done.stdout
