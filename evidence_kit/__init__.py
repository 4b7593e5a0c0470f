"""Evidence Kit: keep the proof of sextortion threats and hand a sealed dossier to the police."""

from __future__ import annotations

APP_NAME = "Evidence Kit"


def __getattr__(name: str) -> str:
    # importlib.metadata costs ~45 ms: only pay it when the version is asked for, not at every start.
    if name == "__version__":
        from evidence_kit.build_identity import app_version

        return app_version()
    raise AttributeError(name)
