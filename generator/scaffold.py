"""F20: `dataplan init` — a new plan from the template, optionally seeded with example measures.

Every file is rendered in memory first, then written into a staging folder beside
the target and moved into place, so a failure never leaves half a plan behind.
The YAML goes through ruamel.yaml's round trip, so the guidance comments of the
templates (generator/scaffold/) survive.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import secrets
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from generator import clock
from generator.catalogue import (
    Catalogue,
    CatalogueEntry,
    ReferenceCatalogue,
    TemplateExample,
    load_bundled_catalogue,
)
from generator.catalogue.catalogues import ReferenceCatalogues
from generator.lg_code import check_digit, lg_code_problem
from generator.model import CHAPTER_FILES
from generator.municipalities import Body, comparable, load_code_list
from generator.scaffold_repository import (
    KEPT_IF_PRESENT,
    WORKFLOW,
    installed_package_spec,
    repository_files,
)
from generator.schema_export import DEFAULT_SCHEMA_DIR, all_schema_texts
from generator.suggest import did_you_mean

TEMPLATE_DIR = Path(__file__).parent / "scaffold"
PLACEHOLDER_MUNICIPALITY = "〇〇市"
PLACEHOLDER_PREFECTURE = "〇〇県"
PLACEHOLDER_LG_CODE = "00000" + str(check_digit("00000"))
DEPARTMENT_ID = "digital"
PERIOD_YEARS = 5
CREATED_DIRS = ("plan", "measures", "kpi", DEFAULT_SCHEMA_DIR)
LEVEL_OF_KIND = {
    "prefecture": "prefecture",
    "special_ward": "special_ward",
    "municipality": "municipality",
}


class ScaffoldError(Exception):
    """A usage error of `init` (bad option, existing plan); the message is Japanese."""


LEVELS = ("municipality", "special_ward", "prefecture")


@dataclass
class InitOptions:
    examples: list[str] = field(default_factory=list)
    municipality: str | None = None
    lg_code: str | None = None
    level: str | None = None  # municipality, special_ward or prefecture; default from the code


def fiscal_year_of(day: dt.date) -> int:
    """The 年度 that contains `day` (April to March)."""
    return day.year if day.month >= 4 else day.year - 1


@dataclass(frozen=True)
class CreatedPlan:
    written: list[str]  # relative paths
    kept: list[str]  # the repository's own files that were already there, left as they were


def create_plan(target: Path, options: InitOptions, *, today: dt.date | None = None) -> CreatedPlan:
    """Create a plan skeleton in `target`; return the relative paths written and those kept."""
    target = Path(target)
    existing = [name for name in CREATED_DIRS if (target / name).exists()]
    if "plan" in existing:
        raise ScaffoldError(
            f"{target} にはすでに計画（plan/）があります。別のフォルダを指定してください。"
        )
    if existing:
        raise ScaffoldError(
            f"{target} にはすでに {existing[0]}/ があります。空のフォルダか新しいフォルダを指定してください。"
        )
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target} はフォルダではありません。")
    files = render_plan(options, catalogue=load_bundled_catalogue(), today=today or clock.today())
    kept = [name for name in KEPT_IF_PRESENT if (target / name).exists()]
    for name in kept:
        del files[name]
    write_tree(target, files)
    return CreatedPlan(list(files), kept)


def render_plan(options: InitOptions, *, catalogue: Catalogue, today: dt.date) -> dict[str, str]:
    """Every file of a new plan: relative path → text. Raises ScaffoldError for bad options."""
    names = _names(options)
    examples = [_example(catalogue, example_id) for example_id in dict.fromkeys(options.examples)]
    start = fiscal_year_of(today) + 1
    level = names["level"]
    meta = _plan_meta(names, start)
    files = {"plan/plan.yaml": _dump(meta)}
    for chapter in CHAPTER_FILES:
        files[f"plan/{chapter}.yaml"] = _dump(_replace_names(_template(chapter, level), names))
    for example in examples:
        if isinstance(example, TemplateExample):
            measure = measure_from_example(
                example, first_year=start, end_year=start + PERIOD_YEARS - 1, today=today
            )
        else:
            measure = measure_from_entry(*example)
        files[f"measures/{measure['id']}.yaml"] = _dump(measure)
    if not examples:
        files["measures/.gitkeep"] = ""
    for name, text in all_schema_texts().items():
        files[f"{DEFAULT_SCHEMA_DIR}/{name}"] = text
    repository_names = {"title": meta["title"], "municipality": names["municipality"]}
    files.update(repository_files(repository_names, first_quarter=f"{start}Q1"))
    return files


def _names(options: InitOptions) -> dict[str, str]:
    """The names put into the templates; a prefecture is its own prefecture (〇〇県 both).

    With --lg-code the body is looked up in the shipped code list: its name, prefecture
    and level fill what the options leave out, and a name that is another body's is refused.
    """
    if options.level is not None and options.level not in LEVELS:
        raise ScaffoldError(
            f"--level は {'、'.join(LEVELS)} のどれかです（{options.level} でした）。"
        )
    code = options.lg_code or PLACEHOLDER_LG_CODE
    problem = lg_code_problem(code)
    if problem:
        raise ScaffoldError(f"{problem}。`dataplan lg-code 団体名` でコードを調べられます。")
    body = _body(options.lg_code) if options.lg_code else None
    level = options.level or (LEVEL_OF_KIND[body.kind] if body else "municipality")
    prefecture = load_code_list().prefecture_of(body).name if body else PLACEHOLDER_PREFECTURE
    listed = body.name if body else None
    default = listed or (prefecture if level == "prefecture" else PLACEHOLDER_MUNICIPALITY)
    municipality = default if options.municipality is None else options.municipality.strip()
    if not municipality:
        raise ScaffoldError(
            "--municipality に団体名を書いてください（例: --municipality 架空市）。"
        )
    if body and listed and comparable(municipality) != comparable(listed):
        raise ScaffoldError(
            f"地方公共団体コード {code} は{load_code_list().full_name(body)}のコードです"
            f"（--municipality は「{municipality}」）。--municipality を省くと一覧の名称が入ります。"
        )
    if level == "prefecture":
        prefecture = municipality  # a prefecture's plan names itself, never a 市
    return {
        "municipality": municipality,
        "prefecture": prefecture,
        "lg_code": code,
        "level": level,
    }


def _body(lg_code: str) -> Body:
    """The body of a code given to init; an unknown code or a ward's is a usage error."""
    codes = load_code_list()
    body = codes.get(lg_code)
    if body is None:
        raise ScaffoldError(
            f"地方公共団体コード {lg_code} は全国地方公共団体コードにありません。"
            "`dataplan lg-code 団体名` でコードを調べてください。"
        )
    if body.kind == "ward":
        city = codes.get(body.parent or "")
        raise ScaffoldError(
            f"{lg_code} は{codes.full_name(body)}（政令指定都市の区）のコードです。"
            f"計画は市のコード {city.code if city else ''} で作ってください。"
        )
    return body


