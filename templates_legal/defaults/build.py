"""Generate the shipped default letter templates.

Run from the project root, then commit the .docx files it writes::

    .venv/bin/python -m templates_legal.defaults.build

Needs python-docx only (no Django). The templates hold Jinja placeholders
(``{{ case_reference }}``) that docxtpl fills in; each must belong to its kind's
documented context (templates_legal/kinds.py), which the tests check.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from templates_legal.defaults import (
    DEFAULTS_DIR,
    letters_charge,
    letters_en,
    letters_feedback,
    letters_fr,
    letters_protection,
)
from templates_legal.defaults.layout import Letter

BUILDERS: dict[str, dict[str, Callable[[], Letter]]] = {
    "fr": {
        **letters_fr.LETTERS,
        **letters_protection.LETTERS_FR,
        **letters_charge.LETTERS_FR,
        **letters_feedback.LETTERS_FR,
    },
    "en": {**letters_en.LETTERS, **letters_protection.LETTERS_EN},
}


def build(output: Path = DEFAULTS_DIR) -> list[Path]:
    written = []
    for language, letters in BUILDERS.items():
        for kind, make in letters.items():
            path = output / language / f"{kind}.docx"
            make().save(path)
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULTS_DIR)
    args = parser.parse_args(argv)
    for path in build(args.output):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
