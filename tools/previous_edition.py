"""Write the example city's previous edition (第1.1版) into examples/previous-edition/.

The example plan at the top of the repository is 第1.2版 (2026-03-27). Its site
shows the 新旧対照表 of that revision, which needs the edition before it; a git
tag would not survive every clone, so the earlier edition ships as a plan folder.
It is made from the current example by undoing what 第1.2版 changed (below), so
that the example can grow without the two drifting apart: run
`python -m tools.previous_edition` after editing the example. tests/test_compare.py
fails while the committed folder differs from what this module writes.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from ruamel.yaml import YAML

from generator.atomic import atomic_write_text

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "examples" / "previous-edition"
SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/"

# What 第1.2版 changed in measure m-5-01, undone: (revised text, text of 第1.1版).
M_5_01 = [
    (
        "移行は国の目標である令和7年度末までに17業務を終え、事業者の標準準拠システムの提供時期の関係で"
        "国の「特定移行支援システム」に該当する個人住民税・固定資産税・軽自動車税の3業務は、"
        "令和9年度中に移行します。移行後は",
        "移行は国の目標である令和7年度末までに全20業務を終えます。移行後は",
    ),
    (
        "      - {when: 2025, value: 17}\n      - {when: 2026, value: 17}\n"
        "      - {when: 2027, value: 20}\n",
        "      - {when: 2025, value: 20}\n",
    ),
    ('      - {when: "2025Q4", value: 一部の業務で移行完了}\n', ""),
    (
        '      - {when: "2027Q4", value: 全業務で移行完了}',
        '      - {when: "2025Q4", value: 全業務で移行完了}',
    ),
    (
        "    text: 住民記録・福祉・子育てなど17業務の標準準拠システムでの本稼働",
        "    text: 住民記録・税・福祉・子育てなど全20業務の標準準拠システムでの本稼働",
    ),
    (
        "  - when: 2027\n    text: 個人住民税・固定資産税・軽自動車税の3業務を標準準拠システムへ移行\n"
        "    status: planned\n",
        "",
    ),
    (
        "notes:\n  - 令和8年3月の改定で、特定移行支援システムに該当する税3業務の移行時期を令和9年度に改めました。\n",
        "",
    ),
    (
        "    note: 17業務の標準準拠システムへの移行。デジタル基盤改革支援補助金を活用。\n"
        "  - fiscal_year: 2026\n    amount: 98000000\n    note: 税3業務の移行準備。\n"
        "  - fiscal_year: 2027\n    amount: 120000000\n"
        "    note: 見込み。税3業務の移行（特定移行支援システム）。\n",
        "    note: 全20業務の標準準拠システムへの移行。デジタル基盤改革支援補助金を活用。\n",
    ),
]


class EditGone(Exception):
    """A text this module undoes is no longer in the example: update the edits above."""


def previous_edition_files() -> dict[str, str]:
    """Relative path → content of every file of the previous edition."""
    files: dict[str, str] = {}
    for folder in ("plan", "measures"):
        for path in sorted((ROOT / folder).glob("*.yaml")):
            text = path.read_text(encoding="utf-8").replace(
                SCHEMA_LINE, "# yaml-language-server: $schema=../../../schemas/"
            )
            files[f"{folder}/{path.name}"] = text
    files["plan/plan.yaml"] = _plan_before(files["plan/plan.yaml"])
    files["measures/m-5-01.yaml"] = _replaced(files["measures/m-5-01.yaml"], M_5_01)
    return files


def _replaced(text: str, edits: list[tuple[str, str]]) -> str:
    for revised, previous in edits:
        if text.count(revised) != 1:
            raise EditGone(revised)
        text = text.replace(revised, previous)
    return text


def _plan_before(text: str) -> str:
    """plan.yaml of 第1.1版: without the 第1.2版 entry and before the 組織改正 of 2026-04-01."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    data = yaml.load(text)
    data["revisions"] = [entry for entry in data["revisions"] if entry.get("version") != "第1.2版"]
    for entry in data["revisions"]:
        entry.pop("folder", None)  # the edition's own folder: meaningless inside it
    for department in data["departments"]:
        if department["id"] == "dx":
            department["name"] = "企画部情報政策課"
            for key in ("former_names", "renames"):
                department.pop(key, None)
    contact = data["contact"]
    contact["staff"] = [line.replace("デジタル推進課", "情報政策課") for line in contact["staff"]]
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def write_previous_edition(target: Path = TARGET) -> None:
    """Write the previous edition into `target`, replacing what was there."""
    files = previous_edition_files()
    if target.exists():
        shutil.rmtree(target)
    for name, text in files.items():
        atomic_write_text(target / name, text)


if __name__ == "__main__":
    write_previous_edition()
    print(f"書き出しました: {TARGET}")
