"""The wizard's pages, one class per file."""
