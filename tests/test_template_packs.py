"""Template packs: made from checked templates, installed only when everything verifies."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from vigkit.cli import main
from vigkit.paths import templates_dir
from vigkit.templates import load_question_set
from vigkit.templates.commands import install_command, pack_command
from vigkit.templates.copying import new_from_shipped, user_question_sets
from vigkit.templates.install import install_pack, make_pack
from vigkit.templates.packs import Limits, PackProblem, build_pack, read_pack

BROKEN = Path(__file__).parent / "data" / "broken_templates"
SHIPPED = templates_dir() / "question_sets"


def own_templates(folder: Path, *ids: str) -> Path:
    """A trainer's folder with copies of the Gibbs reflection under ``ids``."""
    for template_id in ids:
        new_from_shipped("reflection_gibbs", template_id, folder)
    return folder


def make_zip(path: Path, members: dict[str, bytes], manifest: object = None) -> Path:
    """A zip with these members and, unless None, a manifest.json with ``manifest``."""
    with zipfile.ZipFile(path, "w") as zf:
        if manifest is not None:
            zf.writestr("manifest.json", json.dumps(manifest))
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def manifest_for(members: dict[str, bytes]) -> dict[str, object]:
    entries = []
    for name, data in members.items():
        qid = Path(name).stem
        entries.append(
            {"id": qid, "version": "1.0", "file": name, "sha256": hashlib.sha256(data).hexdigest()}
        )
    return {
        "format": "vigkit-template-pack",
        "format_version": 1,
        "name": "test",
        "created": "2026-11-25T13:00:00Z",
        "templates": entries,
    }


