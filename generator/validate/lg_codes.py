"""plan.yaml's 地方公共団体コード against the shipped code list, located at the field concerned."""

from __future__ import annotations

from generator.load import YamlDocument
from generator.model import PlanMeta
from generator.municipalities import lg_code_verdicts
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
