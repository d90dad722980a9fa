from helpers import REPO

from site_builder.reference import reference


def test_docs_carry_the_current_schema() -> None:
    text = (REPO / "docs" / "centers.md").read_text(encoding="utf-8")
    assert reference() in text, "run: python -m site_builder.reference --write docs/centers.md"


def test_every_center_key_is_documented() -> None:
    for line in reference().splitlines():
        if line.startswith("| `") and not line.startswith("| `settings"):
            assert not line.endswith("|  |"), f"no doc for {line.split('|')[1].strip()}"
