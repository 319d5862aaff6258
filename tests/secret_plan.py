"""The example city with the hand-written secrets of tests/fixtures/secrets.yaml placed in it.

The leak tests search every public output for these tokens, so their list never
comes from the code under test: a text that leaks cannot drop off it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import EXAMPLE, copy_plan
from early_builds import Background, Command
from ruamel.yaml import YAML

SECRETS = Path(__file__).parent / "fixtures" / "secrets.yaml"
NOT_IN_THE_PLAN = "kpi/notes/"  # PDCA notes: in the progress pages and reports, not the plan's PDF
# The internal build's PDF is drawn without charts (no browser for kaleido), as it would be
# on a machine without one: the positive control needs its texts, and a chart holds none
# that the site's own charts (searched in the public build) do not.
NO_BROWSER = "/nonexistent/chromium"


@dataclass(frozen=True)
class Secret:
    token: str  # 秘 and two digits
    file: str  # where it is placed, relative to the plan folder
    at: str  # keys and list positions, "." between them

    @property
    def in_the_plan_document(self) -> bool:
        """The plan's own text (site pages, PDF), not a quarter's PDCA note."""
        return not self.file.startswith(NOT_IN_THE_PLAN)

    def __str__(self) -> str:
        return f"{self.token} ({self.file}: {self.at})"


def read_placements() -> list[dict[str, Any]]:
    return YAML(typ="safe").load(SECRETS.read_text(encoding="utf-8"))


def secrets() -> list[Secret]:
    return [Secret(entry["token"], entry["file"], entry["at"]) for entry in read_placements()]


def write_secret_plan(target: Path) -> Path:
    """A copy of the example city in `target` with every secret placed; return `target`."""
    copy_plan(EXAMPLE, target)
    yaml = YAML()
    yaml.width = 4096
    placements = read_placements()
    for file in dict.fromkeys(entry["file"] for entry in placements):
        path = target / file
        data = yaml.load(path.read_text(encoding="utf-8"))
        for entry in placements:
            if entry["file"] == file and "value" in entry:
                _place(data, entry["at"].split("."), entry["value"])
        with path.open("w", encoding="utf-8") as stream:
            yaml.dump(data, stream)
        for entry in placements:  # every token is where the list says it is
            if entry["file"] == file:
                found = _find(data, entry["at"].replace("+", "-1").split("."))
                assert entry["token"] in str(found), entry
    return target


def _place(data: Any, keys: list[str], value: Any) -> None:
    node = data
    for key, following in zip(keys, keys[1:], strict=False):
        if isinstance(node, list):
            node = node[int(key)]
        else:
            if node.get(key) is None:
                node[key] = [] if following == "+" else {}
            node = node[key]
    last = keys[-1]
    if last == "+":
        node.append(value)
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def _find(data: Any, keys: list[str]) -> Any:
    node = data
    for key in keys:
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


class SecretBuilds(Background):
    """The secret plan in `work`/plan, and the public and the internal site `dataplan build`
    makes of it (each with its PDF; the internal one's without charts, see NO_BROWSER),
    built in the background."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.plan = write_secret_plan(work / "plan")
        plan = str(self.plan)
        super().__init__(
            {
                "public": Command(["build", plan, "--out", str(work / "public")]),
                "internal": Command(
                    ["build", plan, "--internal", "--out", str(work / "internal")],
                    env={"BROWSER_PATH": NO_BROWSER},
                ),
            }
        )

    def site(self, edition: str) -> Path:
        """The built site of `edition` (public or internal), once its build has finished."""
        self.result(edition)
        return self.work / edition
