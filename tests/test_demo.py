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
        store.people.add(Practitioner(id="sue", display_name="Sue", roles=[Role.supervisor]))
        group = store.sessions.add_supervision_group(
            SupervisionGroup(name="Tuesday", member_ids=("sue", DEMO_PRACTITIONER))
        )
        theirs = store.sessions.open(group.id, DEMO_PRACTITIONER)
        store.sessions.add_post(theirs.id, DEMO_PRACTITIONER, "Her smile")
        store.sessions.end(theirs.id, DEMO_PRACTITIONER)
        kept = store.sessions.open(group.id, "sue")
        store.sessions.join(kept.code, DEMO_PRACTITIONER)
        store.sessions.add_post(kept.id, DEMO_PRACTITIONER, "Her smile again")
        store.sessions.add_post(kept.id, "sue", "His gaze")

    assert fill_demo(data, reset=True, out=io.StringIO())

    with Store.open(data) as store:
        texts = [post.text for post in store.sessions.posts(kept.id)]
        assert "His gaze" in texts
        assert not any("Her smile" in text for text in texts)
        assert [s.id for s in store.sessions.list("sue")] == [kept.id]
        assert ["sue"] == list(store.sessions.get_supervision_group(group.id).member_ids)
        assert DEMO_PRACTITIONER in {p.id for p in store.people.list()}
