"""GitHub event payloads to record edits: parse, decide trust, apply, and say what happened."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..core.records.editor import create_record, resolve_record, update_record
from ..core.records.errors import UsageError, ValidationFailed
from ..core.records.loader import check_record_text, read_catalog
from ..core.records.model import COMPONENT_STATUSES, INCIDENT_STATUSES

# author_association values of people with a say in the repository (GitHub's REST docs).
TRUSTED_ASSOCIATIONS = ("OWNER", "MEMBER", "COLLABORATOR")
ISSUE_FIELD = "x-github-issue"
NO_RESPONSE = "_No response_"
SYNTAX = (
    "Comment one of these, on a line of its own at the start of the comment:\n\n"
    "- `/incident update <status> [component=status ...] <message>`, status one of "
    + ", ".join(f"`{s}`" for s in INCIDENT_STATUSES) + "\n"
    "- `/incident resolve [message]`\n\n"
    "For example: `/incident update identified We rolled back the deploy`."
)
_COMPONENT = re.compile(r"([a-z0-9][a-z0-9-]*)=([a-z_]+)")


class Malformed(Exception):
    """A request that cannot be carried out as written; the message says how to write it."""


@dataclass
class Request:
    """One thing someone asked for: declare a new incident, post an update, or resolve."""

    action: str  # declare | update | resolve
    author: str
    association: str | None = None  # None: the event itself proves write access (workflow_dispatch)
    title: str | None = None
    severity: str | None = None
    visibility: str = "internal"
    components: dict[str, str] = field(default_factory=dict)
    status: str | None = None
    message: str | None = None
    record: str | None = None  # the record id, for dispatched updates
    issue: int | None = None
    edited: bool = False  # an issue form edited: declare only if it has no record yet


@dataclass
class Outcome:
    changed: bool
    summary: str  # one line for the log and the commit message; no user text in it
    reply: str = ""  # Markdown for a comment on the issue ("" = no comment)
    record: str | None = None


# -- parsing ------------------------------------------------------------------------------------

def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def parse_components(text: str | None) -> dict[str, str]:
    """``web-app=partial_outage api=degraded_performance`` (spaces, commas or lines between them)."""
    result: dict[str, str] = {}
    for token in re.split(r"[\s,;]+", text or ""):
        if not token:
            continue
        match = _COMPONENT.fullmatch(token.strip("`"))
        if not match or match.group(2) not in COMPONENT_STATUSES:
            raise Malformed(f"components: {token!r} is not COMPONENT=STATUS, STATUS one of {', '.join(COMPONENT_STATUSES)}")
        result[match.group(1)] = match.group(2)
    return result


def form_fields(body: str | None) -> dict[str, str]:
    """An issue form's answers as GitHub renders them: ``### Label`` then the value; empty answers
    (``_No response_``) are left out. Keys are the labels in lower case."""
    fields: dict[str, str] = {}
    label: str | None = None
    lines: list[str] = []
    for line in (body or "").replace("\r\n", "\n").split("\n") + ["### "]:
        if line.startswith("### "):
            if label is not None:
                value = "\n".join(lines).strip()
                if value and value != NO_RESPONSE:
                    fields[label] = value
            label, lines = line[4:].strip().lower(), []
        elif label is not None:
            lines.append(line)
    return fields


def _choice(value: str | None, allowed: tuple[str, ...], name: str) -> str | None:
    if value is None:
        return None
    chosen = value.strip().lower()
    if chosen not in allowed:
        raise Malformed(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return chosen


def parse_comment(body: str) -> tuple[str, str | None, dict[str, str], str | None]:
    """``/incident update <status> [c=s ...] <message>`` or ``/incident resolve [message]``:
    (action, status, components, message). Raises Malformed with the syntax."""
    first, _, rest = body.replace("\r\n", "\n").strip().partition("\n")
    words = first.split()
    if not words or words[0] != "/incident" or len(words) < 2:
        raise Malformed("this comment starts with `/incident` but says nothing to do.")
    verb = words[1].lower()
    tail = words[2:]
    if verb == "resolve":
        message = " ".join(tail) + ("\n" + rest if rest else "")
        return "resolve", None, {}, message.strip() or None
    if verb != "update":
        raise Malformed(f"`/incident {words[1]}` is not a command.")
    if not tail or tail[0].lower() not in INCIDENT_STATUSES:
        raise Malformed("`/incident update` needs a status first.")
    status = tail[0].lower()
    components: dict[str, str] = {}
    at = 1
    while at < len(tail) and _COMPONENT.fullmatch(tail[at]):
        components.update(parse_components(tail[at]))
        at += 1
    message = " ".join(tail[at:]) + ("\n" + rest if rest else "")
    return "update", status, components, message.strip() or None


def parse_event(name: str, payload: dict[str, Any]) -> Request | None:
    """The request an event carries; None when the event asks nothing of us. Raises Malformed."""
    sender = (payload.get("sender") or {}).get("login") or ""
    if name == "workflow_dispatch":
        inputs = payload.get("inputs") or {}
        action = _choice(_text(inputs.get("action")) or "declare", ("declare", "update", "resolve"), "action")
        request = Request(action=action or "declare", author=sender, message=_text(inputs.get("message")),
                          components=parse_components(_text(inputs.get("components"))))
        if action == "declare":
            request.title = _text(inputs.get("title"))
            if not request.title:
                raise Malformed("a new incident needs a title.")
            request.severity = _text(inputs.get("severity"))
            request.visibility = _choice(_text(inputs.get("visibility")), ("public", "internal"), "visibility") or "internal"
        else:
            request.record = _text(inputs.get("record"))
            if not request.record:
                raise Malformed(f"`{action}` needs the record's id (the file name without .md).")
            if action == "update":
                request.status = _choice(_text(inputs.get("status")), INCIDENT_STATUSES, "status")
                if not request.status:
                    raise Malformed("an update needs a status.")
        return request
    if name == "issues":
        if payload.get("action") not in ("opened", "edited"):
            return None
        issue = payload.get("issue") or {}
        user = (issue.get("user") or {}).get("login") or sender
        request = Request(action="declare", author=user, association=issue.get("author_association") or "NONE",
                          issue=int(issue["number"]), edited=payload.get("action") == "edited")
        fields = form_fields(issue.get("body"))
        request.title = _text(fields.get("title")) or _text(re.sub(r"^\s*\[incident\]:?\s*", "", issue.get("title") or "", flags=re.I))
        request.severity = _text(fields.get("severity"))
        request.visibility = _choice(_text(fields.get("visibility")), ("public", "internal"), "visibility") or "internal"
        request.message = _text(fields.get("message"))
        request._malformed = None  # type: ignore[attr-defined]
        try:
            request.components = parse_components(fields.get("components"))
            if not request.title:
                raise Malformed("the form's Title is empty.")
            if not request.severity:
                raise Malformed("the form's Severity is empty.")
        except Malformed as exc:
            request._malformed = exc  # type: ignore[attr-defined]  # reported only to trusted authors
        return request
    if name == "issue_comment":
        if payload.get("action") != "created":
            return None
        comment = payload.get("comment") or {}
        body = comment.get("body") or ""
        if not body.lstrip().startswith("/incident"):
            return None
        issue = payload.get("issue") or {}
        request = Request(action="update", author=(comment.get("user") or {}).get("login") or sender,
                          association=comment.get("author_association") or "NONE", issue=int(issue["number"]))
        request._malformed = None  # type: ignore[attr-defined]
        try:
            request.action, request.status, request.components, request.message = parse_comment(body)
        except Malformed as exc:
            request._malformed = exc  # type: ignore[attr-defined]
        return request
    return None


# -- trust --------------------------------------------------------------------------------------

def is_trusted(request: Request, trusted_logins: tuple[str, ...] | list[str]) -> bool:
    """workflow_dispatch needs write access already; issues and comments need an owner, member or
    collaborator of the repository, or a login the catalog trusts (logins compare ignoring case)."""
    if request.association is None:
        return True
    if request.association.upper() in TRUSTED_ASSOCIATIONS:
        return True
    return request.author.casefold() in {login.casefold() for login in trusted_logins}


# -- records and issues -------------------------------------------------------------------------

def record_for_issue(records: Path, number: int) -> tuple[Path, str] | None:
    """The record linked to issue ``number`` (front matter ``x-github-issue: N``) and its id."""
    pattern = re.compile(rf"^{re.escape(ISSUE_FIELD)}:[ \t]*['\"]?{number}['\"]?[ \t]*(?:#.*)?$", re.M)
    id_line = re.compile(r"^id:[ \t]*['\"]?([a-z0-9-]+)['\"]?[ \t]*$", re.M)
    for dirpath, dirnames, filenames in os.walk(records, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if not name.endswith(".md") or name.startswith(".") or path.is_symlink():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            front = text.split("\n---", 2)[0] if text.startswith("---") else ""
            if pattern.search(front):
                found = id_line.search(front)
                return path, (found.group(1) if found else path.stem)
    return None


def link_issue(records: Path, path: Path, number: int) -> None:
    """Add ``x-github-issue: N`` at the end of a new record's front matter (never published)."""
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 3)
    new_text = f"{text[: end + 1]}{ISSUE_FIELD}: {number}\n{text[end + 1:]}"
    _, problems = check_record_text(records, path, new_text)
    if problems:
        raise ValidationFailed(problems)
    path.write_text(new_text, encoding="utf-8")


