"""platform/ is a source folder; it must never shadow Python's standard `platform` module."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class StdlibPlatformTests:
    def test_platform_folder_is_not_a_package(self):
        assert not (ROOT / "platform" / "__init__.py").exists()

    def test_import_platform_from_repo_root_gives_the_standard_library(self):
        result = subprocess.run(
            [sys.executable, "-c", "import platform; print(platform.python_version())"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )
        assert result.stdout.strip() == ".".join(str(n) for n in sys.version_info[:3])

    def test_django_and_elasticsearch_import_alongside_the_kernel(self):
        code = (
            "import sys; sys.path[:0] = ['.', 'platform'];"
            "import uuid, elasticsearch, config.env, platform;"
            "print(platform.python_version())"
        )
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
