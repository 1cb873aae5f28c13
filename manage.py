#!/usr/bin/env python
"""Django's command-line entry point."""
import os
import sys
from pathlib import Path


def main() -> None:
    # platform/ is a source folder, not a package: putting it on the path makes its
    # kernel apps (config, core, users, search, realtime) importable under their own
    # names without shadowing the standard library's `platform` module.
    sys.path.insert(0, str(Path(__file__).resolve().parent / "platform"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