def _plan_meta(names: dict[str, str], start: int) -> CommentedMap:
    meta = _replace_names(_template("plan", names["level"]), names)
    meta["lg_code"] = _quoted(names["lg_code"])
    meta["level"] = names["level"]
    meta["period"]["start"] = start
    meta["period"]["end"] = start + PERIOD_YEARS - 1
    return meta


StartingPoint = TemplateExample | tuple[ReferenceCatalogue, CatalogueEntry]


def _example(catalogue: Catalogue, example_id: str) -> StartingPoint:
    """A 手引 example (ex-1-02), or an entry of a bundled catalogue (dx-2.3/3.1(1))."""
    if "/" in example_id:
        references = ReferenceCatalogues.bundled()
        found = references.resolve(example_id)
        if found is None:
            refs = [ref for c in references.catalogues for ref in c.refs]
            raise ScaffoldError(
                f"同梱のカタログの項目「{example_id}」はありません。{did_you_mean(example_id, refs)}"
                "`dataplan catalog show dx-2.3` などで項目を確かめてください。"
            )
        return found
    example = catalogue.example(example_id)
    if example is None:
        hint = did_you_mean(example_id, catalogue.example_ids)
        raise ScaffoldError(
            f"手引の記載例「{example_id}」はありません。{hint}`dataplan catalog` で id を確かめてください。"
        )
    return example


