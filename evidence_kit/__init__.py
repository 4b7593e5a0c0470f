"""Evidence Kit: keep the proof of sextortion threats and hand a sealed dossier to the police."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("evidence-kit")
except _metadata.PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.1.0"

APP_NAME = "Evidence Kit"
