"""A YAML error from ruamel or libyaml, as one Japanese problem at the right place.

The parser's English ("mapping values are not allowed in this context") never
reaches the user. Most of the common mistakes of people writing Japanese plans
are recognised from the message and the text around the mark:

- a tab used for indentation (E-yaml-tab);
- an ASCII `: ` inside a Japanese sentence, which YAML reads as a key (E-colon-in-text);
- a full-width 「：」 after a key, which libyaml notices only on a later line
  (E-fullwidth-colon, reported on the key's own line and naming the key).

Anything else becomes E-yaml-syntax with a Japanese description, and at worst a
general one.
"""

from __future__ import annotations

import re

from ruamel.yaml.error import MarkedYAMLError

from generator.problems import Problem, make_problem

# (English fragment of the parser's message, Japanese description); first match wins.
DESCRIPTIONS: list[tuple[str, str]] = [
    (
        "mapping values are not allowed",
        "ここに「キー: 値」は書けません（字下げを確かめてください）",
    ),
    ("found unexpected ':'", "ここに「:」は書けません"),
    (
        "could not find expected ':'",
        "「キー: 値」の「:」が見つかりません（引用符の閉じ忘れや字下げを確かめてください）",
    ),
    ("did not find expected key", "字下げが揃っていません（同じ階層のキーは同じ字下げで始めます）"),
    (
        "did not find expected '-' indicator",
        "リストの字下げが揃っていません（「- 」で始まる行の字下げを揃えてください）",
    ),
    (
        "block sequence entries are not allowed",
        "ここに「- 」のリストは書けません（キーの後で改行し、字下げしてから書いてください）",
    ),
    (
        "did not find expected node content",
        "値がありません（記号で始まる値は引用符で囲んでください）",
    ),
    ("found unexpected end of stream", "ファイルが途中で終わっています（引用符や括弧の閉じ忘れ）"),
    (
        "found unknown escape character",
        "\"…\" の中に使えない「\\」の書き方があります（\\ をそのまま書くときは '…' で囲むか \\\\ と書きます）",
    ),
    (
        "did not find expected hexdecimal number",
        "\"…\" の中の「\\」の後が読めません（C:\\Users のようなパスや「\\」をそのまま書くときは '…' で囲みます）",
    ),
    ("found invalid Unicode character escape", '"…" の中の \\u や \\x の書き方が違います'),
    ("did not find expected ',' or ']'", "[ ] の閉じ忘れか、要素を区切る「,」がありません"),
    ("did not find expected ',' or '}'", "{ } の閉じ忘れか、要素を区切る「,」がありません"),
    (
        "found undefined alias",
        "定義されていない別名（*…）を参照しています（* で始まる値は引用符で囲んでください）",
    ),
    (
        "found duplicate anchor",
        "同じ名前のアンカー（&…）が2回あります（& で始まる値は引用符で囲んでください）",
    ),
    ("expected alphabetic or numeric character", "& や * で始まる値は引用符で囲んでください"),
    (
        "found undefined tag handle",
        "! で始まる値は引用符で囲んでください（! は YAML の型の指定です）",
    ),
    (
        "did not find expected tag URI",
        "! で始まる値は引用符で囲んでください（! は YAML の型の指定です）",
    ),
    (
        "could not determine a constructor for the tag",
        "使えないタグ（!! などで始まる型の指定）があります",
    ),
    ("found unhashable key", "キーにリストや「キー: 値」の組は使えません"),
    (
        "found unexpected document indicator",
        "行頭の --- や ... は文書の区切りです（文章なら引用符で囲んでください）",
    ),
    (
        "expected a single document",
        "1つのファイルに文書が2つあります（行頭の --- を消してください）",
    ),
    (
        "but found another document",
        "1つのファイルに文書が2つあります（行頭の --- を消してください）",
    ),
    ("found an indentation indicator equal to 0", "| や > の後の数字は 1〜9 です"),
    (
        "did not find expected comment or line break",
        "値の後に余計な文字があります（| や > や引用符の後を確かめてください）",
    ),
    ("did not find expected whitespace", "記号の後に空白が必要です"),
    ("directive", "行頭の % は YAML の指示です（文章なら引用符で囲んでください）"),
    (
        "found character that cannot start any token",
        "この文字では値を始められません（@ や ` で始まる値は引用符で囲んでください）",
    ),
    ("UTF-8", "UTF-8 として読めないバイトがあります"),
    ("control characters are not allowed", "目に見えない制御文字があります"),
    ("unacceptable character", "目に見えない制御文字があります"),
]
GENERAL = "YAML の書き方に誤りがあります（字下げ・コロン・引用符を確かめてください）"

# An ASCII key followed by a full-width colon: `content：…` or `- name：…`.
_FULLWIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s*：")
_DUPLICATE = re.compile(r'found duplicate key "(.*?)"')


def describe(message: str) -> str:
    """The Japanese description of a parser message (never the English itself)."""
    for english, japanese in DESCRIPTIONS:
        if english in message:
            return japanese
    return GENERAL


def yaml_error_problem(error: MarkedYAMLError, text: str, shown: str) -> Problem:
    """The problem for a YAML error raised while reading `text` (shown as `shown`)."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    message = f"{error.context or ''} {error.problem or ''}"
    duplicate = _DUPLICATE.search(message)
    if duplicate:
        detail = f"キー「{duplicate[1]}」が2回書かれています"
        return make_problem("E-yaml-duplicate-key", shown, line, column, detail=detail)
    lines = text.splitlines()
    fullwidth = _fullwidth_colon(lines, line) if _may_follow_fullwidth_colon(message) else None
    if fullwidth:
        key_line, key_column, key = fullwidth
        return make_problem("E-fullwidth-colon", shown, key_line, key_column, key=key)
    character = _character_at(lines, line, column)
    if character == "\t" or "tab character" in message:
        return make_problem("E-yaml-tab", shown, line, column)
    if "mapping values are not allowed" in message and _is_sentence(lines, line, column):
        return make_problem("E-colon-in-text", shown, line, column)
    return make_problem("E-yaml-syntax", shown, line, column, detail=describe(message))


def other_yaml_error_problem(shown: str) -> Problem:
    """A YAML error without a place (rare): still Japanese."""
    return make_problem("E-yaml-syntax", shown, detail=GENERAL)


def _may_follow_fullwidth_colon(message: str) -> bool:
    """Messages libyaml gives on the lines after `key：value` (read as a plain text)."""
    return any(
        fragment in message
        for fragment in (
            "could not find expected ':'",
            "did not find expected key",
            "did not find expected '-' indicator",
            "block sequence entries are not allowed",
            "mapping values are not allowed",
        )
    )


def _fullwidth_colon(lines: list[str], error_line: int) -> tuple[int, int, str] | None:
    """The nearest line up to the error's whose key ends with 「：」: (line, column, key)."""
    for index in range(min(error_line, len(lines)) - 1, -1, -1):
        match = _FULLWIDTH_KEY.match(lines[index])
        if match:
            return index + 1, match.end(), match[2]
    return None


def _character_at(lines: list[str], line: int, column: int) -> str:
    if 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def _is_sentence(lines: list[str], line: int, column: int) -> bool:
    """Whether the text before a misplaced `:` on its line reads as Japanese prose."""
    if not 1 <= line <= len(lines):
        return False
    before = lines[line - 1][: column - 1]
    value = before.split(": ", 1)[1] if ": " in before else before
    return any(ord(character) > 0x7F for character in value)
