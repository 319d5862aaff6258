"""The aggregate's tables: their columns, types and meaning, written once.

The database schema, the Parquet and CSV files, the data package descriptor and
the guide's description of the layout all read these definitions. Every table
about a plan is in long format and keyed by `lg_code`, `plan_id` and `revision`;
`prefecture` (JP-01 … JP-47, or `fictional`) is the partition of its files.
"""

from __future__ import annotations

from dataclasses import dataclass

PARTITION = "prefecture"
FICTIONAL_PARTITION = "fictional"  # plans of fictional bodies (codes in no prefecture)
UNKNOWN_PARTITION = "unknown"  # problems of a source whose body is not known


@dataclass(frozen=True)
class Column:
    """A column: name (English), SQL type, Frictionless type and Japanese title."""

    name: str
    sql: str  # VARCHAR, INTEGER, DOUBLE, DATE, BOOLEAN
    title: str
    description: str = ""

    @property
    def frictionless_type(self) -> str:
        return {
            "VARCHAR": "string",
            "INTEGER": "integer",
            "DOUBLE": "number",
            "DATE": "date",
            "BOOLEAN": "boolean",
        }[self.sql]


@dataclass(frozen=True)
class Table:
    """One table of the aggregate: its name, what it holds, its columns and key."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    partitioned: bool = True  # written per prefecture (plans' tables) or as one file

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


PLAN_KEY = (
    Column(
        PARTITION,
        "VARCHAR",
        "都道府県（区分）",
        "ファイルの区分。JP-01〜JP-47（ISO 3166-2:JP）、架空の団体は fictional。",
    ),
    Column("lg_code", "VARCHAR", "地方公共団体コード", "6桁（6桁目は検査数字）。"),
    Column(
        "plan_id", "VARCHAR", "計画ID", "計画期間（例: 2025-2029）。団体の中で計画を区別します。"
    ),
    Column(
        "revision",
        "VARCHAR",
        "版",
        "集計した版: 最新の改定日、改定がなければ策定日（例: 2026-03-27）、策定前は draft。",
    ),
)


def _plan_table(
    name: str,
    title: str,
    description: str,
    columns: tuple[Column, ...],
    key: tuple[str, ...],
) -> Table:
    return Table(
        name,
        title,
        description,
        PLAN_KEY + columns,
        ("lg_code", "plan_id", "revision", *key),
    )


PLANS = _plan_table(
    "plans",
    "計画",
    "集計した計画（1行に1計画の1版）: 団体、期間、策定・改定、状態。",
    (
        Column("prefecture_code", "VARCHAR", "都道府県コード", "地方公共団体コードの上2桁。"),
        Column("prefecture_name", "VARCHAR", "都道府県名"),
        Column("municipality", "VARCHAR", "団体名"),
        Column(
            "level",
            "VARCHAR",
            "団体の種類",
            "municipality（市町村）、special_ward（特別区）、prefecture（都道府県）。",
        ),
        Column("fictional", "BOOLEAN", "架空の団体の計画"),
        Column("title", "VARCHAR", "計画の名称"),
        Column("revision_label", "VARCHAR", "版の表示", "例: 第2版、策定時、案。"),
        Column("period_start", "VARCHAR", "計画期間の開始", "年度（2025）または年月（2024-12）。"),
        Column(
            "period_start_fiscal_year",
            "INTEGER",
            "計画期間の開始年度",
            "計画に期間の記載がなければ空（period_start・period_end も）。",
        ),
        Column("period_end", "INTEGER", "計画期間の終了年度"),
        Column(
            "adopted_on",
            "VARCHAR",
            "策定日",
            "計画書に書かれた精度で: 2025-03-28、2019-03、2022年度。策定前の案は空。",
        ),
        Column("revised_on", "VARCHAR", "最終改定日", "策定日と同じ書き方。改定がなければ空。"),
        Column(
            "status",
            "VARCHAR",
            "計画の状態",
            "集計した日の状態: in_force（計画期間中）、upcoming（策定済み・計画期間の前）、"
            "draft（策定前の案）、expired（計画期間の終了後）、"
            "period_not_stated（策定済み・計画期間の記載なし）。",
        ),
        Column(
            "review_cadence",
            "VARCHAR",
            "進捗の確認",
            "quarterly（四半期ごと）または yearly（年1回。実績と判定は年度ごと）。",
        ),
        Column(
            "latest_review", "VARCHAR", "最新の実績の時期", "四半期（2025Q2）または年度（2024）。"
        ),
        Column("measure_count", "INTEGER", "施策の数"),
        Column("kpi_count", "INTEGER", "KPI の数"),
        Column("actual_count", "INTEGER", "実績値の数"),
        Column("site_url", "VARCHAR", "計画のサイト", "一覧（manifest）の site に書かれた URL。"),
        Column(
            "source", "VARCHAR", "読み込んだ場所", "フォルダ、または git のリポジトリとリビジョン。"
        ),
    ),
    (),
)

MEASURES = _plan_table(
    "measures",
    "施策",
    "計画の個別施策（1行に1施策）: 柱、重点分野、計画独自の体系。",
    (
        Column("measure_id", "VARCHAR", "施策ID"),
        Column("number", "VARCHAR", "施策番号", "計画独自の番号。"),
        Column("name", "VARCHAR", "施策名"),
        Column(
            "pillar",
            "VARCHAR",
            "柱のID",
            "5つの柱（online など）か other。独自の体系の計画では空のことがあります。",
        ),
        Column("pillar_label", "VARCHAR", "柱"),
        Column("field", "VARCHAR", "重点分野のID"),
        Column("field_label", "VARCHAR", "重点分野"),
        Column("mark", "VARCHAR", "国の施策との対応", "◎ 国の施策と整合、○ 他団体の事例に基づく。"),
        Column("group_id", "VARCHAR", "体系の番号", "計画独自の体系（plan.yaml の groups）。"),
        Column("group_name", "VARCHAR", "体系の名称"),
        Column("top_group_id", "VARCHAR", "最上位の体系の番号"),
        Column("top_group_name", "VARCHAR", "最上位の体系の名称"),
        Column("kpi_count", "INTEGER", "KPI の数", "この施策に定義された KPI（再掲を除く）。"),
    ),
    ("measure_id",),
)

MEASURE_REFS = _plan_table(
    "measure_refs",
    "施策とカタログの対応",
    "施策が対応するカタログの項目（1行に1対応）: 手引（2017年版）の国の施策、"
    "自治体DX推進計画の項目、県の計画の施策など。",
    (
        Column("measure_id", "VARCHAR", "施策ID"),
        Column("catalogue_id", "VARCHAR", "カタログのID", "例: tebiki-2017、dx-2.3。"),
        Column("entry_key", "VARCHAR", "項目のキー", "例: nm-05、3.1(1)、県の施策の ID。"),
    ),
    ("measure_id", "catalogue_id", "entry_key"),
)

KPIS = _plan_table(
    "kpis",
    "KPI",
    "KPI の定義（1行に1KPI）: 種類、望ましい方向、基準値と最終の目標。",
    (
        Column("kpi_id", "VARCHAR", "KPIのID"),
        Column("measure_id", "VARCHAR", "施策ID"),
        Column("name", "VARCHAR", "指標名"),
        Column("type", "VARCHAR", "指標の区分", "output（進捗）または outcome（効果）。"),
        Column("kind", "VARCHAR", "指標の種類"),
        Column("unit", "VARCHAR", "単位"),
        Column("direction", "VARCHAR", "望ましい方向", "increase、decrease、keep。"),
        Column(
            "accumulation",
            "VARCHAR",
            "集計の方法",
            "cumulative（累計）または per_period（各年度の値）。",
        ),
        Column("baseline_value", "DOUBLE", "基準値"),
        Column("baseline_fiscal_year", "INTEGER", "基準値の年度"),
        Column("final_target_value", "DOUBLE", "最終の目標値"),
        Column("final_target_level", "VARCHAR", "最終の目標の段階", "定性の KPI の段階の名前。"),
        Column("final_target_when", "VARCHAR", "最終の目標の時期"),
    ),
    ("kpi_id",),
)

TARGETS = _plan_table(
    "targets",
    "KPI の目標値",
    "KPI ごと・時期ごとの目標値（1行に1目標）。",
    (
        Column("kpi_id", "VARCHAR", "KPIのID"),
        Column("when", "VARCHAR", "目標の時期", "年度（2027）または四半期（2026Q2）。"),
        Column("fiscal_year", "INTEGER", "年度"),
        Column("quarter_number", "INTEGER", "四半期の番号", "年度の目標では空。"),
        Column("value", "DOUBLE", "目標値"),
        Column("level", "VARCHAR", "目標の段階", "定性の KPI の段階の名前。"),
    ),
    ("kpi_id", "when"),
)

ACTUALS = _plan_table(
    "actuals",
    "KPI の実績値",
    "KPI ごと・四半期（年1回の確認では年度）ごとの実績値（1行に1実績）。",
    (
        Column("kpi_id", "VARCHAR", "KPIのID"),
        Column(
            "quarter",
            "VARCHAR",
            "時期",
            "四半期（2025Q1 は2025年度の4〜6月）、年1回の確認では年度（2024）。",
        ),
        Column("fiscal_year", "INTEGER", "年度"),
        Column("quarter_number", "INTEGER", "四半期の番号", "年度の実績では空。"),
        Column("value", "DOUBLE", "実績値"),
        Column("level", "VARCHAR", "実績の段階", "定性の KPI の段階の名前。"),
        Column("note", "VARCHAR", "実績の補足"),
    ),
    ("kpi_id", "quarter"),
)

STATUSES = _plan_table(
    "statuses",
    "KPI の判定",
    "KPI ごと・確認の時期ごとの進捗の判定（1行に1判定）。最初の実績の時期から、"
    "その計画の最新の実績の時期まで、計画と同じ方法（dataplan kpi status）で判定しています。",
    (
        Column("kpi_id", "VARCHAR", "KPIのID"),
        Column("measure_id", "VARCHAR", "施策ID"),
        Column(
            "quarter", "VARCHAR", "判定した時期", "四半期（2025Q2）、年1回の確認では年度（2024）。"
        ),
        Column(
            "quarter_index",
            "INTEGER",
            "時期の通し番号",
            "年度×4＋四半期−1（年度はその第4四半期）。並べ替えに使います。",
        ),
        Column("fiscal_year", "INTEGER", "年度"),
        Column("quarter_number", "INTEGER", "四半期の番号", "年度ごとの判定では空。"),
        Column(
            "status",
            "VARCHAR",
            "判定",
            "achieved（達成）、on_track（順調）、behind（遅れ）、no_data（未計測）、"
            "no_target（目標未設定）、narrative（実績が文章のみ）、not_evaluable（判定不可）。",
        ),
        Column("reason", "VARCHAR", "判定の理由のID"),
        Column("mark", "VARCHAR", "評価", "計画の評価の尺度による表示。"),
        Column("value", "DOUBLE", "判定に使った実績値"),
        Column("target_value", "DOUBLE", "判定に使った目標値"),
        Column(
            "progress", "DOUBLE", "進捗率", "（実績 − 基準値）÷（目標値 − 基準値）。1 が 100%。"
        ),
        Column("expected", "DOUBLE", "期間経過率", "1 が 100%。"),
        Column("ratio", "DOUBLE", "進捗率 ÷ 期間経過率"),
    ),
    ("kpi_id", "quarter"),
)

GRADES = _plan_table(
    "grades",
    "KPI の評価",
    "計画の評価の主体（推進本部など）が KPI に付けた評価（1行に1評価）。",
    (
        Column("kpi_id", "VARCHAR", "KPIのID"),
        Column("period", "VARCHAR", "評価の時期", "年度（2024）または四半期（2024Q4）。"),
        Column("grade", "VARCHAR", "評価"),
        Column("note", "VARCHAR", "評価の理由"),
    ),
    ("kpi_id", "period"),
)

PROBLEMS = Table(
    "problems",
    "読み込みの問題",
    "計画を読み込んだときに見つかった問題（1行に1件）。エラーのある計画は集計に入りません。"
    "本文を含まないように、問題の種類と場所だけを載せます（内容は dataplan validate で確かめます）。",
    (
        PLAN_KEY[0],
        Column("source", "VARCHAR", "読み込んだ場所"),
        Column(
            "lg_code", "VARCHAR", "地方公共団体コード", "一覧（manifest）か計画に書かれたもの。"
        ),
        Column("file", "VARCHAR", "ファイル", "計画のフォルダからの相対パス。"),
        Column("line", "INTEGER", "行"),
        Column("column", "INTEGER", "列"),
        Column("code", "VARCHAR", "問題コード", "利用の手引の「問題コード一覧」に説明があります。"),
        Column("severity", "VARCHAR", "種類", "error または warning。"),
        Column("title", "VARCHAR", "問題の内容"),
    ),
    ("source", "file", "line", "column", "code"),
)

SOURCES = Table(
    "sources",
    "読み込んだ計画の場所",
    "一覧（manifest）の計画ごとに、どこから読み、内容のハッシュは何で、集計に入ったか。",
    (
        Column("source", "VARCHAR", "読み込んだ場所"),
        Column("kind", "VARCHAR", "場所の種類", "folder（フォルダ）または git（リポジトリ）。"),
        Column(
            "lg_code",
            "VARCHAR",
            "地方公共団体コード",
            "一覧に書かれたもの（フォルダの一覧では計画から）。",
        ),
        Column("commit", "VARCHAR", "git のコミット", "git のリポジトリから読んだとき。"),
        Column(
            "content_hash",
            "VARCHAR",
            "内容のハッシュ",
            "変わっていなければ次の実行で読み直しません。",
        ),
        Column("read_at", "VARCHAR", "読み込んだ日時"),
        Column("plan_id", "VARCHAR", "計画ID"),
        Column("revision", "VARCHAR", "版"),
        Column("included", "BOOLEAN", "集計に入ったか", "エラーのある計画は false。"),
        Column("errors", "INTEGER", "エラーの数"),
        Column("warnings", "INTEGER", "警告の数"),
    ),
    ("source",),
    partitioned=False,
)

BODIES = Table(
    "bodies",
    "地方公共団体",
    "全国地方公共団体コード（同梱の一覧）: 都道府県と市区町村。集計の分母です（政令指定都市の区は含みません）。",
    (
        Column("lg_code", "VARCHAR", "地方公共団体コード"),
        Column("kind", "VARCHAR", "種類", "prefecture、municipality、special_ward。"),
        Column("name", "VARCHAR", "団体名"),
        Column("reading", "VARCHAR", "読み"),
        Column("prefecture_code", "VARCHAR", "都道府県コード"),
        Column("prefecture_name", "VARCHAR", "都道府県名"),
    ),
    ("lg_code",),
    partitioned=False,
)

CATALOGUES = Table(
    "catalogues",
    "カタログ",
    "計画が対応を示すカタログ（手引（2017年版）、自治体DX推進計画、県の計画など）と出典。",
    (
        Column("catalogue_id", "VARCHAR", "カタログのID"),
        Column("title", "VARCHAR", "表題"),
        Column("version", "VARCHAR", "版"),
        Column("issuer", "VARCHAR", "発行者"),
        Column("issuer_level", "VARCHAR", "発行者の種類", "national、prefecture、municipality。"),
        Column(
            "issuer_lg_code",
            "VARCHAR",
            "発行者の地方公共団体コード",
            "県の計画を書き出したカタログで、その県の市町村を分母にします。",
        ),
        Column("date", "VARCHAR", "発行日"),
        Column("url", "VARCHAR", "出典の URL"),
        Column("entry_count", "INTEGER", "項目の数"),
    ),
    ("catalogue_id",),
    partitioned=False,
)

CATALOGUE_ENTRIES = Table(
    "catalogue_entries",
    "カタログの項目",
    "カタログの項目（1行に1項目、出典の順）。",
    (
        Column("catalogue_id", "VARCHAR", "カタログのID"),
        Column("entry_key", "VARCHAR", "項目のキー"),
        Column("position", "INTEGER", "出典での順番"),
        Column("number", "VARCHAR", "出典での番号"),
        Column("title", "VARCHAR", "項目の名称"),
        Column("section", "VARCHAR", "節の見出し"),
    ),
    ("catalogue_id", "entry_key"),
    partitioned=False,
)

PLAN_TABLES = (PLANS, MEASURES, MEASURE_REFS, KPIS, TARGETS, ACTUALS, STATUSES, GRADES)
TABLES = (*PLAN_TABLES, PROBLEMS, SOURCES, BODIES, CATALOGUES, CATALOGUE_ENTRIES)
TABLES_BY_NAME = {table.name: table for table in TABLES}
