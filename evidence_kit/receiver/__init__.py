"""Receiving evidence from a phone: a local HTTP receiver, end-to-end encrypted chunks, straight into the vault."""
