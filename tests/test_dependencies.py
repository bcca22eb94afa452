"""The runtime dependencies, read from the installed distributions' metadata: none (transitively) is
GPL-only, and none pulls in pandas (issue 18, item 11: country_converter did both)."""

from __future__ import annotations

import importlib.metadata as md
import re
import subprocess
import sys

import pytest
from packaging.requirements import Requirement

APP = "ai-export-desk"


def runtime_closure(name: str = APP) -> dict[str, md.Distribution]:
    """Every distribution the app needs at run time (no extras), by normalised name, found transitively."""
    found: dict[str, md.Distribution] = {}
    todo = [name]
    while todo:
        dist = md.distribution(todo.pop())
        for text in dist.requires or ():
            req = Requirement(text)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue  # an optional extra, or another platform / Python
            key = re.sub(r"[-_.]+", "-", req.name).lower()
            if key in found:
                continue
            try:
                found[key] = md.distribution(req.name)
            except md.PackageNotFoundError:
                pytest.fail(f"{dist.metadata['Name']} needs {req.name}, which is not installed")
            todo.append(req.name)
    return found


def _is_gpl(term: str) -> bool:
    """A licence term of the GPL family that is not the Lesser/Library GPL (AGPL counts as GPL)."""
    t = term.upper()
    return "GPL" in t.replace("LGPL", "") or ("GENERAL PUBLIC LICENSE" in t and "LESSER" not in t and "LIBRARY" not in t)


def gpl_only(expression: str | None, licence: str | None, classifiers: list[str]) -> bool:
    """True when every licence the distribution offers is GPL (an OR with anything else is fine)."""
    text = (expression or licence or "").strip()
    if text and len(text) < 200:  # an SPDX expression or a short name, not a whole licence text
        alternatives = re.split(r"\s+OR\s+", text.replace("(", " ").replace(")", " "), flags=re.IGNORECASE)
        return all(_is_gpl(a) for a in alternatives)
    terms = [c.rsplit("::", 1)[-1] for c in classifiers if c.startswith("License ::")]
    return bool(terms) and all(_is_gpl(t) for t in terms)


@pytest.mark.parametrize(
    ("expression", "licence", "classifiers", "expected"),
    [
        (None, None, ["License :: OSI Approved :: GNU General Public License v3 (GPLv3)"], True),  # country_converter
        ("GPL-3.0-or-later", None, [], True),
        ("AGPL-3.0-only", None, [], True),
        (None, "GPLv3", [], True),
        ("MIT AND GPL-2.0-only", None, [], True),
        (None, "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only", [], False),  # PySide6
        ("LGPL-2.1-only", None, [], False),  # pycountry
        ("MIT OR GPL-2.0-only", None, [], False),
        ("BSD-3-Clause", None, [], False),
        (None, None, ["License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)"], False),
        (None, None, [], False),
    ],
)
def test_the_gpl_only_rule(expression, licence, classifiers, expected):
    assert gpl_only(expression, licence, classifiers) is expected


def test_no_runtime_dependency_is_gpl_only():
    closure = runtime_closure()
    assert {"pyside6-essentials", "sqlite-utils", "numpy"} <= set(closure)  # the closure is really walked
    offenders = []
    for key, dist in sorted(closure.items()):
        meta = dist.metadata
        if gpl_only(meta.get("License-Expression"), meta.get("License"), meta.get_all("Classifier") or []):
            offenders.append(f"{key} ({meta.get('License-Expression') or meta.get('License') or 'classifiers'})")
    assert not offenders, f"GPL-only runtime dependencies: {', '.join(offenders)}"


def test_no_runtime_dependency_pulls_in_pandas():
    closure = runtime_closure()
    assert "pandas" not in closure and "country-converter" not in closure


def test_importing_the_store_does_not_load_pandas():
    done = subprocess.run(
        [sys.executable, "-c", "import sys, desktop.store, desktop.core.ranking; print('pandas' in sys.modules)"],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False"]