def measure_from_entry(catalogue: ReferenceCatalogue, entry: CatalogueEntry) -> CommentedMap:
    """A starting measure for an entry of a catalogue (the national DX plan's items).

    The entry gives the name and the reference; what the measure does is the body's own, so
    the content is left as 〇〇 (a template warning until written) and no KPI is invented.
    The pillar is the entry's where the catalogue gives one, else その他 for the staff to choose.
    """
    ref = catalogue.ref(entry)
    info = catalogue.catalogue
    measure = CommentedMap()
    measure["id"] = "m-" + re.sub(r"[^A-Za-z0-9]+", "-", ref).strip("-")
    measure["name"] = entry.title
    measure["pillar"] = entry.pillar or "other"
    if entry.field:
        measure["field"] = entry.field
    if catalogue.is_national:
        measure["mark"] = "national"
    measure["catalogue_entries"] = _flow([ref])
    measure["departments"] = _flow([DEPARTMENT_ID])
    measure["content"] = f"〇〇（{entry.title}について、自団体で取り組む内容を書いてください）"
    measure.yaml_set_start_comment(
        "yaml-language-server: $schema=../schemas/measure.schema.json\n\n"
        f"{info.title} {info.version}の項目 {ref}「{entry.title}」から作った施策です。\n"
        "取組の内容（content）を書き、KPI（kpis）とスケジュール（schedule）を加えてください。"
    )
    if not entry.pillar:
        measure.yaml_set_comment_before_after_key(
            "pillar",
            before="柱（pillar）は仮に other（その他）にしています。online、open_data、mynumber_card、"
            "digital_divide、standardization のどれに当たるか選んでください。",
        )
    return measure


# --- measures from the template's examples ----------------------------------------------------

# A KPI named after an act reads as "done or not yet" (…の実現, …への参加, …のオープンデータ化).
# fmt: off
MILESTONE_WORDS = ("実現", "導入", "開始", "構築", "整備", "設置", "策定", "提供", "準拠", "参加", "実施", "利用")
MILESTONE_ENDINGS = (*MILESTONE_WORDS, "設定", "活用", "見直し", "化", "状況")
# (words in the KPI name, kind, unit): the first row that matches wins.
KPI_UNIT_GUESSES: tuple[tuple[tuple[str, ...], str, str | None], ...] = (
    (("率", "割合", "満足度", "（%）"), "percentage", "%"),
    (("（時間）",), "time", "時間"),
    (("時間",), "time", "分"),
    (("額", "経費"), "money", "円"),
    (("件数", "データ数", "データセット数", "施策数", "事例数", "登録数", "開設数", "コンテンツ数"), "quantity", "件"),
    (("人数", "者数", "生徒数", "人口"), "quantity", "人"),
    (("企業数",), "quantity", "社"),
    (("箇所数", "個所数"), "quantity", "箇所"),
    (("世帯数",), "quantity", "世帯"),
    (("言語数",), "quantity", "言語"),
    (("分野数",), "quantity", "分野"),
    (("学校数",), "quantity", "校"),
    (("配付数",), "quantity", "台"),
    (("頻度",), "quantity", "回"),
    (("種類",), "quantity", "種類"),
)
# fmt: on
DECREASE_WORDS = ("短縮", "削減", "抑制", "被害", "エリア外")


def guess_kpi_kind(name: str) -> tuple[str, str | None]:
    """(kind, unit) guessed from a KPI's name: …の実現/導入/開始 → milestone, else what is counted."""
    if name.endswith(MILESTONE_ENDINGS):
        return "milestone", None
    for words, kind, unit in KPI_UNIT_GUESSES:
        if any(word in name for word in words):
            return kind, unit
    if any(word in name for word in MILESTONE_WORDS):
        return "milestone", None
    return "quantity", None


