"""The reader measured on the development corpus of real plans, by the team's scorer.

The corpus and its scorer live in the shared folder beside the checkout (never in the
project: nothing here may be fitted to them). The floors are the figures measured when the
reader was last improved, so that a change that reads real plans worse fails here; the
issue's acceptance targets are in ``TARGETS`` for reference. Skipped, with the reason, when
the shared folder is absent.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.imports.document_doc import find_soffice

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SCORER = SHARED / "tools" / "score_import.py"
CORPUS = SHARED / "corpus"
ROOT = Path(__file__).resolve().parents[2]

# Measured on 2026-12-07 (header 144/144, recall 0.90, precision 0.87, lead 0.96,
# deadline 0.88, recipients 18/18, signer 18/18); a little room for rounding.
FLOORS = {
    "header": 1.0,
    "recall": 0.89,
    "precision": 0.86,
    "lead": 0.95,
    "deadline": 0.87,
    "recipients": 1.0,
    "signer": 1.0,
}
# What the issue asks for.
TARGETS = {
    "header": 0.97,
    "recall": 0.85,
    "precision": 0.85,
    "lead": 0.85,
    "deadline": 0.85,
    "recipients": 0.9,
    "signer": 0.9,
}

needs_corpus = pytest.mark.skipif(
    not (SCORER.is_file() and CORPUS.is_dir()),
    reason="shared/corpus and shared/tools/score_import.py are not beside this checkout",
)
# Old Word files in the corpus are read through LibreOffice; without it they cannot be
# read, and the figures would measure the machine, not the reader.
needs_libreoffice_for_doc = pytest.mark.skipif(
    CORPUS.is_dir() and any(CORPUS.glob("*.doc")) and find_soffice() is None,
    reason="LibreOffice is not installed: the corpus's .doc files cannot be read",
)


def _figures(totals: str) -> dict[str, float]:
    def share(name: str) -> float:
        m = re.search(rf"{name} (\d+)/(\d+)", totals)
        assert m, (name, totals)
        return int(m[1]) / int(m[2])

    def value(name: str) -> float:
        m = re.search(rf"{name} ([\d.]+)", totals)
        assert m, (name, totals)
        return float(m[1])

    return {
        "header": share("header"),
        "recall": value("task recall"),
        "precision": value("precision"),
        "lead": value("lead"),
        "deadline": value("deadline"),
        "recipients": share("recipients"),
        "signer": share("signer"),
    }


@needs_corpus
@needs_libreoffice_for_doc
def test_corpus_reads_at_least_as_well_as_measured() -> None:
    run = subprocess.run(
        [sys.executable, str(SCORER), "--corpus", str(CORPUS), "--repo", str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
        cwd=ROOT,
    )
    totals = run.stdout.strip().splitlines()[-1]
    assert totals.startswith("corpus:"), run.stdout
    assert "failures 0" in totals, run.stdout
    figures = _figures(totals)
    below = {k: (round(v, 3), FLOORS[k]) for k, v in figures.items() if v < FLOORS[k]}
    assert not below, (below, totals)
