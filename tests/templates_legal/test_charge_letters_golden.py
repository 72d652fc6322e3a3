"""The charge letters read, word for word, as the golden texts kept beside this test.

The summons (its student and staff branches) and the two staff charge letters share
their wording, written once in ``templates_legal/defaults/letters_charge.py``; these
texts were captured before that sharing, so a change to one shared fragment that alters any
letter shows here, letter by letter. Each is rendered from a fresh build of its default
template with the fixed values of ``helpers.FULL_CONTEXT``.

After a deliberate change of wording, rewrite the golden files with
``RECUEIL_GOLDEN_WRITE=1 pytest tests/templates_legal/test_charge_letters_golden.py``
and read their diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from templates_legal.defaults.build import BUILDERS
from templates_legal.rendering import render_docx
from tests.templates_legal.helpers import docx_text, full_context

GOLDEN = Path(__file__).resolve().parent / "golden"

CASES = {
    "disciplinary_summons-student": ("disciplinary_summons", {}),
    "disciplinary_summons-civil": (
        "disciplinary_summons",
        {"staff_civil_servant": True, "council_name": "le conseil de discipline"},
    ),
    "disciplinary_summons-contract": (
        "disciplinary_summons",
        {"staff_contract": True, "council_name": "la commission consultative paritaire"},
    ),
    "staff_charge_civil": ("staff_charge_civil", {"council_name": "le conseil de discipline"}),
    "staff_charge_contract": (
        "staff_charge_contract",
        {"council_name": "la commission consultative paritaire"},
    ),
}


def _rendered(code: str, overrides: dict[str, object], tmp_path: Path) -> str:
    path = tmp_path / f"{code}.docx"
    BUILDERS["fr"][code]().save(path)
    context = {**full_context(code), **overrides}
    return docx_text(render_docx(path.read_bytes(), context, kind=code, language="fr"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_charge_letter_renders_its_golden_text(name, tmp_path):
    code, overrides = CASES[name]
    text = _rendered(code, overrides, tmp_path)
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("RECUEIL_GOLDEN_WRITE") == "1":
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
