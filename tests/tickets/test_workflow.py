"""The transition table: the default workflow, subclassing, and refusal at class creation."""

from __future__ import annotations

import pytest

from aftersales_core.errors import ValidationError
from aftersales_core.tickets import (
    DEFAULT_WORKFLOW,
    STRICT_WORKFLOW,
    InvalidWorkflowError,
    StrictWorkflow,
    TicketStatus,
    TicketWorkflow,
    Transition,
    has_responded,
)

S = TicketStatus


@pytest.mark.parametrize("wf", [DEFAULT_WORKFLOW, STRICT_WORKFLOW])
def test_built_in_workflow_shape(wf):
    assert wf.statuses == tuple(TicketStatus)
    assert wf.initial is S.NEW
    assert wf.terminal_statuses == {S.CLOSED, S.CANCELLED}
    assert wf.paused_statuses == {S.WAITING_ON_CUSTOMER}
    assert wf.resolved_statuses == {S.RESOLVED, S.CLOSED}
    assert "open" in wf.commands
    assert wf.commands_from(S.CLOSED) == ()
    assert wf.commands_from(S.RESOLVED) == ("confirm", "reopen", "close")


@pytest.mark.parametrize(
    ("source", "command", "target"),
    [
        (S.NEW, "classify", S.TRIAGED),
        (S.TRIAGED, "assign", S.IN_PROGRESS),
        (S.IN_PROGRESS, "assign", S.IN_PROGRESS),
        (S.IN_PROGRESS, "wait_on_customer", S.WAITING_ON_CUSTOMER),
        (S.WAITING_ON_CUSTOMER, "wait_on_third_party", S.WAITING_ON_THIRD_PARTY),
        (S.WAITING_ON_THIRD_PARTY, "resume", S.IN_PROGRESS),
        (S.IN_PROGRESS, "resolve", S.RESOLVED),
        (S.RESOLVED, "reopen", S.IN_PROGRESS),
        (S.RESOLVED, "confirm", S.CLOSED),
        (S.RESOLVED, "close", S.CLOSED),
        (S.NEW, "cancel", S.CANCELLED),
        (S.NEW, "escalate", S.NEW),
        (S.WAITING_ON_CUSTOMER, "change_priority", S.WAITING_ON_CUSTOMER),
    ],
)
@pytest.mark.parametrize("wf", [DEFAULT_WORKFLOW, STRICT_WORKFLOW])
def test_built_in_transitions(wf, source, command, target):
    row = wf.transition(source, command)
    assert row is not None
    assert (row.target or row.source) == target


@pytest.mark.parametrize(
    ("source", "command", "target"),
    [
        (S.NEW, "assign", S.IN_PROGRESS),  # work starts without a classification
        (S.NEW, "resolve", S.RESOLVED),  # first-contact resolution: open, respond, resolve
        (S.TRIAGED, "resolve", S.RESOLVED),
        (S.NEW, "wait_on_customer", S.WAITING_ON_CUSTOMER),
        (S.TRIAGED, "wait_on_third_party", S.WAITING_ON_THIRD_PARTY),
    ],
)
def test_the_default_workflow_accepts_what_real_desks_do(source, command, target):
    row = DEFAULT_WORKFLOW.transition(source, command)
    assert row is not None
    assert row.target == target
    assert STRICT_WORKFLOW.transition(source, command) is None


@pytest.mark.parametrize(
    ("source", "command"),
    [
        (S.RESOLVED, "cancel"),
        (S.CLOSED, "reopen"),
        (S.CANCELLED, "respond"),
        (S.IN_PROGRESS, "confirm"),
    ],
)
@pytest.mark.parametrize("wf", [DEFAULT_WORKFLOW, STRICT_WORKFLOW])
def test_built_in_refusals(wf, source, command):
    assert wf.transition(source, command) is None


@pytest.mark.parametrize(
    ("source", "command"),
    [
        (S.NEW, "assign"),  # classify first: receive -> classify -> handle
        (S.NEW, "resolve"),
        (S.TRIAGED, "resolve"),
        (S.NEW, "wait_on_customer"),
    ],
)
def test_strict_refusals(source, command):
    assert STRICT_WORKFLOW.transition(source, command) is None
    assert StrictWorkflow() == STRICT_WORKFLOW != DEFAULT_WORKFLOW


@pytest.mark.parametrize(
    ("wf", "source"),
    [
        (DEFAULT_WORKFLOW, S.NEW),
        (DEFAULT_WORKFLOW, S.IN_PROGRESS),
        (STRICT_WORKFLOW, S.IN_PROGRESS),
    ],
)
def test_resolve_is_guarded_by_a_response(wf, source):
    row = wf.transition(source, "resolve")
    assert row is not None
    assert row.guard is has_responded
    assert "no response" in row.reason


def test_workflows_are_equal_by_class():
    class Other(TicketWorkflow):
        pass

    assert TicketWorkflow() == DEFAULT_WORKFLOW
    assert hash(TicketWorkflow()) == hash(DEFAULT_WORKFLOW)
    assert Other() != TicketWorkflow()
    assert TicketWorkflow().__eq__("x") is NotImplemented
    assert repr(Other()) == "Other()"


def test_status_spelling():
    assert DEFAULT_WORKFLOW.status("resolved") is S.RESOLVED
    with pytest.raises(ValidationError, match="is not a status of TicketWorkflow"):
        DEFAULT_WORKFLOW.status("on_site_visit")
    with pytest.raises(ValidationError):
        DEFAULT_WORKFLOW.status(["unhashable"])  # type: ignore[arg-type]


