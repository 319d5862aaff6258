"""Plan metadata (F1): `plan/plan.yaml`."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Union

from pydantic import BeforeValidator, Field, Tag, field_validator

from generator.model.accessibility import Accessibility
from generator.model.common import (
    NOT_STATED,
    NOT_STATED_CHOICE,
    NOT_STATED_MEMBER,
    Identifier,
    LgCode,
    Model,
    RichText,
    internal_field,
)
from generator.model.dates import PartialDateField
from generator.model.evaluation import Evaluation
from generator.quarters import Quarter


class Level(StrEnum):
    MUNICIPALITY = "municipality"
    SPECIAL_WARD = "special_ward"
    PREFECTURE = "prefecture"


class MunicipalityKind(StrEnum):
    """The kind of a municipality (市町村) under the Local Autonomy Act."""

    DESIGNATED_CITY = "designated_city"
    CORE_CITY = "core_city"
    CITY = "city"
    TOWN = "town"
    VILLAGE = "village"


class Classification(StrEnum):
    """How the plan sorts its measures: by the five pillars, or by its own structure (groups)."""

    PILLARS = "pillars"
    OWN_STRUCTURE = "own_structure"


class PlanRelation(StrEnum):
    """How a plan relates to the plan before it."""

    FULL_REVISION = "full_revision"
    PARTIAL_REVISION = "partial_revision"


class DraftStage(StrEnum):
    """A stage of drafting that was published (素案, 中間案, 最終案)."""

    OUTLINE = "outline"
    INTERIM = "interim"
    FINAL = "final"


class Pattern(StrEnum):
    STANDALONE = "standalone"
    EMBEDDED = "embedded"


class OtherPlanKind(StrEnum):
    DX_PLAN = "dx_plan"
    COMPREHENSIVE_PLAN_SECTOR = "comprehensive_plan_sector"
    ORDINANCE_PLAN = "ordinance_plan"
    INFORMATION_PLAN = "information_plan"
    OTHER = "other"


MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})$")


def _period_start_from_yaml(value: Any) -> Any:
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return value


class Placement(StrEnum):
    """Where a quarter or a 年度 lies relative to the plan period."""

    BEFORE = "before"
    INSIDE = "inside"
    AFTER = "after"


class Period(Model):
    """計画期間: starts with a 年度 or a month, ends with a 年度."""

    schema_description: ClassVar[str] = "計画期間: 開始（年度または年月）と終了年度。"

    start: Annotated[int | str, BeforeValidator(_period_start_from_yaml)] = Field(
        description='開始。年度（例: 2025）または年月（例: "2022-12"、令和4年12月から）。',
        json_schema_extra={"examples": [2025, "2022-12"]},
    )
    end: int = Field(ge=1990, le=2200, description="終了年度（例: 2029 は令和11年度末まで）。")

    @field_validator("start")
    @classmethod
    def _start_is_year_or_month(cls, value: int | str) -> int | str:
        if isinstance(value, int):
            if not 1990 <= value <= 2200:
                raise ValueError(f"開始年度 {value} が範囲外です（1990〜2200）")
            return value
        match = MONTH_PATTERN.match(value.strip())
        if not match or not 1 <= int(match[2]) <= 12:
            raise ValueError(f'開始は年度（2025）か年月（"2022-12"）で書いてください: {value}')
        return f"{int(match[1]):04d}-{int(match[2]):02d}"

    @property
    def start_fiscal_year(self) -> int:
        if isinstance(self.start, int):
            return self.start
        year, month = (int(part) for part in self.start.split("-"))
        return year if month >= 4 else year - 1

    @property
    def end_fiscal_year(self) -> int:
        return self.end

    def contains_fiscal_year(self, fiscal_year: int) -> bool:
        return self.start_fiscal_year <= fiscal_year <= self.end

    @property
    def first_quarter(self) -> Quarter:
        """The quarter the period starts in: a month's quarter when it starts in a month."""
        if isinstance(self.start, int):
            return Quarter(self.start, 1)
        year, month = (int(part) for part in self.start.split("-"))
        return Quarter.containing(dt.date(year, month, 1))

    @property
    def last_quarter(self) -> Quarter:
        return Quarter(self.end, 4)

    def place(self, quarter: Quarter) -> Placement:
        """Where a quarter lies: before the period, inside it, or after its end."""
        if quarter < self.first_quarter:
            return Placement.BEFORE
        if quarter > self.last_quarter:
            return Placement.AFTER
        return Placement.INSIDE


