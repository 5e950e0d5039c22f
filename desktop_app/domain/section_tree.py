"""Editing the section tree of a plan, which is immutable: each edit returns a new tree.

A place in the tree is a path of indexes: (2,) is the third top-level section, (2, 0) its
first child.
"""

from dataclasses import replace

from desktop_app.domain.errors import UserError
from desktop_app.domain.plans import Section

Tree = tuple[Section, ...]
Path = tuple[int, ...]


def at(tree: Tree, path: Path) -> Section:
    section = tree[path[0]]
    for i in path[1:]:
        section = section.children[i]
    return section


def _siblings(tree: Tree, parent: Path) -> Tree:
    return tree if not parent else at(tree, parent).children


def _with_siblings(tree: Tree, parent: Path, siblings: Tree) -> Tree:
    if not parent:
        return siblings
    return put(tree, parent, replace(at(tree, parent), children=siblings))


def put(tree: Tree, path: Path, section: Section) -> Tree:
    """The tree with the section at ``path`` replaced."""
    siblings = list(_siblings(tree, path[:-1]))
    siblings[path[-1]] = section
    return _with_siblings(tree, path[:-1], tuple(siblings))


def insert(tree: Tree, parent: Path, index: int, section: Section) -> tuple[Tree, Path]:
    """Insert ``section`` as child ``index`` of ``parent`` (() = top level); its new path."""
    siblings = list(_siblings(tree, parent))
    index = max(0, min(index, len(siblings)))
    siblings.insert(index, section)
    return _with_siblings(tree, parent, tuple(siblings)), (*parent, index)


def remove(tree: Tree, path: Path) -> Tree:
    siblings = list(_siblings(tree, path[:-1]))
    del siblings[path[-1]]
    return _with_siblings(tree, path[:-1], tuple(siblings))


def move(tree: Tree, path: Path, delta: int) -> tuple[Tree, Path]:
    """Move a section up (-1) or down (+1) among its siblings."""
    siblings = list(_siblings(tree, path[:-1]))
    i, j = path[-1], path[-1] + delta
    if not 0 <= j < len(siblings):
        raise UserError("Mục này đã ở đầu (hoặc cuối) danh sách.")
    siblings[i], siblings[j] = siblings[j], siblings[i]
    return _with_siblings(tree, path[:-1], tuple(siblings)), (*path[:-1], j)


def indent(tree: Tree, path: Path) -> tuple[Tree, Path]:
    """Make a section the last child of the section above it."""
    if path[-1] == 0:
        raise UserError("Không có mục nào ở trên cùng cấp để đưa mục này vào làm mục con.")
    section = at(tree, path)
    tree = remove(tree, path)
    above = (*path[:-1], path[-1] - 1)
    return insert(tree, above, len(at(tree, above).children), section)


def outdent(tree: Tree, path: Path) -> tuple[Tree, Path]:
    """Make a section the next sibling of its parent."""
    if len(path) < 2:
        raise UserError("Mục này đã ở cấp ngoài cùng.")
    section = at(tree, path)
    tree = remove(tree, path)
    parent = path[:-1]
    return insert(tree, parent[:-1], parent[-1] + 1, section)


def paths(tree: Tree, prefix: Path = ()) -> list[Path]:
    """Every path, depth first."""
    out: list[Path] = []
    for i, section in enumerate(tree):
        out.append((*prefix, i))
        out += paths(section.children, (*prefix, i))
    return out
