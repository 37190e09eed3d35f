"""One agenda algorithm: the planner's JavaScript (docs/assets/tools-core.js) gives exactly what the build's
Python gives (handbook/domain/agenda.py, handbook/domain/exports.py) for generated requests, errors included."""

from __future__ import annotations

import dataclasses
import json
import random
import shutil
import subprocess
from pathlib import Path

from conftest import missing_tool
from handbook.domain.agenda import MEETING_TYPES, AgendaError, build_agenda, live_steps, type_preparation
from handbook.domain.exports import agenda_markdown, agenda_text, planner_data

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "docs" / "assets" / "tools-core.js"
NODE = shutil.which("node") or shutil.which("nodejs")
RUNNER = """
const tools = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = input.requests.map((request) => {
  try {
    const agenda = tools.buildAgenda(input.data, request);
    return {agenda: agenda, text: tools.agendaText(input.data, agenda),
            markdown: tools.agendaMarkdown(input.data, agenda)};
  } catch (error) {
    if (!(error instanceof tools.AgendaError)) throw error;
    return {error: error.message};
  }
});
process.stdout.write(JSON.stringify(out));
"""


def requests(handbook, count: int, seed: int = 15) -> list[dict]:
    """Generated planner requests: every meeting type, with and without playbooks, odd lengths and clocks,
    and some that must fail."""
    rng = random.Random(seed)
    departments, playbooks = list(handbook.departments), [None, *handbook.playbooks]
    made = []
    for n in range(count):
        chosen = rng.sample(departments, rng.randint(1, len(departments)))
        if n % 9 == 0:
            chosen = chosen + chosen[:1]  # a repeated department counts once
        made.append({"type": rng.choice(list(MEETING_TYPES)), "departments": chosen,
                     "minutes": rng.choice([rng.randint(10, 240), rng.randint(30, 75)]),
                     "playbook": rng.choice(playbooks),
                     "start": f"{rng.randint(0, 23):02d}:{rng.choice([0, 5, 15, 30, 45, 55]):02d}",
                     "title": rng.choice([None, None, "週會 #3 - 活動日前.確認"])})
    made += [{"type": "kickoff", "departments": ["sales"], "minutes": 20, "playbook": None, "start": "09:00",
              "title": None},
             {"type": "sync", "departments": [], "minutes": 30, "playbook": None, "start": "09:00", "title": None},
             {"type": "sync", "departments": ["sales"], "minutes": 30, "playbook": None, "start": "25:00",
              "title": None}]
    return made


def python_result(handbook, request: dict) -> dict:
    """What the build computes for a request, in the JavaScript's shape."""
    playbook = handbook.playbooks[request["playbook"]] if request["playbook"] else None
    try:
        agenda = build_agenda(handbook, request["type"], request["departments"], request["minutes"], playbook,
                              request["start"], request["title"])
    except AgendaError as error:
        return {"error": str(error)}
    shape = {"title": agenda.title, "meetingType": agenda.meeting_type, "start": agenda.start, "end": agenda.end,
             "minutes": agenda.minutes, "departments": list(agenda.departments),
             "items": [{"start": i.start, "minutes": i.minutes, "title": i.title, "owner": i.owner}
                       for i in agenda.items],
             "decisions": list(agenda.decisions),
             "preparation": [[d, list(tasks)] for d, tasks in agenda.preparation.items()],
             "outside": [{"text": w.text, "minutes": w.minutes, "owner": w.owner} for w in agenda.outside]}
    return {"agenda": shape, "text": agenda_text(handbook, agenda), "markdown": agenda_markdown(handbook, agenda)}


