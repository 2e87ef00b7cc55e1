"""One build step: the bundled regulations, the template, the committee cases and the JSON Schemas travel with the
wheel (the JSON Schemas and the HTTP API's OpenAPI document with them).

The repository keeps them at its top (``regulations/``, ``schemas/``), where committees, auditors and other
software find them and where ``swf-rules schemas`` regenerates them: they stay the source of truth.  A wheel has no
top, so ``build_py`` copies them into ``swf_rules/_data/`` of the build; :func:`swf_rules.core.registry.data_dir`
looks there first, then in the source checkout (an editable install builds nothing: it reads the repository).
Everything else is declared in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA = {"regulations": ("*.yaml", "cases/*.yaml"), "schemas": ("*.json",)}  # the JSON Schemas and the OpenAPI document


class build_py_with_data(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for folder, patterns in DATA.items():
            for pattern in patterns:
                for src in sorted((ROOT / folder).glob(pattern)):
                    dst = Path(self.build_lib, "swf_rules", "_data", folder, src.relative_to(ROOT / folder))
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(src, dst)


setup(cmdclass={"build_py": build_py_with_data})
