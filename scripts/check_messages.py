"""CI check: the committed catalogues (locale/*/LC_MESSAGES/django.po) hold exactly the strings the
sources mark for translation. Runs `makemessages` on a copy of the tree (the checkout stays
untouched) and compares the message ids; `make messages` is the fix it names.

    .venv/bin/python scripts/check_messages.py
"""
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("sv", "en")


def source_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode()
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def message_ids(po_path: Path) -> set[tuple[str | None, str, str | None]]:
    po = polib.pofile(str(po_path))
    return {(e.msgctxt, e.msgid, e.msgid_plural or None) for e in po if not e.obsolete}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="check-messages-") as tmp:
        copy = Path(tmp)
        for name in source_files():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
        subprocess.run([sys.executable, "manage.py", "makemessages", *(f"-l{lang}" for lang in LANGUAGES),
                        "--ignore=.venv", "--ignore=node_modules", "--ignore=var", "-v0"], cwd=copy, check=True)
        failures = []
        for language in LANGUAGES:
            relative = Path("locale", language, "LC_MESSAGES", "django.po")
            wanted, committed = message_ids(copy / relative), message_ids(ROOT / relative)
            for label, ids in (("missing from", wanted - committed), ("no longer in the sources but in", committed - wanted)):
                failures += [f"{relative}: {label} the catalogue: {msgid!r}" for _, msgid, _ in sorted(ids, key=str)]
    for line in failures[:40]:
        print(line)
    if failures:
        print(f"{len(failures)} message(s) out of step with the sources: run `make messages` and translate.")
        return 1
    print("catalogues match the sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
