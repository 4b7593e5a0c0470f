"""The case's records as they stood at one moment, for work that reads them long (a dossier export).

Writes may go on while an export renders (an import in the background, a form saved), and the case's
dictionaries change in place.  The export reads this snapshot instead: the records copied under the
case's write lock, held only for the copy, so the dossier shows one consistent state.  Evidence bytes
(immutable) and the custody entry the export adds go to the case itself.
"""

from __future__ import annotations

from typing import Any


class CaseSnapshot:
    def __init__(self, case: Any) -> None:
        self._case = case
        with case.transaction():
            self.items = dict(case.items)
            self.accounts = dict(case.accounts)
            self.payments = dict(case.payments)
            self.events = dict(case.events)
            self.custody = list(case.custody)
            self.extra = {kind: dict(records) for kind, records in case.extra.items()}
            self.profile = case.profile
            self._evidence = {True: case.evidence_items(True), False: case.evidence_items(False)}
            self._head = case.custody_head()

    def evidence_items(self, include_intimate: bool = True) -> list[Any]:
        return list(self._evidence[include_intimate])

    def custody_head(self) -> str:
        return self._head

    def item(self, item_id: str) -> Any:
        return self.items[item_id] if item_id in self.items else self._case.item(item_id)

    def evidence_for_account(self, account_id: str) -> list[Any]:
        return [item for item in self._evidence[True] if account_id in item.account_ids]

    def __getattr__(self, name: str) -> Any:  # reference, keys, open_original, read_blob, log_action…
        return getattr(self._case, name)