def measure_from_example(
    example: TemplateExample, *, first_year: int, end_year: int, today: dt.date
) -> CommentedMap:
    """A starting measure file (as a commented YAML mapping) converted from a template example."""
    number = example.id.removeprefix("ex-")
    measure = CommentedMap()
    measure["id"] = f"m-{number}"
    measure["name"] = example.name
    measure["pillar"] = example.pillar
    measure["field"] = example.field
    measure["mark"] = example.mark
    measure["catalogue_example"] = example.id
    measure["departments"] = _flow([DEPARTMENT_ID])
    measure["content"] = join_japanese_lines(example.content)
    measure["kpis"] = [
        _kpi(f"k-{number}-{index}", join_japanese_lines(text), end_year=end_year, today=today)
        for index, text in enumerate(example.kpis, start=1)
    ]
    measure["schedule"] = [
        {"when": first_year, "text": join_japanese_lines(text)} for text in example.schedule
    ]
    measure["national_measures"] = _flow(example.national_measures)
    measure["case_studies"] = _flow(example.case_studies)
    measure.yaml_set_start_comment(
        "yaml-language-server: $schema=../schemas/measure.schema.json\n\n"
        f"手引の記載例 {example.id}「{example.name}」から作った施策です。\n"
        "内容・KPI・スケジュールを自団体の取組に合わせて書き換えてください。"
    )
    measure.yaml_set_comment_before_after_key(
        "departments", before="担当部署の id（plan/plan.yaml の departments で定義します）。"
    )
    measure.yaml_set_comment_before_after_key(
        "kpis",
        before="KPI は記載例の指標名から作りました。種類（kind）と単位は推測です。\n"
        "基準値（baseline）を測り、目標値（targets）を決めて target_pending と置き換えてください。",
    )
    measure.yaml_set_comment_before_after_key(
        "schedule",
        before="記載例のスケジュールを初年度に置いています。時期と内容を直してください。",
    )
    return measure


def _kpi(kpi_id: str, name: str, *, end_year: int, today: dt.date) -> dict[str, Any]:
    kind, unit = guess_kpi_kind(name)
    kpi: dict[str, Any] = {"id": kpi_id, "name": name, "kind": kind}
    if kind == "milestone":
        kpi["targets"] = [{"when": end_year, "value": "実施"}]
        return kpi
    if unit:
        kpi["unit"] = unit
    if kind == "time" or any(word in name for word in DECREASE_WORDS):
        kpi["direction"] = "decrease"
    kpi["target_pending"] = {
        "decide_by": _one_year_after(today),
        "reason": "記載例から作成。基準値を測ってから目標値を決めます。",
    }
    return kpi


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def join_japanese_lines(text: str) -> str:
    """Drop the space that YAML folding leaves between two Japanese characters."""
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text.strip())


# --- choosing examples ------------------------------------------------------------------------


def example_ids_from_cli(examples: list[str] | None, extra: list[str]) -> list[str] | None:
    """Ids from `--examples a b c`: click gives the first to the option and the rest as extra args."""
    if extra and not examples:
        raise ScaffoldError(
            f"余分な引数 {' '.join(extra)} があります。記載例は --examples の後に並べてください。"
        )
    if examples is None:
        return None
    return [part for value in [*examples, *extra] for part in re.split(r"[,、\s]+", value) if part]


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def example_menu(catalogue: Catalogue) -> str:
    """The examples grouped by pillar, then the bundled catalogues' entries, numbered from 1."""
    lines = ["手引の記載例と、同梱のカタログの項目（番号または id を選べます）:"]
    number = 0
    for pillar in catalogue.pillars:
        lines.append(f"\n{pillar.number}. {pillar.short_label}")
        for example in catalogue.examples_in_pillar(pillar.id):
            number += 1
            lines.append(f"  {number:>2}) {example.id}  {example.name}")
    for reference in ReferenceCatalogues.bundled().catalogues:
        lines.append(f"\n{reference.catalogue.title} {reference.catalogue.version}")
        for entry in reference.entries:
            number += 1
            lines.append(f"  {number:>2}) {reference.ref(entry)}  {entry.title}")
    return "\n".join(lines)


def _menu_ids(catalogue: Catalogue) -> list[str]:
    """The ids of example_menu in its order."""
    ordered = [e.id for p in catalogue.pillars for e in catalogue.examples_in_pillar(p.id)]
    return ordered + [ref for c in ReferenceCatalogues.bundled().catalogues for ref in c.refs]


def parse_example_choice(answer: str, catalogue: Catalogue) -> list[str]:
    """Ids from an answer such as `1 3 ex-2-01`; numbers count in the menu's order."""
    ordered = _menu_ids(catalogue)
    chosen: list[str] = []
    for token in re.split(r"[,、\s]+", answer.strip()):
        if not token:
            continue
        if token.isdigit() and 1 <= int(token) <= len(ordered):
            example_id = ordered[int(token) - 1]
        else:
            _example(catalogue, token)  # refuses an unknown id
            example_id = token
        if example_id not in chosen:
            chosen.append(example_id)
    return chosen


