"""Every mapping from an enum is complete, and a value outside it raises instead of falling back."""

import importlib
import pkgutil
from enum import Enum, StrEnum
from types import ModuleType

import pytest

import desktop_app.domain
import desktop_app.exports
import desktop_app.imports
import desktop_app.storage
import desktop_app.workspace
from desktop_app.domain.registry import IncompleteRegistryError, Registry


class Colour(StrEnum):
    RED = "red"
    GREEN = "green"


class Other(Enum):
    RED = "red"


def _modules() -> list[ModuleType]:
    found = []
    for package in (
        desktop_app.domain,
        desktop_app.exports,
        desktop_app.imports,
        desktop_app.storage,
        desktop_app.workspace,
    ):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            found.append(importlib.import_module(info.name))
    return found


REGISTRIES = {
    f"{module.__name__}.{name}": value
    for module in _modules()
    for name, value in vars(module).items()
    if isinstance(value, Registry)
}


def test_a_registry_without_an_entry_for_every_member_is_refused() -> None:
    with pytest.raises(IncompleteRegistryError, match="GREEN"):
        Registry(Colour, {Colour.RED: "đỏ"}, "colours")
    with pytest.raises(IncompleteRegistryError, match="non-members"):
        Registry(Colour, {Colour.RED: "đỏ", Colour.GREEN: "xanh", Other.RED: "?"}, "colours")


def test_a_value_outside_the_enum_raises_and_never_falls_back() -> None:
    colours = Registry(Colour, {Colour.GREEN: "xanh", Colour.RED: "đỏ"}, "colours")
    assert list(colours) == [Colour.RED, Colour.GREEN]  # the enum's order
    assert colours[Colour.RED] == "đỏ"
    assert colours["red"] == "đỏ"  # type: ignore[index]  # a stored code: the member's value
    with pytest.raises(KeyError, match="colours: 'blue' is not a Colour"):
        colours["blue"]  # type: ignore[index]
    with pytest.raises(KeyError, match="is not a Colour"):
        colours[Other.RED]  # type: ignore[index]


def test_the_registries_are_found() -> None:
    # Spot checks that the search below sees the program's registries at all.
    for name in (
        "desktop_app.domain.plans.TASK_STATUS_LABELS",
        "desktop_app.domain.deadlines.DEADLINE_KIND_LABELS",
        "desktop_app.domain.deadlines._DESCRIBERS",
        "desktop_app.domain.plans.RECIPIENT_ROLE_LABELS",
        "desktop_app.domain.sheet_changes.SCOPE_LABELS",
        "desktop_app.domain.guides.GUIDE_RULES",
        "desktop_app.exports.progress_sheet.INPUT_FORMATS",
        "desktop_app.imports.progress_sheet._READERS",
        "desktop_app.storage.backups.REASON_LABELS",
    ):
        assert name in REGISTRIES, name
    assert len(REGISTRIES) >= 25


@pytest.mark.parametrize("name", sorted(REGISTRIES))
def test_every_member_of_the_enum_has_its_entry(name: str) -> None:
    registry = REGISTRIES[name]
    enum: type[Enum] = registry.enum
    for member in enum:
        registry[member]  # raises if missing
    assert list(registry) == list(enum)


@pytest.mark.parametrize("name", sorted(n for n in REGISTRIES if n.endswith("_LABELS")))
def test_every_label_is_a_distinct_word(name: str) -> None:
    enum: type[Enum] = REGISTRIES[name].enum
    labels = [REGISTRIES[name][member] for member in enum]
    assert all(isinstance(label, str) and label.strip() for label in labels), labels
    assert len(set(labels)) == len(labels), labels
