"""The GitHub event parser of declare/: issue form bodies, /incident comments, dispatch inputs, trust."""

from __future__ import annotations

import pytest
from incidentbook.declare.events import (
    Malformed,
    Request,
    form_fields,
    is_trusted,
    parse_comment,
    parse_components,
    parse_event,
)


def test_form_fields_read_githubs_rendering_and_drop_empty_answers() -> None:
    body = "### Title\n\nCheckout 502\n\n### Severity\n\nmajor\n\n### Components\n\n_No response_\n\n### Message\n\nline one\nline two\n"
    assert form_fields(body) == {"title": "Checkout 502", "severity": "major", "message": "line one\nline two"}
    assert form_fields(None) == {} and form_fields("no sections") == {}


def test_components_take_spaces_commas_and_lines() -> None:
    assert parse_components("web-app=partial_outage, api=degraded_performance\nsearch=major_outage") == {
        "web-app": "partial_outage", "api": "degraded_performance", "search": "major_outage"}
    assert parse_components("") == {}
    with pytest.raises(Malformed, match="COMPONENT=STATUS"):
        parse_components("web-app=down")


@pytest.mark.parametrize(("body", "expected"), [
    ("/incident update identified We rolled back the deploy", ("update", "identified", {}, "We rolled back the deploy")),
    ("/incident update MONITORING web-app=degraded_performance Fix is out\nmore detail",
     ("update", "monitoring", {"web-app": "degraded_performance"}, "Fix is out\nmore detail")),
    ("/incident update resolved", ("update", "resolved", {}, None)),
    ("/incident resolve", ("resolve", None, {}, None)),
    ("/incident resolve All good $(id)", ("resolve", None, {}, "All good $(id)")),
])
def test_comment_commands(body: str, expected: tuple) -> None:
    assert parse_comment(body) == expected


@pytest.mark.parametrize("body", ["/incident", "/incident fix it", "/incident update fixed it", "/incident update"])
def test_malformed_comments(body: str) -> None:
    with pytest.raises(Malformed):
        parse_comment(body)


def test_events_that_ask_nothing() -> None:
    assert parse_event("issue_comment", {"action": "created", "comment": {"body": "thanks!"}, "issue": {"number": 1}}) is None
    assert parse_event("issue_comment", {"action": "edited", "comment": {"body": "/incident resolve"}, "issue": {"number": 1}}) is None
    assert parse_event("issues", {"action": "closed", "issue": {"number": 1}}) is None
    assert parse_event("push", {}) is None


def test_issue_form_event() -> None:
    payload = {"action": "opened", "issue": {"number": 5, "title": "[Incident]: Search down", "user": {"login": "ana"},
                                             "author_association": "MEMBER",
                                             "body": "### Title\n\n_No response_\n\n### Severity\n\nminor\n\n### Visibility\n\npublic"}}
    request = parse_event("issues", payload)
    assert request is not None
    assert (request.action, request.title, request.severity, request.visibility, request.issue) == (
        "declare", "Search down", "minor", "public", 5)


def test_dispatch_event() -> None:
    request = parse_event("workflow_dispatch", {"inputs": {"action": "update", "record": "2026-11-23-x", "status": "monitoring",
                                                           "components": "", "message": ""}, "sender": {"login": "ana"}})
    assert request is not None and (request.action, request.record, request.status, request.message) == (
        "update", "2026-11-23-x", "monitoring", None)
    with pytest.raises(Malformed, match="title"):
        parse_event("workflow_dispatch", {"inputs": {"action": "declare", "title": " "}})


@pytest.mark.parametrize(("association", "login", "trusted"), [
    ("OWNER", "a", True), ("MEMBER", "a", True), ("COLLABORATOR", "a", True),
    ("CONTRIBUTOR", "a", False), ("NONE", "a", False), ("FIRST_TIME_CONTRIBUTOR", "a", False),
    ("NONE", "Vendor-Oncall", True),
])
def test_trust(association: str, login: str, trusted: bool) -> None:
    assert is_trusted(Request("update", login, association), ("vendor-oncall",)) is trusted
    assert is_trusted(Request("declare", "anyone", None), ()) is True  # workflow_dispatch needs write access


def test_the_catalog_lists_trusted_logins(tmp_path) -> None:
    from incidentbook.core.records.loader import read_catalog
    from sitebuild import BASIC_CATALOG, write_catalog

    write_catalog(tmp_path, {**BASIC_CATALOG, "declare": {"trusted": ["ana", "vendor-oncall"]}})
    catalog, problems = read_catalog(tmp_path)
    assert problems == [] and catalog.trusted == ("ana", "vendor-oncall")
    write_catalog(tmp_path, {**BASIC_CATALOG, "declare": {"trusted": ["not a login"], "teams": ["x"]}})
    _, problems = read_catalog(tmp_path)
    assert len(problems) == 2
    write_catalog(tmp_path)
    assert read_catalog(tmp_path)[0].trusted == ()