def choose_examples(ask: Callable[[str], str], show: Callable[[str], None]) -> list[str]:
    """Ask which examples to start from until the answer is understood (empty: none)."""
    catalogue = load_bundled_catalogue()
    show(example_menu(catalogue))
    while True:
        answer = ask("\n施策の出発点にする記載例（空白区切り。空のまま Enter で選ばない）")
        try:
            return parse_example_choice(answer, catalogue)
        except ScaffoldError as error:
            show(str(error))


# --- YAML and files ---------------------------------------------------------------------------


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold long Japanese lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _template(name: str, level: str = "municipality") -> CommentedMap:
    """A chapter's template; a prefecture has its own (article 9(1), no 「市」 wording)."""
    path = TEMPLATE_DIR / f"{name}.yaml"
    if level == "prefecture" and (TEMPLATE_DIR / "prefecture" / f"{name}.yaml").exists():
        path = TEMPLATE_DIR / "prefecture" / f"{name}.yaml"
    return _yaml().load(path.read_text(encoding="utf-8"))


def _dump(data: Any) -> str:
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def _flow(items: list[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _quoted(text: str) -> Any:
    return DoubleQuotedScalarString(text)


def _replace_names(node: Any, names: dict[str, str]) -> Any:
    """Put the municipality and prefecture names into the template's 〇〇市 / 〇〇県 placeholders."""
    if isinstance(node, dict):
        for key in node:
            node[key] = _replace_names(node[key], names)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            node[index] = _replace_names(item, names)
    elif isinstance(node, str):
        text = node.replace(PLACEHOLDER_MUNICIPALITY, names["municipality"])
        text = text.replace(PLACEHOLDER_PREFECTURE, names["prefecture"])
        return type(node)(text) if text != node else node
    return node


def write_tree(target: Path, files: dict[str, str]) -> None:
    """Write `files` under `target` all at once: staged in a temporary folder, then renamed."""
    target = target.resolve()
    staging_parent = target if target.exists() else target.parent
    staging_parent.mkdir(parents=True, exist_ok=True)
    # mkdir (not mkdtemp, which makes it private) so that the plan gets the usual permissions.
    staging = staging_parent / f".dataplan-init-{secrets.token_hex(6)}"
    staging.mkdir()
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if not target.exists():
            staging.rename(target)
            return
        _move_entries(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_entries(staging: Path, target: Path) -> None:
    """Move what was staged into an existing folder; a folder already there is filled, never replaced."""
    moved: list[Path] = []
    try:
        _move_into(staging, target, moved)
    except BaseException:
        for path in reversed(moved):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        raise


def _move_into(source: Path, target: Path, moved: list[Path]) -> None:
    for entry in sorted(source.iterdir()):
        destination = target / entry.name
        if entry.is_dir() and destination.is_dir():
            _move_into(entry, destination, moved)
            continue
        if destination.exists():
            raise ScaffoldError(f"{destination} がすでにあります。")
        entry.rename(destination)
        moved.append(destination)


def created_message(target: Path, created: CreatedPlan) -> str:
    """What `init` tells the user afterwards: what was made, what was left alone, what to do next."""
    measures = [f for f in created.written if f.startswith("measures/") and f.endswith(".yaml")]
    lines = [f"{target} に計画の雛型を作りました（施策 {len(measures)} 件）。"]
    lines += [f"{target}/{name} はすでにあるため、そのままにしました。" for name in created.kept]
    lines.append("次にすること:")
    lines.append(
        f"  1. {target}/plan/plan.yaml の「〇〇」と仮の値を書き換える"
        "（団体コードは dataplan lg-code 団体名 で調べられます）"
    )
    lines.append(
        f"  2. dataplan validate {target} で確かめる（空の本文は警告 W-empty-text になります）"
    )
    lines.append(
        f"  3. dataplan build {target} でサイトを作る（{target}/site_build/public/index.html）"
    )
    if WORKFLOW in created.written and installed_package_spec() is None:
        lines.append(
            f"GitHub Actions で公開するときは、{target}/{WORKFLOW} の DATAPLAN_PACKAGE に dataplan の"
            "入手先を書いてください（この dataplan は手元のファイルから入れたため、入手先が分かりません）。"
        )
    lines.append(f"ファイルの説明は {target}/README.md に、使い方は dataplan guide にあります。")
    return "\n".join(lines)