def javascript_results(data: dict, made: list[dict]) -> list[dict]:
    """What the planner computes for the same requests, run under node."""
    if not NODE:
        missing_tool("no Node.js: apt-get install nodejs (Debian), for the planner's parity test")
    result = subprocess.run([NODE, "-e", RUNNER, str(CORE)], input=json.dumps({"data": data, "requests": made}),
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_planner_and_build_give_identical_agendas(handbook):
    made = requests(handbook, 120)
    data = json.loads(json.dumps(planner_data(handbook), ensure_ascii=False))
    expected = [python_result(handbook, r) for r in made]
    got = javascript_results(data, made)
    assert sum("agenda" in e for e in expected) >= 50  # enough real agendas, not just refusals
    assert sum("error" in e for e in expected) >= 3
    for request, want, have in zip(made, expected, got):
        assert have == want, request


def test_playbook_agendas_use_the_steps_minutes_exactly(handbook):
    for playbook in handbook.playbooks.values():
        meeting = playbook.meeting
        agenda = build_agenda(handbook, meeting.type, list(playbook.departments), meeting.minutes, playbook)
        live = live_steps(playbook)  # the meeting's run of live steps (the event day's 晨會 is another meeting)
        assert [(i.title, i.minutes) for i in agenda.items[:len(live)]] == [(s.text, s.minutes) for s in live]
        assert sum(i.minutes for i in agenda.items) == agenda.minutes >= sum(s.minutes for s in live)
        assert [w.text for w in agenda.outside] == [s.text for s in playbook.steps if s.mode == "async"]


def preparation_requests(handbook, seed: int = 16) -> list[dict]:
    """Every playbook under every meeting type, its meeting's departments plus one from outside the play, in a
    shuffled order; and every meeting type without a playbook."""
    rng = random.Random(seed)
    made = []
    for slug, playbook in handbook.playbooks.items():
        attending = list(playbook.meeting.departments or playbook.departments)
        outsiders = [d for d in handbook.departments if d not in attending]
        for meeting_type in MEETING_TYPES:
            chosen = attending + rng.sample(outsiders, 1 if outsiders else 0)
            rng.shuffle(chosen)
            made.append({"type": meeting_type, "departments": chosen, "minutes": 240, "playbook": slug,
                         "start": "09:00", "title": None})
    for meeting_type in MEETING_TYPES:
        made.append({"type": meeting_type, "departments": list(handbook.departments), "minutes": 240,
                     "playbook": None, "start": "09:00", "title": None})
    return made


def test_planner_and_build_prepare_each_department_alike(handbook):
    """會前準備 is one algorithm: the planner gives each department what the build gives it, whether it comes
    from the playbook (its steps before the meeting, its prepare lines) or from the meeting's kind."""
    made = preparation_requests(handbook)
    data = json.loads(json.dumps(planner_data(handbook), ensure_ascii=False))
    expected = [python_result(handbook, r) for r in made]
    got = javascript_results(data, made)
    assert sum(bool(r["playbook"]) for r in made) >= 50 and all("agenda" in e for e in expected)
    generic = {(t, d): type_preparation(MEETING_TYPES[t], handbook.departments[d])
               for t in MEETING_TYPES for d in handbook.departments}
    sources = [tuple(lines) == generic[(r["type"], d)]
               for r, e in zip(made, expected) if r["playbook"] for d, lines in e["agenda"]["preparation"]]
    assert sources.count(False) >= 50 and sources.count(True) >= 50  # from the play, and from the meeting's kind
    for request, want, have in zip(made, expected, got):
        assert have["agenda"]["preparation"] == want["agenda"]["preparation"], request
        assert have["text"] == want["text"] and have["markdown"] == want["markdown"], request


def test_a_department_name_with_replacement_patterns_is_written_as_is(handbook):
    """`$&` or `$1` in a name is text, not a pattern for String.replace (an editor may write any name)."""
    odd = dataclasses.replace(handbook, departments={
        **handbook.departments, "sales": handbook.departments["sales"].model_copy(update={"name": "銷售$&部$1"})})
    made = [{"type": kind, "departments": ["sales", "finance"], "minutes": 60, "playbook": None, "start": "09:00",
             "title": None} for kind in MEETING_TYPES]
    data = json.loads(json.dumps(planner_data(odd), ensure_ascii=False))
    got = javascript_results(data, made)
    assert [g["agenda"]["items"] for g in got] == [python_result(odd, r)["agenda"]["items"] for r in made]
    assert any("銷售$&部$1" in item["title"] for g in got for item in g["agenda"]["items"])
