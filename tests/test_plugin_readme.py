"""The README's pytest example is exactly the code `tests/test_readme_bot.py` runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = re.compile(r'\A"""[^\n]*"""\n\nfrom __future__ import annotations\n\n')


def test_readme_example_is_the_tested_bot() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Testing with pytest", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert len(blocks) == 1, "the pytest section shows one Python example"
    source = (ROOT / "tests" / "test_readme_bot.py").read_text(encoding="utf-8")
    header = HEADER.match(source)
    assert header is not None, (
        "test_readme_bot.py: a docstring and the __future__ import, then the example"
    )
    assert source[header.end() :] == blocks[0]
