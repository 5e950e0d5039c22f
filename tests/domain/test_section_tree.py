import pytest

from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import SectionId
from desktop_app.domain.plans import Section
from desktop_app.domain.section_tree import at, indent, insert, move, outdent, paths, remove


def s(label: str, *children: Section) -> Section:
    return Section(SectionId(label), label, label, children=children)


TREE = (s("I.", s("1."), s("2.")), s("II."))


def labels(tree: tuple[Section, ...]) -> list[str]:
    return [at(tree, p).label for p in paths(tree)]


def test_insert_move_remove() -> None:
    tree, path = insert(TREE, (0,), 1, s("1a."))
    assert labels(tree) == ["I.", "1.", "1a.", "2.", "II."]
    assert path == (0, 1)
    tree, path = move(tree, path, +1)
    assert labels(tree) == ["I.", "1.", "2.", "1a.", "II."]
    assert labels(remove(tree, path)) == labels(TREE)
    with pytest.raises(UserError, match="đầu"):
        move(TREE, (0,), -1)


def test_indent_and_outdent_are_inverse() -> None:
    tree, path = indent(TREE, (1,))
    assert path == (0, 2)
    assert [c.label for c in tree[0].children] == ["1.", "2.", "II."]
    back, path = outdent(tree, path)
    assert back == TREE
    assert path == (1,)
    with pytest.raises(UserError, match="ngoài cùng"):
        outdent(TREE, (0,))
    with pytest.raises(UserError):
        indent(TREE, (0,))
