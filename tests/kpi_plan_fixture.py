"""A small plan for the Excel/CSV round-trip tests: two departments, five KPIs of every kind."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from typer.testing import CliRunner, Result

from generator.cli import app
from generator.clock import TODAY_VARIABLE

PLAN = """\
municipality: 架空市
fictional: true
lg_code: "139998"
prefecture: 東京都
title: 架空市官民データ活用推進計画
period:
  start: 2025
  end: 2029
departments:
  - id: digital
    name: 総務部デジタル推進課
  - id: welfare
    name: 福祉部高齢福祉課
contact:
  department: digital
  email: dx@example.jp
"""

CHAPTERS = {
    "current_state": "narrative: 現状の説明。\n",
    "purpose": "narrative: 目的の説明。\n",
    "positioning": "narrative: 位置付けの説明。\n",
    "structure": "narrative: 推進体制の説明。\n",
    "policy": "narrative: 方針の前文。\npillars:\n"
    + "".join(
        f"  - pillar: {pillar}\n    text: 方針。\n"
        for pillar in ("online", "open_data", "mynumber_card", "digital_divide", "standardization")
    ),
    "security": "narrative: セキュリティの説明。\n",
}

ONLINE = """\
id: m-1-01
name: 行政手続のオンライン化
pillar: online
departments: [digital]
content: 申請手続をオンライン化する。
schedule:
  - when: 2025
    text: 対象手続の選定
kpis:
  - id: k-1-01-1
    name: オンライン申請率
    kind: percentage
    unit: "%"
    baseline: {value: 20, fiscal_year: 2024}
    targets:
      - {when: 2029, value: 60}
  - id: k-1-01-2
    name: オンライン申請件数
    kind: quantity
    unit: 件
    accumulation: per_period
    targets:
      - {when: 2027, value: 5000}
      - {when: 2029, value: 10000}
  - id: k-1-01-3
    name: 電子申請システムの導入
    kind: milestone
    baseline: {value: 未実施}
    targets:
      - {when: "2026Q2", value: 実施}
"""

WELFARE = """\
id: m-4-01
name: 高齢者のデジタル活用支援
pillar: digital_divide
departments: [welfare]
content: スマートフォン教室を開く。
schedule:
  - when: 2025
    text: 教室の開始
kpis:
  - id: k-4-01-1
    name: スマホ教室の参加者数
    kind: quantity
    unit: 人
    targets:
      - {when: 2029, value: 1200}
  - id: k-4-01-2
    name: 教室の運営費
    kind: money
    unit: 円
    direction: decrease
    targets:
      - {when: 2029, value: 500000}
"""


def make_plan(root: Path) -> Path:
    """Write the plan under `root` and return `root`."""
    (root / "plan").mkdir(parents=True)
    (root / "measures").mkdir()
    (root / "plan" / "plan.yaml").write_text(PLAN, encoding="utf-8")
    for name, text in CHAPTERS.items():
        (root / "plan" / f"{name}.yaml").write_text(text, encoding="utf-8")
    (root / "measures" / "m-1-01.yaml").write_text(textwrap.dedent(ONLINE), encoding="utf-8")
    (root / "measures" / "m-4-01.yaml").write_text(textwrap.dedent(WELFARE), encoding="utf-8")
    return root


# Running `dataplan` on that plan, on a fixed day -----------------------------------------------

TODAY = dt.date(2025, 10, 10)


def run_dataplan(monkeypatch, *args: object) -> Result:
    """Invoke the CLI with today fixed at TODAY through DATAPLAN_TODAY."""
    monkeypatch.setenv(TODAY_VARIABLE, TODAY.isoformat())
    return CliRunner().invoke(app, [str(arg) for arg in args])
