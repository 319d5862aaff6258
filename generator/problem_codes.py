"""Every problem code: its severity, Japanese message template and the usual fix.

Codes are stable: users search for them, CI logs keep them, and the user guide
(guide/problems.md) documents each one. A test fails when a code is undocumented.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProblemSpec:
    severity: str
    title: str
    message: str
    hint: str = ""


def _e(title: str, message: str, hint: str = "") -> ProblemSpec:
    return ProblemSpec("error", title, message, hint)


def _w(title: str, message: str, hint: str = "") -> ProblemSpec:
    return ProblemSpec("warning", title, message, hint)


PROBLEM_CODES: dict[str, ProblemSpec] = {
    # Reading files
    "E-missing-file": _e("必要なファイルがない", "{what}がありません。", "{fix}"),
    "E-file-unreadable": _e("ファイルを読めない", "ファイルを読めません（{reason}）。"),
    "E-file-too-large": _e(
        "ファイルが大きすぎる",
        "ファイルが大きすぎます（{size} バイト。上限 {limit} バイト）。",
        "同じ内容が繰り返されていないか確かめ、ファイルを小さくしてください。",
    ),
    "E-file-not-regular": _e(
        "通常のファイルでない",
        "通常のファイルではないので読み込みません（{kind}）。",
        "この名前で YAML のファイルを置いてください（シンボリックリンクならその先を確かめてください）。",
    ),
    "E-file-outside-plan": _e(
        "計画のフォルダの外のファイル",
        "{what}は計画のフォルダの外を指しているので読み込みません（シンボリックリンクか「../」）。",
        "ファイルそのものを計画のフォルダの中に置いてください。施策一覧（catalogue、catalogues）だけは、"
        "plan/plan.yaml に `catalogue_outside_plan: true` と書けば外のファイルを使えます。",
    ),
    "E-encoding": _e(
        "文字コードが UTF-8 でない",
        "UTF-8 として読めないバイト {byte} があります。",
        "エディタで文字コードを UTF-8 にして保存し直してください（Shift_JIS で保存されている可能性があります）。",
    ),
    "E-yaml-syntax": _e(
        "YAML の書き方の誤り",
        "YAML として読めません: {detail}。",
        "字下げ・コロン・引用符を確認してください。",
    ),
    "E-yaml-tab": _e(
        "タブによる字下げ",
        "タブ文字で字下げしています。YAML の字下げには使えません。",
        "タブを半角スペースに置き換えてください（エディタの「インデントをスペースに変換」）。",
    ),
    "E-colon-in-text": _e(
        "文章の中の「: 」",
        "文章の途中の「: 」（半角のコロンと空白）で、文章が「キー: 値」として読まれました。",
        "文章全体を引用符（\"…\" か '…'）で囲むか、キーの後に「|」と書いて次の行から字下げして書いてください。"
        "コロンを全角の「：」にしても直ります。",
    ),
    "E-fullwidth-colon": _e(
        "キーの後の全角「：」",
        "キー「{key}」の後のコロンが全角の「：」です。",
        "キーの後は半角の「: 」（コロンと空白）にしてください（例: {key}: 値）。",
    ),
    "E-yaml-duplicate-key": _e("キーの重複", "{detail}。", "どちらか一方を消してください。"),
    "E-yaml-too-deep": _e(
        "入れ子が深すぎる",
        "入れ子が深すぎます（上限 {limit} 段。ここで上限を超えます）。",
        "「- - -」「? ? ?」や「[[[」のように入れ子が続いていないか確かめ、構造を浅くしてください。",
    ),
    "E-yaml-too-many-nodes": _e(
        "別名の展開が大きすぎる",
        "別名（&anchor / *alias）を展開すると要素が多すぎます（上限 {limit}）。",
        "別名を使わずに書いてください。",
    ),
    "E-control-character": _e(
        "制御文字",
        "目に見えない制御文字 {name}があります。",
        'この文字を消してください（YAML の "\\x1b" や "\\u202e" のようなエスケープで書いたものも同じです）。'
        "文章に使えるのは改行とタブまでで、文字の向きを変える文字も使えません。",
    ),
    "E-yaml-binary": _e(
        "!!binary の値",
        "!!binary（バイナリ）の値は書けません。",
        "文字で書いてください（!!binary を消し、文章をそのまま書きます）。",
    ),
    "E-yaml-not-mapping": _e(
        "最上位が「キー: 値」でない",
        "ファイルの最上位は「キー: 値」の組でなければなりません（{found} でした）。",
    ),
    "E-write-failed": _e(
        "書き込めない",
        "{path} に書き込めません（{reason}）。{kept}",
        "{fix}",
    ),
    "E-output-refused": _e(
        "書き出し先にできない場所",
        "{path} には書き出しません。{reason}。何も作っていません。",
        "-o（--output）には、新しい名前か、前にこのコマンドで書き出したもの（ファイル・フォルダ）を指定してください。",
    ),
    "W-unknown-file": _w(
        "知らないファイル", "このファイルは読み込まれません。", "plan/ に置けるのは {known} です。"
    ),
    # Schema
    "E-unknown-key": _e("知らないキー", "知らないキー「{key}」があります。"),
    "E-missing-field": _e(
        "必須の項目がない", "{where}に必須の項目「{key}」がありません。", "{description}"
    ),
    "W-template-text": _w(
        "雛型の仮の値",
        "雛型の仮の値（{what}）が残っています: 「{found}」。",
        "自団体の値に書き換えてください。残したままでは公開できません（--strict）。",
    ),
    "W-folded-japanese": _w(
        "日本語の折り返し（>）",
        "「>」の複数行の文章は、行のつなぎ目に空白が入り、日本語の文が途中で区切られます。",
        "「>」を「|」に変えてください（改行はそのまま残ります）。",
    ),
    "E-empty": _e(
        "空の値",
        "{path} が空です。",
        "値を書いてください。書くことがなければ、この項目ごと消してください。",
    ),
    "E-wrong-type": _e("型の誤り", "{path} には{expected}を書いてください（{found} でした）。"),
    "E-impossible-date": _e(
        "暦にない日付",
        "{path} の日付 {found} は暦にありません（{why}）。",
        "日付を確かめてください（例: 2025-03-28）。",
    ),
    "E-invalid-value": _e("値の誤り", "{path}: {detail}。"),
    "E-invalid-value-choice": _e("選べない値", "{path} の値 {found} は使えません。"),
    "E-invalid-format": _e("形式の誤り", "{path} の値 {found} の形式が違います（{expected}）。"),
    "E-out-of-range": _e("範囲外の値", "{path} の値 {found} は範囲外です（{expected}）。"),
    "E-lg-code": _e(
        "地方公共団体コードの誤り",
        "{detail}。",
        "総務省の「全国地方公共団体コード」で6桁のコードを確認してください。",
    ),
    "E-lg-code-unknown": _e(
        "全国地方公共団体コードにないコード",
        "地方公共団体コード {lg_code} は全国地方公共団体コードにありません。",
        "`dataplan lg-code 団体名` でコードを調べられます。",
    ),
    "E-lg-code-other-body": _e(
        "ほかの団体の地方公共団体コード",
        "地方公共団体コード {lg_code} は{body}のコードです（{what}は「{written}」）。",
        "lg_code と{what}のどちらが正しいか確かめてください。",
    ),
    "W-lg-code-former-name": _w(
        "団体の旧名称",
        "「{written}」は地方公共団体コード {lg_code} の団体の {until} までの名称です（現在は「{name}」）。",
        "municipality を現在の名称「{name}」にしてください。",
    ),
    "E-lg-code-fictional-real": _e(
        "架空の計画に実在の団体のコード",
        "架空の団体の計画（fictional: true）ですが、地方公共団体コード {lg_code} は実在の{body}のコードです。",
        "実在のどの団体のコードでもない、検査数字の正しいコードにしてください。"
        "`dataplan lg-code 5桁` で検査数字を付けたコードと、使われていないかが分かります（例: dataplan lg-code 99999）。",
    ),
    "W-lg-code-placeholder": _w(
        "仮の地方公共団体コード",
        "地方公共団体コードが `dataplan init` の仮の値 {lg_code} のままです。",
        "`dataplan lg-code 団体名`（例: dataplan lg-code 浜松市）で自団体の6桁のコードを調べて lg_code に書いてください。"
        "団体名（municipality）と都道府県名（prefecture）がコードと合っているかも確かめます。仮の値のままでは公開できません（--strict）。",
    ),
    "E-unknown-pillar": _e("知らない柱", "{path} の柱 {found} はありません。"),
    "E-unknown-field": _e("知らない重点分野", "{path} の重点分野 {found} はありません。"),
    # Cross-references
    "E-duplicate-id": _e(
        "id の重複",
        "{kind}の id「{id}」が重複しています（最初は {first}）。",
        "どちらかの id を変えてください。",
    ),
    "E-reserved-id": _e(
        "ファイル名に使えない id",
        "{kind}の id「{id}」は{why}なので使えません。",
        "別の id にしてください。id はサイトのファイル名（measures/<id>.html など）になります。",
    ),
    "E-unknown-national-measure": _e(
        "知らない国の施策",
        "国の施策「{id}」は施策一覧にありません。",
        "`dataplan catalog` で id を確認してください。",
    ),
    "E-unknown-case-study": _e(
        "知らない事例",
        "事例集の施策「{id}」は施策一覧にありません。",
        "`dataplan catalog` で番号を確認してください。",
    ),
    "E-unknown-example": _e(
        "知らない記載例",
        "手引の記載例「{id}」は施策一覧にありません。",
        "`dataplan catalog` で id を確認してください。",
    ),
    "E-unknown-department": _e(
        "知らない部署", "部署「{id}」は plan/plan.yaml の departments にありません。"
    ),
    "E-unknown-group": _e(
        "知らない体系番号", "体系の番号「{id}」は plan/plan.yaml の groups にありません。"
    ),
    "W-number-outside-group": _w(
        "体系と合わない番号",
        "施策の番号 {number} は体系の番号 {group} の下にありません。",
        "番号は「{group}-1」のように体系の番号で始めてください。",
    ),
    "E-unknown-kpi": _e("知らない KPI", "KPI「{id}」はどの施策にも定義されていません。"),
    "E-relisted-own-kpi": _e(
        "自分の KPI の再掲", "KPI「{id}」はこの施策で定義されています。再掲には書けません。"
    ),
    "E-embedded-without-host": _e(
        "盛り込む先の計画がない",
        "pattern が embedded（パターン2）ですが、盛り込む先の計画名（embedded_in）がありません。",
        "embedded_in に既存の計画の名称を書くか、pattern を standalone にしてください。",
    ),
    "E-catalogue": _e("施策一覧ファイルの誤り", "施策一覧ファイル {path} を読めません: {detail}。"),
    "E-unknown-catalogue": _e(
        "知らないカタログ",
        "カタログ「{id}」はありません（使えるカタログ: {known}）。",
        "`dataplan catalog list` で同梱のカタログを確かめてください。県の計画などのファイルは"
        " plan/ に置き、plan/plan.yaml の catalogues に書きます。",
    ),
    "E-unknown-catalogue-entry": _e(
        "カタログにない項目",
        "「{ref}」は{catalogue}にない項目です。",
        "`dataplan catalog show {id}` で項目を確かめてください。",
    ),
    "E-catalogue-ref-format": _e(
        "カタログの項目の書き方の誤り",
        "「{ref}」はカタログの項目の書き方（カタログの id/項目、例: dx-2.3/3.1(1)）になっていません。",
        "{fix}",
    ),
    "W-catalogue-superseded": _w(
        "新しい版のあるカタログ",
        "{what}「{ref}」の{catalogue}には、同梱の新しい版{newer}があります。",
        "{fix}",
    ),
    # Period and dates
    "E-period-order": _e(
        "計画期間の順序", "計画期間の開始（{start}年度）が終了（{end}年度）より後です。"
    ),
    "E-before-period": _e("計画期間より前", "{what}の時期 {when} は計画期間 {period} より前です。"),
    "W-after-period": _w(
        "計画期間より後",
        "{what}の時期 {when} は計画期間 {period} の後です。",
        "計画期間を越える目標なら問題ありません。次期計画への引き継ぎを確認してください。",
    ),
    "E-baseline-after-target": _e(
        "基準値が目標より後",
        "KPI「{id}」の基準値の年度 {baseline} が目標の時期 {target} より後です。",
    ),
    "E-duplicate-target": _e("目標の重複", "KPI「{id}」の{when}の目標が2つあります。"),
    "W-target-pending-overdue": _w(
        "未設定の目標の期限切れ",
        "KPI「{id}」の目標設定の期限 {date} を過ぎています。",
        "目標値を targets に書いてください。",
    ),
    "E-revision-before-adoption": _e(
        "改定日が策定日より前", "改定日 {date} が策定日 {adopted} より前です。"
    ),
    "E-date-order": _e(
        "日付の順序の誤り",
        "{what}の終わり（{end}）が始まり（{start}）より前です。",
        "日付を確認してください。",
    ),
    # The plan's kind and structure
    "E-municipality-kind-level": _e(
        "団体の種類と合わない区分",
        "市町村の区分（municipality_kind: {kind}）は、団体の種類（level）が municipality のときだけ書けます"
        "（{level} でした）。",
        "都道府県・特別区の計画なら municipality_kind を消してください。",
    ),
    "W-basic-act-clause": _w(
        "団体の種類と合わない基本法の条項",
        "基本法{found}とありますが、{kind}の計画は第9条{expected}に基づきます。",
        "都道府県の計画は第9条第1項、市町村・特別区の計画は第9条第3項です。level と本文を確かめてください。",
    ),
    "W-rename-not-current": _w(
        "組織改正の記録と部署名の不一致",
        "部署「{id}」の最後の組織改正の新名「{new}」が、現在の名称「{name}」と違います。",
        "name を最新の名称にし、renames を古い順に書いてください。",
    ),
    "E-missing-pillar": _e(
        "柱がない施策",
        "施策「{id}」に柱（pillar）がありません。",
        "pillar を書くか、計画独自の体系で分類するなら plan/plan.yaml に"
        " classification: own_structure と書いてください。",
    ),
    "W-measure-without-group": _w(
        "体系にない施策",
        "施策「{id}」が計画独自の体系（group）に属していません。",
        "classification が own_structure の計画では、施策ごとに group を書いてください。",
    ),
    "E-missing-content": _e(
        "取組の内容がない",
        "施策「{id}」に取組の内容がありません（書かれていないか、空です）。",
        "content（内容）、overview（概要）、actions（具体的な取組）のどれかを書いてください。",
    ),
    "E-role-department-not-listed": _e(
        "担当部署にない部署の役割",
        "部署「{id}」の役割が書かれていますが、この施策の departments にありません。",
        "departments に加えるか、department_roles の部署を直してください。",
    ),
    # KPI values
    "E-kpi-no-target": _e(
        "目標がない KPI",
        "KPI「{id}」に目標がありません。",
        "targets（数値）、target_text（文章）、target_pending（未設定とその期限）のどれかを書いてください。",
    ),
    "E-kpi-value-kind": _e(
        "KPI の種類に合わない値",
        "KPI「{id}」の{what} {found} は{kind}の値として使えません: {why}。",
    ),
    "W-target-direction": _w(
        "方向と逆の目標",
        "KPI「{id}」の目標 {target}（{when}）は直前の値 {baseline} から見て方向（{direction}）と逆です。",
        "direction か目標値を確認してください。",
    ),
    "W-kpi-missing-unit": _w("単位がない KPI", "KPI「{id}」に単位（unit）がありません。"),
    # Measures and chapters
    "W-measure-without-kpi": _w(
        "KPI のない施策",
        "施策「{id}」に KPI がありません。",
        "手引は具体的な目標を定めることを原則としています。",
    ),
    "W-measure-without-schedule": _w(
        "スケジュールのない施策",
        "施策「{id}」にスケジュールがありません。",
        "手引は達成の時期を定めることを原則としています。schedule に時期ごとの取組を書いてください。"
        "計画書の KPI の表がスケジュールを兼ねる（「目標値又は実施スケジュール」）ときは、その KPI の"
        " target_label にそう書くか、段階の KPI（kind: milestone）に時期ごとの目標を書けば足ります。",
    ),
    "W-mark-without-reference": _w(
        "根拠のない ◎/○",
        "施策「{id}」は {mark} ですが、{needed}が書かれていません。",
        "◎ なら national_measures（手引の国の施策）か catalogue_entries（例: 自治体DX推進計画の項目"
        " dx-2.3/3.1(1)）、○ なら case_studies を書いてください。",
    ),
    "E-articles-out-of-range": _e(
        "基本法の条の範囲外", "基本法の条 {article} は第10〜19条の範囲外です。"
    ),
    "E-missing-contact": _e(
        "問い合わせ先がない",
        "問い合わせ先（contact）に電話・メール・URL のいずれもありません。",
        "手引は計画の公表に問い合わせ先を添えることを求めています。",
    ),
    "W-missing-pillar-policy": _w(
        "方針のない柱",
        "基本的な方針に柱「{pillar}」の方針がありません。",
        "5つの柱すべてに方針を書いてください。",
    ),
    "E-duplicate-pillar-policy": _e("柱の方針の重複", "柱「{pillar}」の方針が2つあります。"),
    "W-empty-text": _w("空の本文", "{what}が空です。", "公開前に本文を書いてください。"),
    "W-no-measures": _w(
        "施策がない",
        "measures/ に施策がありません。",
        "measures/ に施策ごとのファイル（例: measures/m-1-01.yaml）を置いてください。"
        "書き方はガイドの「ファイルとキー」、手引の記載例は `dataplan catalog` で確かめられます。",
    ),
    "W-personal-info-without-register": _w(
        "個人情報の事務目録がない",
        "施策「{id}」のワークシートは個人情報を扱いますが、個人情報取扱事務目録の記載がありません。",
    ),
    "E-beyond-purpose-without-clause": _e(
        "目的外利用の根拠がない",
        "施策「{id}」のワークシートは目的外利用ですが、根拠条項（clause）がありません。",
    ),
    # KPI actuals (kpi/)
    "E-csv-header": _e(
        "表の見出し行の誤り",
        "見出し行に列「{missing}」がありません。",
        "1行目は {expected} にしてください（`dataplan kpi import` が読める形式）。",
    ),
    "E-csv-row": _e(
        "列の数が多い行",
        "この行には {count} 列あります（見出しは {expected} 列）。",
        '値の中のカンマは "…" で囲んでください。',
    ),
    "E-csv-field-too-long": _e(
        "長すぎる欄",
        "この行から始まる欄が長すぎて読めません（1つの欄は {limit} 文字まで）。",
        '閉じていない引用符（"）がないか確かめてください。実績の説明は 32,767 文字（Excel の1セルの上限）までにしてください。',
    ),
    "E-csv-syntax": _e(
        "CSV の書き方の誤り",
        "CSV として読めません: {detail}。この行から後は読んでいません。",
        '値の中の引用符は "" と2つ重ね、値全体を "…" で囲んでください。',
    ),
    "E-kpi-busy": _e(
        "ほかの記録・取り込みが実行中",
        "ほかの `dataplan kpi record` か `kpi import` が kpi/ に書き込み中のため、待ちましたが書き込めませんでした。",
        "少し待ってからもう一度実行してください。何も書き込んでいません。",
    ),
    "E-kpi-journal": _e(
        "途中で止まった書き込みを復旧できない",
        "前回途中で止まった書き込みの記録（kpi/.journal）を復旧できません（{reason}）。",
        "kpi/ に書き込めるか確かめてください。kpi/.journal を作ったのが dataplan でなければ、"
        "git で kpi/actuals.csv と kpi/history.csv を確かめてから kpi/.journal を消してください。",
    ),
    "E-text-too-long": _e(
        "長すぎる文章",
        "{what}が {length:,} 文字あります（上限 {limit:,} 文字。Excel の1セルに入る長さ）。",
        "要点を短く書き、詳しい説明は kpi/notes/ の PDCA 記録か別の資料に書いてください。",
    ),
    # KPI actuals and PDCA notes: checks of kpi/ (generator/validate/kpi_records.py)
    "E-quarter-format": _e(
        "四半期の形式の誤り",
        "四半期「{found}」の形式が違います。",
        "「2025Q2」（2025年度第2四半期）の形で書いてください。Q1 は4〜6月、Q4 は翌年1〜3月です。",
    ),
    "E-duplicate-actual": _e(
        "実績の重複",
        "KPI「{id}」の {quarter} の実績が2行あります（最初は {first} 行目）。",
        "1行にまとめてください。前の値を残すときは `dataplan kpi record {id} {quarter} 値 --replace` で"
        "履歴（kpi/history.csv）に移せます。",
    ),
    "E-record-exists": _e(
        "記録済みの実績",
        "KPI「{id}」の {quarter} にはすでに実績 {value} があります{who}。",
        "置き換えるときは --replace を付けてください（前の値は kpi/history.csv に残ります）。",
    ),
    "E-actual-empty": _e(
        "値も説明もない実績",
        "KPI「{id}」の {quarter} の実績に値も説明（note）もありません。",
        "値を書くか、数値で表せない実績なら note に文章で書いてください。",
    ),
    "W-future-quarter": _w(
        "まだ始まっていない四半期",
        "{what}の時期 {quarter} はまだ始まっていません（今日は {today}）。",
        "四半期を確認してください（Q1 は4〜6月、Q4 は翌年1〜3月）。",
    ),
    "E-grade-period": _e(
        "評価の時期の誤り",
        "評価の時期「{found}」の形式が違います。",
        "年度（2025）か四半期（2025Q4）で書いてください。",
    ),
    "E-grade-empty": _e(
        "評価が空",
        "KPI「{id}」の {period} の評価（grade）が空です。",
        "評価を書くか、その行を消してください。",
    ),
    "E-duplicate-grade": _e(
        "評価の重複",
        "KPI「{id}」の {period} の評価が2つあります（最初は {first} 行目）。",
        "どちらか一方を消してください。",
    ),
    "E-unknown-grade": _e(
        "定めていない評価",
        "評価「{found}」は plan/plan.yaml の evaluation.grades にありません。",
        "使える評価: {known}",
    ),
    "E-recorded-at-future": _e(
        "未来の記録日",
        "記録日 {date} は今日（{today}）より後です。",
        "--recorded-at には実際に記録した日（今日以前）を書いてください。",
    ),
    "E-unknown-measure": _e("知らない施策", "施策「{id}」は measures/ にありません。"),
    "E-notes-file-name": _e(
        "PDCA 記録のファイル名の誤り",
        "ファイル名「{name}」は四半期の形になっていません。",
        "kpi/notes/ のファイルは四半期ごとに「2025Q2.yaml」のような名前にしてください。",
    ),
    "E-notes-quarter-mismatch": _e(
        "PDCA 記録の四半期とファイル名の不一致",
        "quarter の値 {found} がファイル名の四半期 {expected} と違います。",
        "ファイル名か quarter のどちらかを直してください。",
    ),
    # KPI import from Excel and CSV (F13): cells are shown as file.xlsx!シート!K7, CSV as file.csv:line:column
    "E-import-file-type": _e(
        "読めない種類のファイル",
        "{name} は読めない種類のファイルです（読めるのは .xlsx と .csv）。",
        "Excel の「名前を付けて保存」で「Excel ブック（*.xlsx）」か「CSV UTF-8（コンマ区切り）」を選んで保存し直してください。",
    ),
    "E-import-encoding": _e(
        "CSV の文字コードを判別できない",
        "UTF-8 としても Shift_JIS としても読めないバイト {byte} があります。",
        "Excel で「CSV UTF-8（コンマ区切り）」を選んで保存し直してください。",
    ),
    "E-import-too-large": _e(
        "展開すると大きすぎるブック",
        "ブックを展開すると大きすぎるため読みません（{detail}）。",
        "実績の記入用ブックはふつう 1 MB もありません。不要なシートや画像を消すか、"
        "`dataplan kpi template` で作り直したブックに記入してください。",
    ),
    "W-import-hidden-sheet": _w(
        "非表示のシート",
        "非表示のシート「{sheet}」は読みません。",
        "取り込むシートなら、Excel でシートを再表示してから保存してください。",
    ),
    "E-import-formula": _e(
        "計算結果のない数式",
        "セルが数式（{formula}）で、計算結果が保存されていません。",
        "Excel で開いて再計算してから保存するか、数式の代わりに値を入力してください。",
    ),
    "E-import-no-table": _e(
        "実績の表が見つからない",
        "KPI の実績の表が見つかりません（最初の{rows}行に見出し行がありません）。",
        "`dataplan kpi template` で作った記入用ファイルか、見出しが kpi_id,quarter,value（KPI ID・四半期・実績値）の表を使ってください。",
    ),
    "E-import-columns": _e(
        "見出し行に必要な列がない",
        "見出し行に「{missing}」の列がありません。",
        "使える見出し: {accepted}。",
    ),
    "E-import-no-kpi-id": _e(
        "KPI ID が空の行",
        "実績値かコメントがあるのに KPI ID が空です。",
        "KPI ID を書くか、この行を消してください。",
    ),
    "E-import-unknown-kpi": _e("計画にない KPI", "KPI「{id}」はこの計画にありません。"),
    "E-import-quarter": _e("四半期を読めない", "{detail}。"),
    "E-import-value": _e(
        "実績値を読めない",
        "KPI「{id}」（{name}）の実績値: {detail}。",
    ),
    "E-import-date": _e("記入日を読めない", "{detail}。", "空欄にすると取り込んだ日時が入ります。"),
    "E-import-duplicate": _e(
        "同じ KPI・四半期の食い違う行",
        "KPI「{id}」の {quarter} の実績が取り込むファイルの中に2回あり、内容が違います（もう一方は {other}）。",
        "どちらか一方を消してください。この KPI・四半期はどちらも取り込んでいません。",
    ),
    "E-import-conflict": _e(
        "記録済みの実績と違う値",
        "KPI「{id}」の {quarter} には実績 {old} が記録済みです（取り込もうとした値は {new}）。",
        "新しい値で置き換えるなら --replace を付けてください（前の値は kpi/history.csv に残ります）。",
    ),
    # A prefecture's plan listing its municipalities (plan.yaml municipalities)
    "E-municipalities-not-prefecture": _e(
        "都道府県の計画でない市区町村の一覧",
        "市区町村の一覧（municipalities）は、都道府県の計画（level: prefecture）に書きます。",
        "この計画の団体の種類は {level} です。市区町村の計画なら municipalities と municipal_aggregate を消してください。",
    ),
    "E-municipality-unknown": _e(
        "市区町村でない地方公共団体コード",
        "municipalities の地方公共団体コード {lg_code}{what}は、全国地方公共団体コードの市区町村にありません。",
    ),
    "E-municipality-other-prefecture": _e(
        "ほかの都道府県の市区町村",
        "municipalities の {lg_code}（{body}）は{prefecture}の市区町村ではありません（コードの上2桁が違います）。",
        "県内の市区町村だけを書きます。`dataplan lg-code 団体名` でコードを確かめてください。",
    ),
    "E-municipality-duplicate": _e(
        "市区町村の重複",
        "municipalities に地方公共団体コード {lg_code} が2回あります。",
        "どちらか一方を消してください。",
    ),
    "W-municipal-aggregate-missing": _w(
        "市区町村の集計を読めない",
        "municipal_aggregate のフォルダ {path} の集計を読めません（{reason}）。",
        "`dataplan aggregate 市区町村の一覧.yaml -o {path}` で作ります。それまでサイトの「県内市町村の計画」には、市区町村の一覧とサイトへのリンクだけを載せます。",
    ),
    # Aggregating many plans (dataplan aggregate)
    "E-manifest-not-list": _e(
        "集計の一覧がリストでない",
        "集計する計画の一覧は、計画ごとに「- 」で始まる項目を並べたリストで書きます（{found} でした）。",
        '例: `- lg_code: "221309"` の次の行に `  path: plans/hamamatsu`。書き方は利用の手引の「多くの計画の集計」にあります。',
    ),
    "E-aggregate-source": _e(
        "集計する計画を読めない",
        "{source} の計画を読めません（{reason}）。",
        "一覧（manifest）の path・repository・revision を確かめてください。この計画は集計に入っていません。",
    ),
    "E-aggregate-lg-code": _e(
        "一覧と計画の地方公共団体コードの違い",
        "{source} の計画の地方公共団体コードは {found} で、集計の一覧の {expected} と違います。",
        "一覧（manifest）の lg_code と計画の plan/plan.yaml の lg_code のどちらが正しいか確かめてください。",
    ),
    "E-aggregate-duplicate": _e(
        "同じ計画の重複",
        "{source} の計画（{lg_code}、計画ID {plan_id}、版 {revision}）は {other} から読んだ計画と同じです。",
        "同じ計画を2回読まないように、集計の一覧から一方を消してください。",
    ),
}


def codes_by_severity(severity: str) -> list[str]:
    return [code for code, spec in PROBLEM_CODES.items() if spec.severity == severity]
