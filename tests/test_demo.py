"""`vigkit demo --reset` once the demo practitioner has joined live supervision."""

from __future__ import annotations

import io

from vigkit.core.records import Practitioner, Role
from vigkit.core.supervisionrecords import SupervisionGroup
from vigkit.demo.caseload import DEMO_PRACTITIONER, fill_demo
from vigkit.store import Store


def test_reset_works_after_the_demo_guider_joined_a_supervision_group(tmp_path) -> None:
    """Memberships, posts and the sessions they led go; others' sessions and posts stay."""
    data = tmp_path / "data"
    fill_demo(data, out=io.StringIO())
    with Store.open(data) as store:
        store.add_practitioner(Practitioner(id="sue", display_name="Sue", roles=[Role.supervisor]))
        group = store.add_supervision_group(
            SupervisionGroup(name="Tuesday", member_ids=("sue", DEMO_PRACTITIONER))
        )
        theirs = store.open_live_session(group.id, DEMO_PRACTITIONER)
        store.add_session_post(theirs.id, DEMO_PRACTITIONER, "Her smile")
        store.end_live_session(theirs.id, DEMO_PRACTITIONER)
        kept = store.open_live_session(group.id, "sue")
        store.join_live_session(kept.code, DEMO_PRACTITIONER)
        store.add_session_post(kept.id, DEMO_PRACTITIONER, "Her smile again")
        store.add_session_post(kept.id, "sue", "His gaze")

    assert fill_demo(data, reset=True, out=io.StringIO())

    with Store.open(data) as store:
        texts = [post.text for post in store.session_posts(kept.id)]
        assert "His gaze" in texts
        assert not any("Her smile" in text for text in texts)
        assert [s.id for s in store.list_live_sessions("sue")] == [kept.id]
        assert ["sue"] == list(store.get_supervision_group(group.id).member_ids)
        assert DEMO_PRACTITIONER in {p.id for p in store.list_practitioners()}
