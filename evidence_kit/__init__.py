"""Evidence Kit: keep the proof of sextortion threats and hand a sealed dossier to the police."""

from __future__ import annotations

APP_NAME = "Evidence Kit"


def __getattr__(name: str) -> str:
    # importlib.metadata costs ~45 ms: only pay it when the version is asked for, not at every start.
    if name == "__version__":
        from importlib import metadata

        try:
            return metadata.version("evidence-kit")
        except metadata.PackageNotFoundError:  # a source tree that was not installed
            return "0.1.0"
    raise AttributeError(name)
