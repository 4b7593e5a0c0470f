"""Reading screenshots: offline text recognition, identifiers and flags proposed from what was read."""
