"""The words of governance: the audit trail page (vigkit.ui.pages.audit), a family's
erasure on the case page (vigkit.ui.parts.erasure) and footage due for deletion on the home
page (vigkit.ui.parts.retention)."""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, str] = {
    # -- the audit trail page
    "governance.audit.title": "Audit trail",
    "governance.audit.intro": (
        "Who opened a case, played or stilled a film, exported, signed, amended, changed "
        "consent, deleted footage or erased a family — and every refusal. It holds logins, "
        "actions and codes, never a family's words, and nothing in it can be changed."
    ),
    "governance.audit.case": "Case or group code",
    "governance.audit.person": "Login",
    "governance.audit.since": "From this day on",
    "governance.audit.show": "Show",
    "governance.audit.none": "Nothing in the audit trail matches.",
    "governance.audit.count": "{shown} of {count} lines, the newest first.",
    "governance.audit.col.when": "When (UTC)",
    "governance.audit.col.who": "Login",
    "governance.audit.col.outcome": "Outcome",
    "governance.audit.col.action": "Action",
    "governance.audit.col.what": "What",
    "governance.audit.col.where": "Where",
    "governance.audit.col.why": "Why",
    "governance.audit.allowed": "allowed",
    "governance.audit.refused": "REFUSED",
    # -- erasure on the case page
    "governance.erase.title": "Erase this family's records",
    "governance.erase.intro": (
        "Erasing removes everything vigkit holds about case {code}, for good: the case, its "
        "consent history, helping questions and ratings, films and clips, reflections on it, "
        "drafts, stills, review clips, exported documents and plots. Films kept outside "
        "vigkit are named for you to delete. One line in the audit trail will say the case "
        "was erased, by whom and why."
    ),
    "governance.erase.reason": "Why",
    "governance.erase.reason.family's request": "The family asked",
    "governance.erase.reason.consent withdrawn": "Consent was withdrawn",
    "governance.erase.reason.retention ended": "Its retention ended",
    "governance.erase.reason.recorded in error": "It was recorded in error",
    "governance.erase.confirm": "Type the case code, {code}, to confirm",
    "governance.erase.button": "Erase case {code}",
    "governance.erase.mismatch": "Type the case code exactly as shown, {code}, to erase it.",
    "governance.erase.done": (
        "Case {code} was erased: {rows} records and {files} files removed. One line in "
        "the audit trail says so."
    ),
    "governance.erase.elsewhere": "This film is kept outside vigkit: delete it there: {path}",
    "governance.erase.failed": "The case was not erased: {error}",
    # -- footage due for deletion on the home page
    "governance.retention.title": "Footage due for deletion",
    "governance.retention.due": (
        "Film {number} of {code} (filmed {filmed}): due on {due} — {why}."
    ),
    "governance.retention.elsewhere": "The original is kept outside vigkit, at {path}.",
    "governance.retention.coming": "Due within four weeks",
    "governance.retention.apply": "Delete the due footage now",
    "governance.retention.apply.help": (
        "Deletes the stills, review clips, documents with stills and plots vigkit made from "
        "these films, and each film vigkit keeps itself. A film kept elsewhere is deleted by "
        "you, there; press the button again afterwards to record it."
    ),
    "governance.retention.deleted": "Deleted: film {number} of {code}.",
    "governance.retention.waiting": "Waiting for you: delete {path}, then press the button again.",
    "governance.retention.still_there": "{path} is still there: nothing was recorded.",
    "governance.retention.failed": "The footage was not deleted: {error}",
}
