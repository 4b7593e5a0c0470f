"""The dossier's machine-readable twin: ``dossier.jsonld``, the manifest in the CASE/UCO ontology.

CASE (Cyber-investigation Analysis Standard Expression, caseontology.org) is the exchange format of
digital forensics tools.  The file holds one observable per evidence item (a file facet and a
content-data facet with its SHA-256, size and media type), the provenance of derived items (an action
with the parent as object and the copy as result), the scammer's accounts with their identifiers, and
the custody actions with their times.  It is plain JSON-LD written from the records (no RDF library at
run time); ``case_validate`` from ``case-utils`` checks it in the tests.  The PDF stays the human document.
"""

from __future__ import annotations

import uuid
from typing import Any

from evidence_kit.core.model import Account, AccountOwner, EvidenceItem

CONTEXT = {
    "kb": "",  # replaced per dossier by a URN of its own
    "case-investigation": "https://ontology.caseontology.org/case/investigation/",
    "uco-action": "https://ontology.unifiedcyberontology.org/uco/action/",
    "uco-core": "https://ontology.unifiedcyberontology.org/uco/core/",
    "uco-observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
    "uco-types": "https://ontology.unifiedcyberontology.org/uco/types/",
    "uco-vocabulary": "https://ontology.unifiedcyberontology.org/uco/vocabulary/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class _Ids:
    """Stable node ids: the same dossier reference and record give the same UUID."""

    def __init__(self, reference: str) -> None:
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:evidence-kit:{reference}")

    def __call__(self, kind: str, key: str) -> str:
        return f"kb:{kind}-{uuid.uuid5(self.namespace, f'{kind}/{key}')}"


def _time(text: str) -> dict[str, str]:
    return {"@type": "xsd:dateTime", "@value": text.replace("Z", "+00:00")}


def _integer(value: int) -> dict[str, str]:
    return {"@type": "xsd:integer", "@value": str(value)}


def _hash(node_id: str, digest: str) -> dict[str, Any]:
    return {
        "@id": node_id,
        "@type": "uco-types:Hash",
        "uco-types:hashMethod": "SHA256",  # xsd:string since UCO 1.4
        "uco-types:hashValue": {"@type": "xsd:hexBinary", "@value": digest.upper()},
    }


def _item_node(ids: _Ids, item: EvidenceItem, attachment: str) -> dict[str, Any]:
    file_facet: dict[str, Any] = {
        "@id": ids("FileFacet", item.id),
        "@type": "uco-observable:FileFacet",
        "uco-observable:sizeInBytes": _integer(item.size),
    }
    if attachment or item.source_name:
        file_facet["uco-observable:fileName"] = attachment or item.source_name
    content: dict[str, Any] = {
        "@id": ids("ContentDataFacet", item.id),
        "@type": "uco-observable:ContentDataFacet",
        "uco-observable:mimeType": item.media_type,
        "uco-observable:sizeInBytes": _integer(item.size),
        "uco-observable:hash": [_hash(ids("Hash", item.id), item.sha256)],
    }
    node: dict[str, Any] = {
        "@id": ids("File", item.id),
        "@type": "uco-observable:File",
        "uco-core:name": item.id,
        "uco-core:hasFacet": [file_facet, content],
    }
    if item.note:
        node["uco-core:description"] = item.note
    return node


def _account_node(ids: _Ids, account: Account, platform: str) -> dict[str, Any]:
    identifier = account.handle() or account.display_name or account.id
    facets: list[dict[str, Any]] = [
        {
            "@id": ids("AccountFacet", account.id),
            "@type": "uco-observable:AccountFacet",
            "uco-observable:accountIdentifier": identifier,
            "uco-observable:isActive": not bool(account.removed_at),
        }
    ]
    if account.display_name:
        facets.append(
            {
                "@id": ids("DigitalAccountFacet", account.id),
                "@type": "uco-observable:DigitalAccountFacet",
                "uco-observable:displayName": account.display_name,
            }
        )
    if account.phone:
        facets.append(
            {
                "@id": ids("PhoneAccountFacet", account.id),
                "@type": "uco-observable:PhoneAccountFacet",
                "uco-observable:phoneNumber": account.phone,
            }
        )
    node: dict[str, Any] = {
        "@id": ids("ApplicationAccount", account.id),
        "@type": "uco-observable:ApplicationAccount",
        "uco-core:name": f"{platform}: {identifier}",
        "uco-core:hasFacet": facets,
    }
    details = [f"{name}={value}" for name, value in account.identifiers() if name not in ("display_name", "phone")]
    if details:
        node["uco-core:description"] = "; ".join(details)
    return node


def case_uco(
    reference: str,
    items: list[EvidenceItem],
    attachments: dict[str, str],
    accounts: list[Account],
    custody: list[dict[str, Any]],
    platform_name: Any,
) -> dict[str, Any]:
    """The JSON-LD document (a dict ready for ``json.dumps``)."""
    ids = _Ids(reference)
    context = dict(CONTEXT, kb=f"urn:evidence-kit:{reference}:")
    graph: list[dict[str, Any]] = []
    by_id = {item.id: item for item in items}
    for item in items:
        graph.append(_item_node(ids, item, attachments.get(item.id, "")))
    for item in items:
        if item.derivation and item.derivation.parent_id in by_id:
            graph.append(
                {
                    "@id": ids("Action", f"derive/{item.id}"),
                    "@type": "case-investigation:InvestigativeAction",
                    "uco-core:name": f"{item.derivation.kind.value} {item.derivation.parent_id} -> {item.id}",
                    "uco-action:startTime": _time(item.obtained_at),
                    "uco-action:object": [{"@id": ids("File", item.derivation.parent_id)}],
                    "uco-action:result": [{"@id": ids("File", item.id)}],
                }
            )
    for account in accounts:
        if account.owner == AccountOwner.SCAMMER:
            graph.append(_account_node(ids, account, platform_name(account.platform, account.platform_other)))
    for entry in custody:
        action: dict[str, Any] = {
            "@id": ids("Action", f"custody/{entry['seq']}"),
            "@type": "case-investigation:InvestigativeAction",
            "uco-core:name": str(entry["action"]),
            "uco-core:description": f"custody entry {entry['seq']}, hash {entry.get('entry_hash', '')}",
            "uco-action:startTime": _time(str(entry["at"])),
        }
        subject = str(entry.get("subject", ""))
        if subject in by_id:
            action["uco-action:result"] = [{"@id": ids("File", subject)}]
        graph.append(action)
    return {"@context": context, "@graph": graph}
