import json

from desktop_app.exports.plan_json import plan_to_json
from desktop_app.imports.plan_json import plan_from_json
from desktop_app.workspace import Workspace


def test_plan_json_round_trips_through_the_reader(samples: Workspace) -> None:
    for summary in samples.plans.summaries():
        plan = samples.plans.get(summary.id)
        data = json.loads(json.dumps(plan_to_json(plan), ensure_ascii=False))
        again = samples.directory.resolve_references(plan_from_json(data, plan.id))
        assert again.title == plan.title
        assert again.sections == plan.sections
        assert [t.deadline for t in again.tasks] == [t.deadline for t in plan.tasks]
        assert [t.lead for t in again.tasks] == [t.lead for t in plan.tasks]
        assert again.assignments == plan.assignments
        assert again.recipients == plan.recipients
        assert again.signature == plan.signature


def test_json_has_the_fields_design_promises(samples: Workspace) -> None:
    data = plan_to_json(samples.plans.get(samples.plans.summaries()[0].id))
    for key in (
        "id",
        "system",
        "issuer",
        "number",
        "symbol",
        "place",
        "date",
        "doc_type",
        "title",
        "bases",
        "sections",
        "tasks",
        "events",
        "assignments",
        "recipients",
        "signature",
        "findings",
    ):
        assert key in data
