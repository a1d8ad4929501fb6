"""Build hook: a wheel carries the repository's resources/ (protocols, translations, CTCAE terms, icons, the
paper's fonts) inside the package as app/resources, where app/paths.py looks when DoseDesk is installed rather
than run from a checkout. An editable install (tools/setup.sh) reads resources/ from the checkout instead, and
the one-folder program bundles it itself (installer/dosedesk.spec). Everything else is in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = Path(__file__).resolve().parent / "resources"


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        shutil.copytree(RESOURCES, Path(self.build_lib) / "app" / "resources", dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithResources})
