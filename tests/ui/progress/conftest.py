"""The Phú Lạc sample plan, and its progress window opened from the Kế hoạch tab."""

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.domain.plans import Plan
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.progress.progress_window import ProgressWindow
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id
from tests.ui.progress.helpers import MEASURES


@pytest.fixture
def phu_lac(samples: Workspace) -> Plan:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    return samples.progress.set_measures(plan, MEASURES)


@pytest.fixture
def progress(qtbot: QtBot, window: MainWindow, phu_lac: Plan) -> ProgressWindow:
    tab = window.plans_tab
    tab.select_plan(phu_lac.id)
    opened = tab.open_progress()
    assert isinstance(opened, ProgressWindow)
    return opened
