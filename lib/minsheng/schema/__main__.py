"""``python -m minsheng.schema [--write-readme]``: print the data dictionary, or write it into README.md."""

from __future__ import annotations

import sys

from minsheng.paths import PROJ_ROOT
from minsheng.schema.docs import dictionary_markdown, replace_in


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--write-readme"]:
        readme = PROJ_ROOT / "README.md"
        readme.write_text(replace_in(readme.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"data dictionary written into {readme}", file=sys.stderr)
        return 0
    if args:
        print("usage: python -m minsheng.schema [--write-readme]", file=sys.stderr)
        return 2
    print(dictionary_markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
