"""A plan's rows never move to another plan by being saved with the same ids."""

from dataclasses import replace

import pytest

from desktop_app.domain.ids import PlanId, new_id
from desktop_app.storage.errors import StorageError
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id


def test_saving_a_plan_with_another_plan_s_task_ids_is_refused(samples: Workspace) -> None:
    original = samples.plans.get(sample_plan_id(samples, "kon_tum"))
    thief = replace(original, id=PlanId(new_id()), title="Bản chép sai")
    with pytest.raises(StorageError, match="Dữ liệu chưa bị thay đổi"):
        samples.plans.save(thief)
    assert samples.plans.get(original.id) == original