def test_mermaid_has_every_move():
    text = DEFAULT_WORKFLOW.to_mermaid()
    assert text.startswith("stateDiagram-v2\n    [*] --> new\n")
    for row in DEFAULT_WORKFLOW.transitions:
        line = f"    {row.source} --> {row.target}: {row.command}"
        assert (line in text) == (row.target is not None)
    assert "    closed --> [*]" in text
    assert "    cancelled --> [*]" in text
    loops = DEFAULT_WORKFLOW.to_mermaid(self_loops=True)
    assert "    new --> new: escalate" in loops


def test_transition_each_and_validation():
    rows = Transition.each(["a", "b"], "go", "c", guard=has_responded, reason="why")
    assert [(r.source, r.command, r.target, r.reason) for r in rows] == [
        ("a", "go", "c", "why"),
        ("b", "go", "c", "why"),
    ]
    with pytest.raises(ValidationError, match="command: '' must be non-empty text"):
        Transition(source="a", command="")
    with pytest.raises(ValidationError, match="source"):
        Transition(source=None, command="go")  # type: ignore[arg-type]


class Mobile(TicketWorkflow):
    """A mobile repair team's workflow: an on-site visit between work and resolution."""

    statuses = (*TicketWorkflow.statuses, "on_site_visit")
    transitions = (
        *TicketWorkflow.transitions,
        Transition(source=S.IN_PROGRESS, command="schedule_visit", target="on_site_visit"),
        Transition(source="on_site_visit", command="finish_visit", target=S.IN_PROGRESS),
        Transition(source="on_site_visit", command="cancel", target=S.CANCELLED),
    )
    response_commands = frozenset({"respond", "schedule_visit"})


def test_subclass_adds_a_status():
    wf = Mobile()
    assert "on_site_visit" in wf.statuses
    assert wf.commands_from("on_site_visit") == ("finish_visit", "cancel")
    assert wf.status("on_site_visit") == "on_site_visit"
    assert "on_site_visit --> in_progress: finish_visit" in wf.to_mermaid()
    assert wf.terminal_statuses == DEFAULT_WORKFLOW.terminal_statuses


def _define(**attributes):
    return type("Broken", (TicketWorkflow,), attributes)


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        ({"statuses": ()}, r"statuses: \(\) must be distinct texts"),
        ({"statuses": ("a", "a")}, "must be distinct texts"),
        ({"statuses": (1, 2)}, "must be distinct texts"),
        ({"initial": "start"}, "initial: 'start' is not one of the statuses"),
        (
            {
                "transitions": (
                    *TicketWorkflow.transitions,
                    Transition(source="new", command="x", target="nowhere"),
                )
            },
            "uses 'nowhere', which is not a status",
        ),
        (
            {"transitions": (*TicketWorkflow.transitions, Transition(source="limbo", command="x"))},
            "uses 'limbo', which is not a status",
        ),
        (
            {"transitions": (*TicketWorkflow.transitions, "new->closed")},
            "must hold Transition rows",
        ),
        (
            {
                "transitions": (
                    *TicketWorkflow.transitions,
                    Transition(source="closed", command="open"),
                )
            },
            "uses 'open', which only starts a history",
        ),
        (
            {
                "transitions": (
                    *TicketWorkflow.transitions,
                    Transition(source="new", command="cancel"),
                )
            },
            "repeats a status and command",
        ),
        (
            {
                "transitions": (
                    *TicketWorkflow.transitions,
                    Transition(source="closed", command="reopen", target="in_progress"),
                )
            },
            "leaves a terminal status",
        ),
        (
            {
                "statuses": (*TicketWorkflow.statuses, "on_site_visit"),
                "transitions": (
                    *TicketWorkflow.transitions,
                    Transition(source="in_progress", command="visit", target="on_site_visit"),
                ),
            },
            r"\['on_site_visit'\] can never reach a terminal status",
        ),
        (
            {"terminal_statuses": frozenset({"archived"})},
            r"terminal_statuses: \['archived'\] are not statuses",
        ),
        (
            {"paused_statuses": frozenset({"lunch"})},
            r"paused_statuses: \['lunch'\] are not statuses",
        ),
        (
            {"resolved_statuses": frozenset({"done"})},
            r"resolved_statuses: \['done'\] are not statuses",
        ),
        (
            {
                "statuses": ("a", "b"),
                "initial": "a",
                "transitions": (
                    Transition(source="a", command="go", target="b"),
                    Transition(source="b", command="back", target="a"),
                ),
                "paused_statuses": frozenset(),
                "resolved_statuses": frozenset(),
                "terminal_statuses": frozenset(),
            },
            "terminal_statuses: \\(\\) is empty",
        ),
        (
            {"statuses": (*TicketWorkflow.statuses, "on_site_visit")},
            r"\['on_site_visit'\] cannot be reached from 'new'",
        ),
        (
            {
                "statuses": (*TicketWorkflow.statuses, "limbo"),
                "transitions": (
                    *TicketWorkflow.transitions,
                    Transition(source="in_progress", command="drift", target="limbo"),
                    Transition(source="limbo", command="stay"),
                ),
            },
            r"\['limbo'\] can never reach a terminal status",
        ),
    ],
)
def test_invalid_tables_are_refused_at_class_creation(attributes, message):
    with pytest.raises(InvalidWorkflowError, match=message) as caught:
        _define(**attributes)
    assert caught.value.field.startswith("Broken.")
    assert caught.value.code == "invalid_workflow"
