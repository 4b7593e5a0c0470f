"""The frozen program's entry point: the same main() as ``python -m evidence_kit``."""

import sys

from evidence_kit.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