def _record_link(site_url: str | None, record_id: str, public: bool) -> str:
    if not site_url:
        return ""
    base = site_url.rstrip("/") + "/"
    if public:
        return f" It will be at {base}incidents/{record_id}/ once the status page is published (a few minutes)."
    return " It is internal: it will not appear on the public status page."


def refusal(request: Request) -> str:
    return (
        f"Thank you for the report, @{request.author}. Only the repository's owners, members, collaborators "
        "and the people listed under `declare: trusted` in `incidents/catalog.yml` can declare or update "
        "incidents here, so nothing was changed. If this is an incident, please contact the team through "
        "the usual support channel."
    )


def apply(request: Request, records: Path, now: datetime, site_url: str | None = None) -> Outcome:
    """Carry out a request. Untrusted: nothing changes and the reply is a polite refusal. A request
    that cannot be carried out raises Malformed with the reason (and the syntax, for comments)."""
    catalog, problems = read_catalog(records)
    if problems:
        raise ValidationFailed(problems)
    if not is_trusted(request, catalog.trusted):
        if request.edited:
            return Outcome(False, f"ignored: issue #{request.issue} edited by an untrusted author")
        return Outcome(False, f"refused: {request.action} by untrusted {request.author or 'someone'}", refusal(request))
    malformed = getattr(request, "_malformed", None)
    if malformed is not None:
        raise malformed
    try:
        return _apply(request, records, now, site_url)
    except (UsageError, ValidationFailed) as exc:
        raise Malformed(str(exc) if isinstance(exc, UsageError) else exc.report()) from None


