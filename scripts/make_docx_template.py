"""Rebuild resources/templates/a4-times-new-roman.docx, the base of every Word export.

Run ``python -m scripts.make_docx_template`` after changing ``docx_layout.build_template``;
a test checks the committed file still matches what the function builds.
"""

from desktop_app.exports.docx_layout import TEMPLATE, build_template

if __name__ == "__main__":
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    build_template(TEMPLATE)
    print(f"Đã ghi {TEMPLATE}")  # noqa: T201  # a script the developer runs