# 計画期間, or 「計画に記載なし」 (a partial transcription may not know it).
PeriodOrNotStated = Annotated[
    Union[Annotated[Period, Tag("stated")], NOT_STATED_MEMBER],  # noqa: UP007
    NOT_STATED_CHOICE,
]


class Revision(Model):
    """One entry of the 改定履歴."""

    schema_description: ClassVar[str] = "改定履歴の1件。"

    date: PartialDateField = Field(
        description="改定日。計画書に書かれた精度で（例: 2025-03-28、2019-03、令和2年6月、令和4年度）。"
    )
    summary: RichText = Field(description="改定の概要。")
    version: str | None = Field(None, description="版の表示（例: 第2版）。")
    git_revision: str | None = Field(
        None,
        description="この版を公開したときの git のリビジョン（コミットやタグ）。"
        "新旧対照表（dataplan compare）を作り直すときの基準になります。",
    )
    folder: str | None = Field(
        None,
        description="この版の計画のファイル（plan/ と measures/）を収めたフォルダ。計画のフォルダからの"
        "相対パス（例: editions/1.1）。git で管理する前の版のように git_revision がないとき、"
        "次の改定の新旧対照表はこの版と比べます。",
    )
    notes: dict[str, str] = Field(
        default_factory=dict,
        description="新旧対照表の備考: 改定した箇所の id（dataplan compare --format json の location_id）"
        "ごとの説明。",
    )

    @field_validator("folder")
    @classmethod
    def _inside_the_plan_folder(cls, value: str | None) -> str | None:
        if value is None:
            return value
        parts = value.replace("\\", "/").split("/")
        if value.startswith(("/", "~")) or ":" in parts[0] or ".." in parts:
            raise ValueError(
                f"folder は計画のフォルダの中を、計画のフォルダからの相対パスで書きます: {value}"
            )
        return value