def _apply(request: Request, records: Path, now: datetime, site_url: str | None) -> Outcome:
    linked = record_for_issue(records, request.issue) if request.issue is not None else None
    if request.action == "declare":
        if linked is not None:
            return Outcome(False, f"issue #{request.issue} already has the record {linked[1]}", record=linked[1])
        # (an edited form without a record yet, say one that was malformed, is declared now)
        path = create_record(records, request.title or "", now, severity=request.severity,
                             components=request.components or None, visibility=request.visibility,
                             message=request.message)
        if request.issue is not None:
            try:
                link_issue(records, path, request.issue)
            except BaseException:
                path.unlink()
                raise
        record_id = path.stem
        where = f" (issue #{request.issue})" if request.issue is not None else ""
        reply = (
            f"Declared incident `{record_id}`: severity `{request.severity}`, status `investigating`, "
            f"{request.visibility}.{_record_link(site_url, record_id, request.visibility == 'public')}\n\n"
            "Post updates by commenting here:\n\n"
            "- `/incident update <status> [component=status ...] <message>`\n- `/incident resolve [message]`"
        )
        return Outcome(True, f"Declare incident {record_id}{where}", reply, record_id)
    if request.issue is not None:
        if linked is None:
            return Outcome(False, f"issue #{request.issue} has no record", (
                "No incident record is linked to this issue yet, so nothing was changed. Edit the issue's "
                "form (Title and Severity are needed) to declare it, then comment again."))
        record_id = linked[1]
    else:
        record_id = request.record or ""
    if request.action == "update":
        path = update_record(records, record_id, request.status or "", now, message=request.message,
                             components=request.components or None)
        verb, status = "Update", request.status
    else:
        path = resolve_record(records, record_id, now, message=request.message)
        verb, status = "Resolve", "resolved"
    record_id = linked[1] if linked else path.stem
    reply = f"Posted `{status}` to `{record_id}`; the status page follows within a few minutes."
    return Outcome(True, f"{verb} incident {record_id}: {status}", reply, record_id)


def malformed_reply(reason: str, request: Request | None) -> str:
    comment = request is not None and request.issue is not None and request.action != "declare"
    text = f"Nothing was changed: {reason}"
    if comment:
        text += "\n\n" + SYNTAX
    elif request is not None and request.issue is not None:
        text += "\n\nEdit the issue's form to fix it (Title and Severity are needed); the incident is declared then."
    return text
