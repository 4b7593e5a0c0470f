"""The core of Evidence Kit: the encrypted case, its evidence and its chain of custody (no Qt here).

``case.Case`` is the façade the window, the command line, the chat importer and the dossier call.
The work is done by modules with one job each:

- ``vault``: the case folder's header and key slots, its lock, the journal and the encrypted blobs
  (``journal``, ``blobstore``, ``crypto``, ``keys``), and ``seen``: what this computer saw of it;
- ``records``: the records in memory (items, accounts, payments, events, links) and their commits;
- ``ingest``: reading evidence in, one ``PendingItem`` committed as an ``EvidenceItem``
  (``intake`` recognises what the bytes are, ``imaging`` crops and redacts);
- ``custody``: hashing, signing and checking the chain of custody;
- ``verification``: checking every byte of a case;
- ``model``: the records as dataclasses; ``errors``: our exceptions; ``clock``: instants as a dossier
  writes them; ``facts``: the draft account of the facts.
"""
