"""The seeds kept in tests/fixtures are the shared folder's, byte for byte."""

import pytest

from tests.conftest import SEEDS, SHARED_SEEDS


def test_the_five_seeds_are_in_the_project() -> None:
    assert sorted(p.name for p in SEEDS.glob("*.txt")) == [
        "000_39bd67904559043a.txt",
        "001_5e32054a1d37738b.txt",
        "002_cce30597f5e13edf.txt",
        "003_3606d0f2ab83f33b.txt",
        "004_44347e61f19fdfda.txt",
    ]


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="shared/seeds is not beside this checkout")
def test_copies_match_the_shared_folder() -> None:
    for shared in sorted(SHARED_SEEDS.glob("*.txt")):
        assert (SEEDS / shared.name).read_bytes() == shared.read_bytes(), shared.name
