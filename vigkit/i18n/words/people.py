"""The words of the people page: an admin's list of people, their roles and the supervision
groups (vigkit.ui.pages.people)."""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, str] = {
    "people.title": "People and groups",
    "people.intro": (
        "Who uses vigkit here, what each may do, and who meets in which supervision group. "
        "A person's login is the name they log in with; what their roles allow is the "
        "service's access policy, and no role opens a family's case but its own practitioner's."
    ),
    "people.list.heading": "People",
    "people.col.login": "Login",
    "people.col.name": "Name",
    "people.col.roles": "Roles",
    "people.col.stage": "Trainee stage",
    "people.col.groups": "Supervision groups",
    "people.none": "Nobody yet.",
    "people.form.heading": "Add a person, or change one",
    "people.form.pick": "Person",
    "people.form.new": "A new person",
    "people.form.login": "Login (the name they log in with: small letters, digits, . _ -)",
    "people.form.name": "Name as colleagues know them (never a family's)",
    "people.form.roles": "Roles",
    "people.form.stage": "Trainee stage (trainees only)",
    "people.form.no_stage": "none",
    "people.form.save": "Save person",
    "people.form.no_login": "Give the login they use.",
    "people.form.bad_login": (
        "A login is small letters, digits and . _ - only, as the person logs in: "
        "“{login}” is not one."
    ),
    "people.form.no_role": "Give them at least one role.",
    "people.form.last_admin": (
        "There must be one administrator at least: give the role to someone else first."
    ),
    "people.form.saved": "Saved: {name} ({login}), {roles}.",
    "people.form.added": (
        "Added {name} ({login}), {roles}. Once they log in as {login}, vigkit knows them."
    ),
    "people.form.first_password": (
        "Their first password is {password} — give it to them in person, never by email. "
        "They log in as {login} with it once, then choose their own on the hub's "
        "“Change password” page."
    ),
    "people.groups.heading": "Supervision groups",
    "people.groups.none": "No supervision groups yet.",
    "people.groups.pick": "Group",
    "people.groups.new": "A new group",
    "people.groups.name": "Group name",
    "people.groups.members": "Members (hold Ctrl or Shift to choose several)",
    "people.groups.save": "Save group",
    "people.groups.no_name": "Give the group a name.",
    "people.groups.saved": "Saved: {name}, {count} members.",
}