def rewrite(pack: Path, change: dict[str, bytes]) -> Path:
    """The same pack with some members' bytes replaced, the manifest left alone."""
    with zipfile.ZipFile(pack) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    members.update(change)
    pack.unlink()
    with zipfile.ZipFile(pack, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return pack


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A pack of two valid question sets, gibbs_ours and gibbs_theirs."""
    folder = own_templates(tmp_path / "mine", "gibbs_ours", "gibbs_theirs")
    make_pack([folder], tmp_path / "ours.zip", "Our service")
    return tmp_path / "ours.zip"


def installed(data: Path) -> list[str]:
    folder = user_question_sets(data)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- Making a pack ---------------------------------------------------------------------------
def test_pack_has_a_manifest_with_ids_versions_files_and_checksums(pack: Path) -> None:
    """manifest.json names the pack and lists each template's id, version, file and sha256."""
    with zipfile.ZipFile(pack) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        data = zf.read("question_sets/gibbs_ours.yaml")
        names = sorted(zf.namelist())
    assert [
        "manifest.json",
        "question_sets/gibbs_ours.yaml",
        "question_sets/gibbs_theirs.yaml",
    ] == names
    assert ("vigkit-template-pack", 1, "Our service") == (
        manifest["format"],
        manifest["format_version"],
        manifest["name"],
    )
    assert {
        "id": "gibbs_ours",
        "version": "1.0",
        "file": "question_sets/gibbs_ours.yaml",
        "sha256": hashlib.sha256(data).hexdigest(),
    } == manifest["templates"][0]


def test_build_pack_stamps_the_time_it_was_made() -> None:
    """`created` is the UTC time given, in ISO form."""
    data = build_pack(
        "p",
        [("g.yaml", (SHIPPED / "reflection_gibbs.yaml").read_bytes())],
        created=datetime(2026, 11, 25, 13, 0, tzinfo=UTC),
    )
    manifest, templates = read_pack(data)
    assert ("2026-11-25T13:00:00Z", ["reflection_gibbs"]) == (
        manifest.created,
        [t.qset.id for t in templates],
    )


def test_pack_refuses_a_template_that_fails_check(tmp_path: Path) -> None:
    """A broken template stops the pack, with its located problem; no zip is written."""
    with pytest.raises(PackProblem) as caught:
        make_pack(
            [SHIPPED / "reflection_gibbs.yaml", BROKEN / "unknown_kind.yaml"], tmp_path / "p.zip"
        )
    assert [f"{BROKEN / 'unknown_kind.yaml'}:12:15"] == [
        p.split(": ")[0] for p in caught.value.problems
    ]
    assert not (tmp_path / "p.zip").exists()


def test_pack_refuses_two_templates_with_one_id(tmp_path: Path) -> None:
    """Two files with the same id cannot go in one pack."""
    other = tmp_path / "copy.yaml"
    other.write_bytes((SHIPPED / "reflection_gibbs.yaml").read_bytes())
    with pytest.raises(PackProblem, match="id 'reflection_gibbs' is also the id of"):
        make_pack([SHIPPED / "reflection_gibbs.yaml", other], tmp_path / "p.zip")


def test_pack_leaves_out_principles_and_never_overwrites(tmp_path: Path, pack: Path) -> None:
    """A principles file is left out with a word; an existing pack is not overwritten."""
    folder = own_templates(tmp_path / "with_principles", "gibbs_ours")
    shutil.copy(templates_dir() / "principles.yaml", folder)
    packed, left_out = make_pack([folder], tmp_path / "shipped.zip")
    assert (["gibbs_ours 1.0"], [str(folder / "principles.yaml")]) == (packed, left_out)
    before = pack.read_bytes()
    out = io.StringIO()
    assert 1 == pack_command([str(SHIPPED)], str(pack), out=out)
    assert before == pack.read_bytes()
    assert "already exists" in out.getvalue()


# --- Installing ------------------------------------------------------------------------------
def test_install_puts_the_templates_in_the_data_directory(tmp_path: Path, pack: Path) -> None:
    """Each template goes to <data>/templates/question_sets/<id>.yaml, byte for byte."""
    data = tmp_path / "data"
    result = install_pack(pack, user_question_sets(data))
    assert ["gibbs_ours.yaml", "gibbs_theirs.yaml"] == installed(data)
    assert (tmp_path / "mine" / "gibbs_ours.yaml").read_bytes() == (
        user_question_sets(data) / "gibbs_ours.yaml"
    ).read_bytes()
    assert 2 == len(result.installed)


def test_install_again_says_already_installed(tmp_path: Path, pack: Path) -> None:
    """Same id, version and content: nothing is written and the command says so."""
    data = tmp_path / "data"
    install_pack(pack, user_question_sets(data))
    out = io.StringIO()
    assert 0 == install_command(str(pack), user_question_sets(data), out)
    assert "  already installed: gibbs_ours 1.0" in out.getvalue().splitlines()


def test_tampered_pack_is_refused_naming_the_file(tmp_path: Path, pack: Path) -> None:
    """A template changed after packing fails its checksum; nothing at all is installed."""
    with zipfile.ZipFile(pack) as zf:
        text = zf.read("question_sets/gibbs_theirs.yaml")
    rewrite(
        pack,
        {"question_sets/gibbs_theirs.yaml": text.replace(b"What went well?", b"What went badly?")},
    )
    data = tmp_path / "data"
    with pytest.raises(PackProblem) as caught:
        install_pack(pack, user_question_sets(data))
    assert [
        f"{pack}/question_sets/gibbs_theirs.yaml: has been changed since the pack was made (its "
        "checksum does not match the manifest) — refused; ask for the pack again from whoever made it"
    ] == caught.value.problems
    assert [] == installed(data)


def test_pack_with_a_broken_template_is_refused(tmp_path: Path) -> None:
    """A template that fails check (checksums fine) is refused with its located problem."""
    good = (
        (SHIPPED / "reflection_gibbs.yaml")
        .read_bytes()
        .replace(b"id: reflection_gibbs", b"id: good")
    )
    bad = (BROKEN / "unknown_kind.yaml").read_bytes()
    members = {"question_sets/good.yaml": good, "question_sets/unknown_kind.yaml": bad}
    pack = make_zip(tmp_path / "p.zip", members, manifest_for(members))
    data = tmp_path / "data"
    out = io.StringIO()
    assert 1 == install_command(str(pack), user_question_sets(data), out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(
        f"{pack}/question_sets/unknown_kind.yaml:12:15: kind 'longtext' is not known"
    )
    assert ("Nothing was installed.", []) == (lines[-1], installed(data))


def test_zip_slip_names_are_refused(tmp_path: Path) -> None:
    """A name that climbs out of the folder, or is absolute, is refused; nothing is written."""
    good = (
        (SHIPPED / "reflection_gibbs.yaml")
        .read_bytes()
        .replace(b"id: reflection_gibbs", b"id: good")
    )
    members = {"question_sets/good.yaml": good, "../../evil.yaml": b"x", "/etc/evil.yaml": b"x"}
    pack = make_zip(tmp_path / "p.zip", members, manifest_for({"question_sets/good.yaml": good}))
    with pytest.raises(PackProblem) as caught:
        install_pack(pack, user_question_sets(tmp_path / "data"))
    assert 2 == sum("points outside the pack — refused" in p for p in caught.value.problems)
    assert ([], False) == (installed(tmp_path / "data"), (tmp_path.parent / "evil.yaml").exists())


def test_version_clash_is_refused_and_names_both_versions(tmp_path: Path, pack: Path) -> None:
    """An installed 1.0 is never replaced by the pack's 1.1 of the same id; nothing is installed."""
    data = tmp_path / "data"
    user_question_sets(data).mkdir(parents=True)
    first = user_question_sets(data) / "gibbs_ours.yaml"
    first.write_bytes((tmp_path / "mine" / "gibbs_ours.yaml").read_bytes())
    newer = tmp_path / "newer"
    newer.mkdir()
    (newer / "gibbs_ours.yaml").write_text(
        first.read_text().replace('version: "1.0"', 'version: "1.1"')
    )
    (newer / "gibbs_new.yaml").write_text(
        first.read_text().replace("id: gibbs_ours", "id: gibbs_new")
    )
    make_pack([newer], tmp_path / "newer.zip")
    with pytest.raises(PackProblem) as caught:
        install_pack(tmp_path / "newer.zip", user_question_sets(data))
    assert [
        f"'gibbs_ours' version 1.0 is already installed ({first}); the pack has version 1.1"
    ] == [p.split(" — ")[0] for p in caught.value.problems]
    assert (["gibbs_ours.yaml"], "1.0") == (installed(data), load_question_set(first).version)


def test_same_version_with_other_content_is_refused(tmp_path: Path, pack: Path) -> None:
    """Same id and version but different questions: refused, asking for a raised version."""
    data = tmp_path / "data"
    folder = user_question_sets(data)
    folder.mkdir(parents=True)
    mine = (tmp_path / "mine" / "gibbs_ours.yaml").read_text()
    (folder / "gibbs_ours.yaml").write_text(mine.replace("What went well?", "What went right?"))
    with pytest.raises(PackProblem, match="is already installed .* with different questions"):
        install_pack(pack, folder)
    assert ["gibbs_ours.yaml"] == installed(data)


def test_shipped_id_with_other_content_is_refused(tmp_path: Path) -> None:
    """A pack may not shadow a shipped template with changed questions."""
    changed = tmp_path / "reflection_gibbs.yaml"
    changed.write_text((SHIPPED / "reflection_gibbs.yaml").read_text().replace('"1.0"', '"1.1"'))
    make_pack([changed], tmp_path / "p.zip")
    with pytest.raises(PackProblem, match="'reflection_gibbs' version 1.0 is shipped with vigkit"):
        install_pack(tmp_path / "p.zip", user_question_sets(tmp_path / "data"))


def test_missing_or_invalid_manifest_is_refused(tmp_path: Path) -> None:
    """No manifest, a manifest that is not JSON, and one with a field missing are refused."""
    good = (SHIPPED / "reflection_gibbs.yaml").read_bytes()
    members = {"question_sets/reflection_gibbs.yaml": good}
    no_manifest = make_zip(tmp_path / "a.zip", members)
    with pytest.raises(PackProblem, match="has no manifest.json"):
        read_pack(no_manifest.read_bytes(), "a.zip")
    manifest = manifest_for(members)
    del manifest["templates"][0]["sha256"]  # type: ignore[index]
    missing = make_zip(tmp_path / "b.zip", members, manifest)
    with pytest.raises(PackProblem, match="'templates' template 1 has no 'sha256'"):
        read_pack(missing.read_bytes(), "b.zip")
    with pytest.raises(PackProblem, match="is not a template pack \\(not a zip file\\)"):
        read_pack(b"hello", "c.zip")


def test_file_not_in_the_manifest_is_refused(tmp_path: Path) -> None:
    """A template in the zip that the manifest does not list is refused."""
    good = (SHIPPED / "reflection_gibbs.yaml").read_bytes()
    listed = {"question_sets/reflection_gibbs.yaml": good}
    extra = {
        **listed,
        "question_sets/extra.yaml": good.replace(b"id: reflection_gibbs", b"id: extra"),
    }
    pack = make_zip(tmp_path / "p.zip", extra, manifest_for(listed))
    with pytest.raises(
        PackProblem, match="'question_sets/extra.yaml' is in the pack but not in manifest.json"
    ):
        read_pack(pack.read_bytes(), "p.zip")


def test_size_limits(tmp_path: Path) -> None:
    """A pack, or a member, larger than the limits is refused before it is unpacked."""
    good = (SHIPPED / "reflection_gibbs.yaml").read_bytes()
    members = {"question_sets/reflection_gibbs.yaml": good}
    data = make_zip(tmp_path / "p.zip", members, manifest_for(members)).read_bytes()
    with pytest.raises(PackProblem, match="more than the 100 a template pack may be"):
        read_pack(data, "p.zip", limits=Limits(pack_bytes=100))
    with pytest.raises(PackProblem, match="more than the 1,000 a template may be"):
        read_pack(data, "p.zip", limits=Limits(file_bytes=1000))
    assert 1 == len(read_pack(data, "p.zip")[1])


def test_cli_pack_and_install(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`templates pack ... --to` then `templates install --data` installs, and check sees it."""
    folder = own_templates(tmp_path / "mine", "gibbs_ours")
    assert 0 == main(
        ["templates", "pack", str(folder), "--to", str(tmp_path / "p.zip"), "--name", "Ours"]
    )
    assert 0 == main(
        ["templates", "install", str(tmp_path / "p.zip"), "--data", str(tmp_path / "data")]
    )
    out = capsys.readouterr().out
    assert "Made " in out and "  gibbs_ours 1.0" in out and "Pack 'Ours'" in out
    assert ["gibbs_ours.yaml"] == installed((tmp_path / "data").resolve())


def test_a_failure_while_writing_leaves_nothing_installed(
    tmp_path: Path, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the second file cannot be written, the first is taken away again."""
    from vigkit.templates import install

    real = install._write_new
    calls: list[Path] = []

    def failing_second(target: Path, data: bytes) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise PackProblem([f"{target}: cannot be written (disk full)"])
        real(target, data)

    monkeypatch.setattr(install, "_write_new", failing_second)
    data = tmp_path / "data"
    with pytest.raises(PackProblem, match="nothing was installed"):
        install_pack(pack, user_question_sets(data))
    assert (2, []) == (len(calls), installed(data))


def test_a_broken_file_in_the_way_is_not_overwritten(tmp_path: Path, pack: Path) -> None:
    """A file named <id>.yaml that is not that template stops the install; it is left alone."""
    folder = user_question_sets(tmp_path / "data")
    folder.mkdir(parents=True)
    (folder / "gibbs_ours.yaml").write_text("my notes\n")
    with pytest.raises(PackProblem, match="gibbs_ours.yaml is in the way"):
        install_pack(pack, folder)
    assert ("my notes\n", ["gibbs_ours.yaml"]) == (
        (folder / "gibbs_ours.yaml").read_text(),
        installed(tmp_path / "data"),
    )
