"""The errors' words (vigkit/words/errors.py): what the store, the media layer, the records
and the pages refuse is said in the practitioner's language, English staying as it was."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest
from pagetext import visible
from pydantic import BaseModel, ValidationError

import vigkit
from vigkit.core import filmpeople, records, supervisionrecords
from vigkit.core.errors import (
    CaseNotFound,
    MediaError,
    Phrase,
    RecordNotFound,
    StoreError,
    TemplateNotFound,
    VigkitError,
)
from vigkit.core.records import Case, Clip, problems
from vigkit.core.supervisionrecords import SessionPost, Supervision
from vigkit.i18n.interface import ENGLISH, Interface
from vigkit.i18n.words import PARTS
from vigkit.i18n.words.errors import WORDS
from vigkit.media.films import probe
from vigkit.store import Store
from vigkit.store.supervision import RecordLocked
from vigkit.templates.languages import PSEUDO
from vigkit.ui import pages
from vigkit.ui.pages import case as casepage
from vigkit.ui.runtime import workbook

QPS = Interface(PSEUDO)
PACKAGE = Path(vigkit.__file__).parent


def _source() -> str:
    """Every module of the package but the errors' own words."""
    words = PACKAGE / "words" / "errors.py"
    return "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py") if p != words)


def test_the_errors_words_are_a_part_with_their_own_keys() -> None:
    assert "errors" in PARTS
    assert WORDS and all(key.startswith("error.") for key in WORDS)
    assert all(ENGLISH[key] == text for key, text in WORDS.items())


def test_every_key_is_used() -> None:
    """Each key is named in the package, or is of a family built from a name: a record's
    kind (RecordNotFound) or a record's field (problems)."""
    source = _source()
    kinds = set(re.findall(r'RecordNotFound\(\s*"([^"]+)"', source))
    fields = {
        name
        for module in (records, supervisionrecords, filmpeople)
        for model in vars(module).values()
        if isinstance(model, type) and issubclass(model, BaseModel)
        if model.__module__ == module.__name__
        for name in model.model_fields
    }
    unused = []
    for key in WORDS:
        if key.startswith("error.kind."):
            used = key.removeprefix("error.kind.").replace("_", " ") in kinds
        elif key.startswith("error.label."):
            used = key.removeprefix("error.label.") in fields
        else:
            used = f'"{key}"' in source
        if not used:
            unused.append(key)
    assert [] == unused
    assert {f"error.kind.{k.replace(' ', '_')}" for k in kinds} <= set(WORDS)
    assert {f"error.label.{f}" for f in fields} <= set(WORDS)


# -- English unchanged, the test language throughout ----------------------------------------


def test_a_keyed_error_stays_english_and_is_said_in_the_test_language() -> None:
    err = CaseNotFound("F999")
    assert str(err) == "There is no case with the code 'F999'. Check the code on the home page."
    assert err.key == "error.case.not_found" and err.code == "F999"
    said = QPS.error(err)
    assert said.startswith("[") and "'F999'" in said and "Check" not in said
    assert Interface().error(err) == str(err)


def test_a_records_kind_is_said_too() -> None:
    err = RecordNotFound("group session", 7)
    assert str(err) == "There is no group session with the id 7."
    assert err.kind == "group session" and err.ident == 7
    said = QPS.error(err)
    assert said.startswith("[") and " 7" in said and "group session" not in said
    assert QPS.say("error.kind.group_session") in said
    unknown = RecordNotFound("widget", "x")  # a kind without words stays as given
    assert str(unknown) == "There is no widget with the id 'x'."


def test_template_not_found_keeps_its_command() -> None:
    err = TemplateNotFound("nope")
    assert str(err) == (
        "There is no template called 'nope'. "
        "Run `vigkit templates check` to list the templates that are installed."
    )
    assert "`vigkit templates check`" in QPS.error(err)


def test_a_store_error_stays_english() -> None:
    err = StoreError(key="error.store.not_written", detail="disk I/O error")
    assert str(err) == "The database could not be written: disk I/O error"
    assert QPS.error(err).startswith("[") and "disk I/O error" in QPS.error(err)


