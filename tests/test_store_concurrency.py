"""Twenty writers at once, each with its own connection, on SQLite and on PostgreSQL: the board
misses no post, limits hold, and first saves and joins never fail on a duplicate key."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest

from vigkit.core.errors import VigkitError
from vigkit.core.records import Case, Draft, HelpingQuestion, Practitioner, Role
from vigkit.core.supervisionrecords import PostKind, SupervisionGroup
from vigkit.store import Store
from vigkit.store.cases import MAX_HELPING_QUESTIONS

pytestmark = pytest.mark.both_databases

WRITERS = 20
T = TypeVar("T")


def _at_once(url: str, count: int, work: Callable[[Store, int], T]) -> list[T | BaseException]:
    """Run ``work(store, i)`` in ``count`` threads, each on its own store, released together."""
    start = threading.Barrier(count)

    def one(i: int) -> T | BaseException:
        with Store.open(url=url) as store:
            start.wait()
            try:
                return work(store, i)
            except VigkitError as err:
                return err

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def _people(store: Store, count: int) -> list[str]:
    store.people.add(Practitioner(id="sue", display_name="Sue", roles=[Role.supervisor]))
    names = [f"p{i:02}" for i in range(count)]
    for name in names:
        store.people.add(Practitioner(id=name, display_name=name, roles=[Role.trainee]))
    return names


def test_the_board_misses_no_post_under_twenty_writers(store: Store, store_url: str) -> None:
    """A page reading "posts after the last one I have" while 20 people post sees every post
    exactly once, although their transactions commit in any order."""
    names = _people(store, WRITERS)
    group = store.sessions.add_supervision_group(
        SupervisionGroup(name="G", member_ids=["sue", *names])
    )
    session = store.sessions.open(group.id or 0, "sue")
    for name in names:
        store.sessions.join(session.code, name)
    per_writer = 15
    seen: list[int] = []
    done = threading.Event()

    def read() -> None:
        with Store.open(url=store_url) as reader:
            while True:
                finished = done.is_set()
                after = seen[-1] if seen else 0
                seen.extend(p.id or 0 for p in reader.sessions.poll(session.id or 0, after).posts)
                if finished:
                    return

    def post(writer: Store, i: int) -> int:
        for n in range(per_writer):
            writer.sessions.add_post(session.id or 0, names[i], f"{names[i]} says {n}")
        return per_writer

    reader = threading.Thread(target=read)
    reader.start()
    try:
        assert [per_writer] * WRITERS == _at_once(store_url, WRITERS, post)
    finally:
        done.set()
        reader.join()
    everything = [p.id for p in store.sessions.posts(session.id or 0, 0, 10_000)]
    said = [p for p in store.sessions.posts(session.id or 0, 0, 10_000) if p.kind == PostKind.post]
    assert WRITERS * per_writer == len(said)
    assert everything == seen  # none missed, none twice, in the board's order


def test_the_limit_of_three_helping_questions_holds_for_twenty_at_once(
    store: Store, store_url: str
) -> None:
    """Twenty pages adding a helping question to one case at once: three are kept, the others
    are refused in plain words."""
    store.people.add(Practitioner(id="jo", display_name="Jo"))
    store.cases.add(Case(code="F017", practitioner_id="jo"))

    def add(writer: Store, i: int) -> HelpingQuestion:
        return writer.cases.save_helping_question(
            HelpingQuestion(case_code="F017", position=1, words=f"How can I {i}?")
        )

    results = _at_once(store_url, WRITERS, add)
    refused = [r for r in results if isinstance(r, VigkitError)]
    assert len(store.cases.list_helping_questions("F017")) == MAX_HELPING_QUESTIONS
    assert len(refused) == WRITERS - MAX_HELPING_QUESTIONS
    assert {r.key for r in refused} == {"error.case.three_questions"}


def test_first_draft_saves_and_joins_at_once_never_conflict(store: Store, store_url: str) -> None:
    """Twenty first saves of one draft, and twenty joins by one person (two tabs, a reload),
    all succeed: one draft, one attendance, one "joined" line."""
    names = _people(store, 2)
    group = store.sessions.add_supervision_group(
        SupervisionGroup(name="G", member_ids=["sue", *names])
    )
    session = store.sessions.open(group.id or 0, "sue")

    def save(writer: Store, i: int) -> str:
        draft = Draft(key="d1", template_id="t", template_version="1", author_id="p00")
        writer.reflections.save_draft(draft.model_copy(update={"answers": {"i": i}}))
        return "saved"

    def join(writer: Store, i: int) -> str:
        writer.sessions.join(session.code, "p01")
        return "joined"

    assert ["saved"] * WRITERS == _at_once(store_url, WRITERS, save)
    assert ["joined"] * WRITERS == _at_once(store_url, WRITERS, join)
    assert 1 == store.counts()["drafts"]
    poll = store.sessions.poll(session.id or 0)
    joined = [p for p in poll.posts if p.kind == PostKind.joined and p.author_id == "p01"]
    assert 1 == len(joined)
