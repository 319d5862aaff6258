"""plan.yaml's 地方公共団体コード against the shipped code list, located at the field concerned."""

from __future__ import annotations

from generator.load import YamlDocument
from generator.model import PlanMeta
from generator.model.plan import Level
from generator.municipalities import lg_code_verdicts, listed_municipality_verdicts
from generator.problems import Problem, make_problem


def lg_code_problems(meta: PlanMeta, meta_doc: YamlDocument | None) -> list[Problem]:
    """Unknown code, another body's code or name, a former name, a real code in a fictional plan."""
    if meta_doc is None:
        return []
    problems = []
    for verdict in lg_code_verdicts(
        meta.lg_code, meta.municipality, meta.prefecture, fictional=meta.fictional
    ):
        line, column = meta_doc.position((verdict.field,))
        problems.append(
            make_problem(
                verdict.code,
                meta_doc.display_path,
                line,
                column,
                hint=verdict.hint,
                **verdict.values,
            )
        )
    return problems


def municipality_problems(meta: PlanMeta, meta_doc: YamlDocument | None) -> list[Problem]:
    """The municipalities a prefecture's plan lists, against the code list, located in plan.yaml."""
    if meta_doc is None or not meta.municipalities:
        return []
    shown = meta_doc.display_path
    if meta.level is not Level.PREFECTURE:
        line, column = meta_doc.position(("municipalities",), key=True)
        return [
            make_problem(
                "E-municipalities-not-prefecture", shown, line, column, level=meta.level.value
            )
        ]
    listed = [(item.lg_code, item.name) for item in meta.municipalities]
    problems = []
    for index, verdict in listed_municipality_verdicts(
        meta.lg_code, meta.prefecture, listed, fictional=meta.fictional
    ):
        line, column = meta_doc.position(("municipalities", index, verdict.field))
        problems.append(
            make_problem(verdict.code, shown, line, column, hint=verdict.hint, **verdict.values)
        )
    return problems
