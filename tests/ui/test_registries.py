"""The window's registries (labels, colours) are complete too, found and checked like the core's."""

import importlib
import pkgutil
from enum import Enum

import pytest

import desktop_app.ui
from desktop_app.domain.registry import Registry


def _ui_registries() -> dict[str, Registry[Enum, object]]:
    found: dict[str, Registry[Enum, object]] = {}
    for info in pkgutil.walk_packages(desktop_app.ui.__path__, "desktop_app.ui."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, Registry):  # its own, or a core one the window imports
                found[f"{module.__name__}.{name}"] = value
    return found


REGISTRIES = _ui_registries()


def test_the_windows_registries_are_found() -> None:
    for name in (
        "desktop_app.ui.exchange.merge_models.CHOICE_LABELS",
        "desktop_app.ui.exchange.merge_models.KIND_COLOURS",
        "desktop_app.ui.plan_import.plan_import_dialog.SOURCE_KIND_LABELS",
        "desktop_app.ui.plan_import.plan_import_dialog.BRANCH_OF_PLACE",
        "desktop_app.ui.progress.progress_models.STATE_COLOURS",
        "desktop_app.ui.calendar.month_table_model.ITEM_MARKS",
    ):
        assert name in REGISTRIES, name


@pytest.mark.parametrize("name", sorted(REGISTRIES))
def test_every_member_has_its_entry(name: str) -> None:
    registry = REGISTRIES[name]
    assert [registry[member] for member in registry.enum]
    assert list(registry) == list(registry.enum)