def test_a_plain_error_is_said_as_written() -> None:
    err = VigkitError("Something only English.")
    assert QPS.error(err) == "Something only English."
    assert QPS.error(ValueError("plain")) == "plain"


def test_a_store_refusal_in_the_test_language(tmp_path: Path) -> None:
    """A refusal of the store itself: a practitioner who does not exist."""
    store = Store.open(tmp_path / "vigkit.db")
    try:
        with pytest.raises(VigkitError) as caught:
            store.cases.add(Case(code="F001", practitioner_id="nobody"))
    finally:
        store.close()
    assert str(caught.value) == "There is no practitioner with the id 'nobody'."
    assert QPS.error(caught.value).startswith("[") and "'nobody'" in QPS.error(caught.value)


def test_a_damaged_film_is_said_in_the_test_language(tmp_path: Path) -> None:
    junk = tmp_path / "half.mp4"
    junk.write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(range(256)) * 40)
    with pytest.raises(MediaError) as caught:
        probe(junk)
    err = caught.value
    assert str(err) == (
        "The file 'half.mp4' seems damaged or incomplete (it may not have finished copying)."
    )
    assert err.path == junk.absolute()  # type: ignore[attr-defined]
    said = QPS.error(err)
    assert said.startswith("[") and "'half.mp4'" in said and "damaged" not in said


def test_a_locked_record_says_its_month_in_the_test_language() -> None:
    signed = datetime(2026, 3, 5, 14, 3, tzinfo=UTC)
    record = Supervision(
        id=1, trainee_id="t", held_on=date(2026, 3, 5), signed_by="s", signed_at=signed
    )
    err = RecordLocked(record, "Sam")
    assert str(err).startswith("This supervision record was signed by Sam on 05 Mar 2026 14:03 ")
    said = QPS.error(err)
    assert "Sam" in said and "05 " + QPS.say("date.mon.3") + " 2026 14:03" in said
    assert isinstance(err.values["when"], Phrase)


# -- records: problems() in the page's words -------------------------------------------------


def test_problems_in_the_test_language() -> None:
    with pytest.raises(ValidationError) as missing:
        Case.model_validate({"practitioner_id": "p"})
    assert problems(missing.value) == {"code": "Code: this is needed"}
    said = problems(missing.value, QPS.say)["code"]
    assert said.startswith("[") and QPS.say("error.label.code") in said

    with pytest.raises(ValidationError) as long:
        SessionPost(session_id=1, author_id="a", text="x" * 5000)
    assert problems(long.value) == {"text": "Text: too long (at most 4000 characters)"}
    said = problems(long.value, QPS.say)["text"]
    assert said.startswith("[") and "too long" not in said


def test_a_records_own_check_in_the_test_language() -> None:
    with pytest.raises(ValidationError) as caught:
        Clip(film_id=1, start_s=5, end_s=2)
    assert problems(caught.value) == {"": "A clip must end after it starts"}
    assert "a clip must end after it starts" in str(caught.value)
    assert problems(caught.value, QPS.say)[""].startswith("[")
    with pytest.raises(ValidationError) as code:
        Case(code="Ann Smith", practitioner_id="p")
    assert problems(code.value)["code"] == (
        "A case code is 1-4 letters then 2-5 digits, such as F017; "
        "never use a name or a date of birth"
    )
    assert "F017" in problems(code.value, QPS.say)["code"]


# -- a page -----------------------------------------------------------------------------------


def _shown(build: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[w.Widget] = []
    monkeypatch.setattr(workbook, "display", shown.append)
    pages.run_page(build)
    assert len(shown) == 1
    return visible(shown[0])


def test_a_case_that_does_not_exist_is_said_in_the_page_language(
    in_test_language: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _shown(lambda: casepage.case_page("F999"), monkeypatch)
    message = " ".join(texts).strip()
    assert message.startswith("[") and "'F999'" in message
    assert "There is no case" not in message


def test_in_english_the_page_says_it_as_before(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _shown(lambda: casepage.case_page("F999"), monkeypatch)
    assert "There is no case with the code 'F999'. Check the code on the home page." in texts
