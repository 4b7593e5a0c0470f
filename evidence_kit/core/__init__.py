"""The core of Evidence Kit: the encrypted case, its evidence and its chain of custody (no Qt here)."""
