"""``python tests/cli_with_test_kdf.py ARGS``: the real command line, with the test suite's cheap key derivation.

Tests run the program in child processes through this file (``helpers.run_cli``), so cases made on the
command line stay fast to open without the installed program reading any switch that weakens them.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import use_cheap_kdf  # noqa: E402

use_cheap_kdf()

from evidence_kit.__main__ import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
