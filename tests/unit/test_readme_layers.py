"""The README's layers section names the tree as it is: every file it points a newcomer to exists,
and every layer folder and domain module is named there."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "careernb"
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("The code is layered") : README.index("Notebooks are committed without")]


def test_every_file_the_layers_section_names_exists():
    named = set(re.findall(r"`([a-z_]+\.py)`", SECTION))
    assert len(named) > 30
    present = {p.name for p in PACKAGE.rglob("*.py")}
    assert sorted(named - present) == []


def test_every_layer_and_every_domain_module_is_named():
    for folder in (p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        assert f"`careernb/{folder.name}/`" in SECTION, folder.name
    for module in (PACKAGE / "domain").rglob("*.py"):
        if module.name != "__init__.py":
            assert f"`{module.name}`" in SECTION, module
