"""The unit, hamlet and assignment table models pass Qt model tester, on the sample data."""

import pytest
from pytestqt.modeltest import ModelTester

from desktop_app.ui.common.table_model import SORT_ROLE
from desktop_app.ui.directory.hamlets_table_model import HamletsTableModel
from desktop_app.ui.directory.units_table_model import UnitsTableModel
from desktop_app.workspace import Workspace

pytestmark = pytest.mark.gui


def test_directory_models(qtmodeltester: ModelTester, samples: Workspace) -> None:
    units, hamlets = UnitsTableModel(), HamletsTableModel()
    units.set_rows(samples.directory.units())
    hamlets.set_rows(samples.directory.hamlets())
    qtmodeltester.check(units)
    qtmodeltester.check(hamlets)
    assert hamlets.index(0, 0).data(SORT_ROLE) < hamlets.index(1, 0).data(SORT_ROLE)
