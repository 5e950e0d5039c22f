import pytest

from desktop_app.domain.errors import DuplicateNameError, UserError
from desktop_app.domain.ids import HamletId, UnitId, new_id
from desktop_app.domain.units import Hamlet, Unit, UnitKind
from desktop_app.workspace import Workspace


def _unit(name: str) -> Unit:
    return Unit(id=UnitId(new_id()), name=name, kind=UnitKind.PARTY)


def test_unit_names_are_unique_under_the_folded_comparison(workspace: Workspace) -> None:
    with workspace.store.transaction():
        workspace.store.units.save(_unit("Văn phòng Đảng uỷ"))
    with pytest.raises(DuplicateNameError) as err, workspace.store.transaction():
        workspace.store.units.save(_unit("văn phòng  Đảng ủy"))
    assert "Văn phòng Đảng uỷ" in err.value.message
    assert len(workspace.directory.units()) == 1


def test_renaming_a_unit_to_its_own_name_is_allowed(workspace: Workspace) -> None:
    with workspace.store.transaction():
        unit = workspace.store.units.save(_unit("Công an xã"))
        renamed = workspace.store.units.save(Unit(unit.id, "Công an  xã", UnitKind.ARMED))
    assert renamed.name == "Công an xã"
    assert renamed.kind is UnitKind.ARMED


@pytest.mark.parametrize("name", ["", "   ", "\u0000"])
def test_empty_names_are_refused(workspace: Workspace, name: str) -> None:
    with pytest.raises(UserError, match="không được để trống"), workspace.store.transaction():
        workspace.store.units.save(_unit(name))
    assert workspace.directory.units() == []


def test_negative_household_counts_are_refused(workspace: Workspace) -> None:
    with pytest.raises(UserError, match="không được âm"), workspace.store.transaction():
        workspace.store.hamlets.save(Hamlet(HamletId(new_id()), "Xóm 1", households=-3))


def test_hamlet_search_finds_without_diacritics(samples: Workspace) -> None:
    assert [h.name for h in samples.directory.hamlets("dong vong")] == ["Xóm Đồng Vòng"]
    assert [h.name for h in samples.directory.hamlets("LUNG")] == ["Xóm Lũng 1", "Xóm Lũng 2"]


def test_hamlets_list_in_natural_vietnamese_order(samples: Workspace) -> None:
    names = [h.name for h in samples.directory.hamlets()]
    assert names.index("Xóm 2") < names.index("Xóm 10")
    assert names.index("Xóm Cẩm 2") < names.index("Xóm Đại Hà") < names.index("Xóm Khu 1")