class Contact(Model):
    """問い合わせ先. At least one of phone, email or url is required."""

    schema_description: ClassVar[str] = (
        "問い合わせ先。電話・メール・URL の少なくとも一つを書きます。"
    )

    department: Identifier = Field(description="担当部署の id（departments で定義したもの）。")
    phone: str | None = Field(None, description="電話番号。")
    email: str | None = Field(None, description="メールアドレス。")
    url: str | None = Field(None, description="問い合わせフォーム等の URL。")
    staff: list[str] = internal_field(
        default_factory=list,
        description="担当職員の氏名・内線（庁内限定。公開サイトには出ません）。",
    )

    @field_validator("email")
    @classmethod
    def _email_shape(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError(f"メールアドレスの形式ではありません: {value}")
        return value


def _comparable(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


class Rename(Model):
    """One reorganisation of a department: its old name, its new name, and from when."""

    schema_description: ClassVar[str] = "組織改正の1件: 旧名、新名、新しい名称になった日。"

    old_name: str = Field(description="改正前の名称（旧名。例: 企画部情報政策課）。", min_length=1)
    new_name: str = Field(
        description="改正後の名称（新名。例: 企画部デジタル推進課）。", min_length=1
    )
    effective_on: PartialDateField = Field(
        description="新しい名称になった日。計画書に書かれた精度で（例: 2026-04-01、令和2年4月、令和4年度）。"
    )


class Department(Model):
    """A department, named once here so that a reorganisation is one edit."""

    schema_description: ClassVar[str] = (
        "部署。ここで一度だけ名前を定義し、組織改正は1か所の修正で済ませます。"
    )

    id: Identifier = Field(description="部署の id（施策の departments などから参照）。")
    name: str = Field(description="部署名（例: 総務部デジタル推進課）。")
    former_names: list[str] = Field(default_factory=list, description="組織改正前の名称。")
    renames: list[Rename] = Field(
        default_factory=list,
        description="組織改正の記録（旧名 → 新名と、その日付）。古い順に書きます。最後の新名は name と同じにします。",
    )

    @property
    def all_former_names(self) -> list[str]:
        """Every earlier name: former_names and the old names of the renames, each once."""
        names = [*self.former_names, *(rename.old_name for rename in self.renames)]
        return list(dict.fromkeys(name for name in names if name != self.name))

    def name_on(self, day: dt.date) -> str:
        """The department's name on `day`, read from its renames (the current name without them).

        A rename known only to a month or a 年度 counts from the first day it may mean.
        """
        ordered = sorted(self.renames, key=lambda rename: rename.effective_on.earliest)
        for rename in ordered:
            if day < rename.effective_on.earliest:
                return rename.old_name
        return self.name


class Group(Model):
    """The plan's own grouping (e.g. 基本目標 → 施策), beside the pillar classification."""

    schema_description: ClassVar[str] = (
        "計画独自の体系（例: 基本目標 → 施策）のグループ。5つの柱の分類と並べて使います。"
    )

    id: str = Field(description='番号（例: "1"、"1-8"）。', min_length=1, max_length=32)
    name: str = Field(description="名称（例: 誰もが便利な行政サービス）。")
    level: str = Field(description="階層の名前（例: 基本目標、施策）。")
    parent: str | None = Field(None, description="上位のグループの番号。")


class OtherPlan(Model):
    """Another plan that this plan also serves as (兼ねる計画)."""

    schema_description: ClassVar[str] = "この計画が兼ねる別の計画（自治体DX推進計画など）。"

    kind: OtherPlanKind = Field(
        description="種類: dx_plan（自治体DX推進計画）、comprehensive_plan_sector（総合計画の分野別計画）、"
        "ordinance_plan（条例に基づく計画）、information_plan（情報化計画）、other。"
    )
    name: str = Field(description="計画の名称。")
    basis: str | None = Field(None, description="根拠（条例名・条項など）。")


class Predecessor(Model):
    """The earlier plan this one succeeds (例: 第1期)."""

    schema_description: ClassVar[str] = "前の計画（例: 第1期）と、この計画との関係。"

    title: str = Field(description="前計画の名称。")
    period: str | None = Field(None, description="前計画の期間（例: 2018〜2022年度）。")
    url: str | None = Field(None, description="前計画の URL。")
    relation: PlanRelation | None = Field(
        None,
        description="前計画との関係: full_revision（全面改定）、partial_revision（一部改定）。",
    )


class Successor(Model):
    """The plan that follows this one (次期計画)."""

    schema_description: ClassVar[str] = "次期計画（この計画の後を継ぐ計画）。"

    title: str = Field(description="次期計画の名称。")
    period: str | None = Field(None, description="次期計画の期間（例: 2030〜2034年度）。")
    adopted_on: PartialDateField | None = Field(
        None, description="次期計画の策定日（例: 2030-03-27、令和12年3月）。"
    )
    url: str | None = Field(None, description="次期計画の URL。")


class Vision(Model):
    """めざす姿 and 基本理念 of the plan."""

    schema_description: ClassVar[str] = "計画のめざす姿と基本理念。"

    statement: RichText | None = Field(
        None, description="計画のめざす姿（例: 誰もがデジタルの恵みを実感できるまち）。"
    )
    principles: list[RichText] = Field(
        default_factory=list, description="基本理念（計画を進めるうえでの考え方）。"
    )


class Draft(Model):
    """A draft of the plan that was published (素案, 中間案 …)."""

    schema_description: ClassVar[str] = "公表した計画案（素案・中間案・最終案）の1件。"

    stage: DraftStage = Field(
        description="段階: outline（素案）、interim（中間案）、final（最終案）。"
    )
    published_on: PartialDateField = Field(
        description="公表した日。計画書に書かれた精度で（例: 2024-08-30、令和6年8月）。"
    )
    published_by: str | None = Field(
        None, description="公表した組織（例: 青葉野市DX推進本部、〇〇審議会）。"
    )
    url: str | None = Field(None, description="公表した資料の URL。")
    note: RichText | None = Field(None, description="補足。")


class PublicComment(Model):
    """パブリックコメント（意見公募）: its period and how many opinions came in."""

    schema_description: ClassVar[str] = (
        "パブリックコメント（意見公募）の期間と寄せられた意見の件数。"
    )

    start: PartialDateField = Field(description="意見募集の開始日（例: 2024-12-02、令和6年12月）。")
    end: PartialDateField = Field(description="意見募集の終了日（例: 2025-01-06、令和7年1月）。")
    opinions: int | None = Field(None, ge=0, description="寄せられた意見の件数。")
    submitters: int | None = Field(None, ge=0, description="意見を寄せた人・団体の数。")
    url: str | None = Field(None, description="結果を公表した URL。")
    note: RichText | None = Field(None, description="補足（意見を受けて直した点など）。")


class Drafting(Model):
    """策定の経過: the drafts published and the public comment."""

    schema_description: ClassVar[str] = "策定の経過: 公表した計画案とパブリックコメント。"

    drafts: list[Draft] = Field(
        default_factory=list, description="公表した素案・中間案など（古い順）。"
    )
    public_comment: PublicComment | None = Field(
        None, description="パブリックコメント（意見公募）の期間と意見の件数。"
    )


class OpenData(Model):
    """Open data (F17): the terms of the CSV and JSON files the site offers."""

    schema_description: ClassVar[str] = (
        "オープンデータ: サイトから配布する CSV・JSON の利用条件（ライセンス）。"
    )

    licence: str = Field(
        "CC BY 4.0",
        min_length=1,
        description="利用条件（ライセンス）の名称（例: CC BY 4.0、公共データ利用規約（第1.0版））。",
    )
    licence_url: str | None = Field(
        "https://creativecommons.org/licenses/by/4.0/deed.ja",
        description="利用条件の本文の URL。",
    )
    attribution: str | None = Field(
        None,
        description="出典の記載例（例: 出典：青葉野市官民データ活用推進計画（青葉野市））。",
    )


class ListedMunicipality(Model):
    """A municipality a prefecture's plan lists (its own plan is elsewhere)."""

    schema_description: ClassVar[str] = "県内の市区町村の1団体。"

    lg_code: LgCode = Field(description="市区町村の地方公共団体コード（6桁）。")
    name: str | None = Field(
        None,
        description="団体名。省略時は全国地方公共団体コードの名称（架空の団体では書きます）。",
    )
    site: str | None = Field(None, description="その団体の計画のサイトの URL。")


class PlanMeta(Model):
    """計画の基本情報: plan/plan.yaml."""

    schema_description: ClassVar[str] = "計画の基本情報（plan/plan.yaml）。"

    municipality: str = Field(description="団体名（例: 架空市）。", min_length=1)
    level: Level = Field(
        Level.MUNICIPALITY,
        description="団体の種類: municipality（市町村）、special_ward（特別区）、prefecture（都道府県）。"
        "都道府県の計画は基本法第9条第1項、市町村・特別区の計画は第9条第3項に基づきます。",
    )
    municipality_kind: MunicipalityKind | None = Field(
        None,
        description="市町村の区分（level が municipality のとき）: designated_city（政令指定都市）、"
        "core_city（中核市）、city（市）、town（町）、village（村）。",
    )
    lg_code: LgCode = Field(
        description="地方公共団体コード（6桁。6桁目は検査数字）。",
        json_schema_extra={"pattern": r"^\d{6}$"},
    )
    prefecture: str = Field(description="都道府県名。")
    fictional: bool = Field(
        False,
        description="架空の団体の計画（記載例・研修用）なら true。サイトのすべてのページと PDF の表紙に"
        "架空である旨を表示し、lg_code には実在のどの団体のものでもない（検査数字は正しい）コードを使います。",
    )
    title: str = Field(description="計画の名称。")
    short_name: str | None = Field(None, description="計画の通称・略称（例: あおばのDXプラン）。")
    edition: int | None = Field(None, ge=1, description="期（第2期なら 2）。")
    pattern: Pattern = Field(
        Pattern.STANDALONE,
        description="策定の形: standalone（パターン1、単独の計画）、embedded（パターン2、既存計画に盛り込む）。",
    )
    embedded_in: str | None = Field(None, description="パターン2のとき、盛り込む先の計画の名称。")
    also_serves_as: list[OtherPlan] = Field(
        default_factory=list, description="この計画が兼ねる他の計画。"
    )
    predecessor: Predecessor | None = Field(None, description="前計画（第2期以降）。")
    successor: Successor | None = Field(None, description="次期計画（策定されたら書きます）。")
    vision: Vision | None = Field(None, description="計画のめざす姿と基本理念。")
    period: PeriodOrNotStated = Field(
        description=f"計画期間。計画書に書かれていないときは「{NOT_STATED}」。"
    )
    adopted_on: PartialDateField | None = Field(
        None,
        description="策定日。計画書に書かれた精度で（例: 2025-03-28、2019-03、令和2年6月、令和4年度）。",
    )
    revisions: list[Revision] = Field(default_factory=list, description="改定履歴。")
    revision_policy: RichText | None = Field(
        None,
        description="計画の見直しの方針（例: 社会情勢や国の計画の変更に応じて随時見直す）。",
    )
    drafting: Drafting | None = Field(
        None, description="策定の経過（素案・中間案の公表とパブリックコメント）。"
    )
    contact: Contact | None = Field(None, description="問い合わせ先。")
    departments: list[Department] = Field(
        default_factory=list, description="部署の一覧。施策などからは id で参照。"
    )
    groups: list[Group] = Field(
        default_factory=list, description="計画独自の体系（基本目標・施策など）。"
    )
    classification: Classification = Field(
        Classification.PILLARS,
        description="施策の分類: pillars（5つの柱。各施策に pillar が必要）、own_structure（計画独自の体系"
        " groups で分類。pillar は任意で、柱ごとの方針がなくても警告しません）。",
    )
    summary: RichText | None = Field(None, description="計画の概要（トップページに表示）。")
    catalogue: str | None = Field(
        None,
        description="国の施策一覧の別ファイル（plan/ からの相対パス）。省略時は同梱の手引（2017年版）。",
    )
    catalogues: list[str] = Field(
        default_factory=list,
        description="施策の対応を確かめる計画・施策一覧（カタログ）。同梱のカタログの id（例: dx-2.3）か、"
        "plan/ に置いたカタログのファイル名（例: 県の計画を書き出した pref-plan.yaml。書き出しは"
        " catalog export コマンド）。施策の catalogue_entries で項目を参照します（同梱のカタログは参照すれば書かなくても使えます）。",
    )
    catalogue_outside_plan: bool = Field(
        False,
        description="true にすると、施策一覧の別ファイル（catalogue と catalogues）に計画のフォルダの外のファイルを使えます。"
        "既定（false）では、シンボリックリンクや「../」で外を指すファイルは読み込みません。",
    )
    evaluation: Evaluation = Field(
        default_factory=Evaluation,
        description="KPI の評価方法（しきい値と評価の尺度）。省略時は既定。",
    )
    open_data: OpenData | None = Field(
        None,
        description="サイトから配布するオープンデータ（CSV・JSON）の利用条件。省略時は CC BY 4.0。",
    )
    accessibility: Accessibility | None = Field(
        None,
        description="ウェブアクセシビリティ方針と試験結果のページ（書くとサイトに載ります）。",
    )
    municipalities: list[ListedMunicipality] = Field(
        default_factory=list,
        description="（都道府県の計画）県内の市区町村。サイトの「県内市町村の計画」に、各団体の計画のサイトへの"
        "リンクと、municipal_aggregate の集計を載せます。コードは全国地方公共団体コードで確かめます。",
    )
    municipal_aggregate: str | None = Field(
        None,
        description="（都道府県の計画）市区町村の計画を dataplan aggregate で集計したフォルダ"
        "（aggregate.duckdb のあるところ。計画のフォルダからの相対パス。例: aggregate）。",
    )

    @property
    def known_period(self) -> Period | None:
        """The plan period, or None when the plan does not state it (計画に記載なし)."""
        return self.period if isinstance(self.period, Period) else None

    @property
    def basic_act_clause(self) -> str:
        """The clause of the basic act the plan rests on: 第9条第1項 (prefecture) or 第9条第3項."""
        return "第9条第1項" if self.level is Level.PREFECTURE else "第9条第3項"

    @property
    def own_structure(self) -> bool:
        """True when the plan sorts its measures by its own groups rather than the pillars."""
        return self.classification is Classification.OWN_STRUCTURE

    def department_names(self) -> dict[str, str]:
        return {department.id: department.name for department in self.departments}

    def department_names_on(self, day: dt.date) -> dict[str, str]:
        """Each department's name as it was on `day` (its renames read back)."""
        return {department.id: department.name_on(day) for department in self.departments}

    def find_department(self, text: str) -> Department | None:
        """The department meant by `text`: its id, name or a former name (全角/半角 alike)."""
        wanted = _comparable(text)
        for department in self.departments:
            names = [department.id, department.name, *department.all_former_names]
            if wanted in (_comparable(name) for name in names):
                return department
        return None
