"""Entry point: ``evidence-kit`` opens the window; with a command, it runs the command line."""

from __future__ import annotations

import sys


def main() -> int:
    if "--self-test" in sys.argv:
        from evidence_kit.selftest import run_self_test

        return run_self_test()
    from evidence_kit.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
