"""Who may give a statement which status: draft → review → published, or retracted.

Editors (the ``editors`` group) write drafts and send them to review;
reviewers publish and retract (``publish_statement``, ``retract_statement``);
administrators may do everything. The status field of the form offers only
the statuses a user may give, its validation refuses any other (a forged
POST), and a statement whose status the user may not give is read-only to them.
"""

from django.utils.translation import gettext_lazy as _

from ..models import Statement

Status = Statement.Status
# The status a permission lets a user give, beyond draft and review.
GRANTED_BY = {
    Status.PUBLISHED: "statements.publish_statement",
    Status.RETRACTED: "statements.retract_statement",
}


def allowed_statuses(user) -> list[str]:
    """The statuses ``user`` may give a statement, in workflow order."""
    return [
        status
        for status in Status.values
        if status not in GRANTED_BY or user.has_perm(GRANTED_BY[status])
    ]


def may_edit(user, statement: Statement | None) -> bool:
    """Whether ``user`` may change ``statement`` as it is stored now: only if
    they could have given it its status (an editor may not touch a published
    statement, which would change the public text without review)."""
    if statement is None or statement.pk is None:
        return True
    stored = Statement.objects.filter(pk=statement.pk).values_list("status", flat=True)
    return all(status in allowed_statuses(user) for status in stored)


def status_choices(user) -> list[tuple[str, str]]:
    allowed = allowed_statuses(user)
    return [(value, label) for value, label in Status.choices if value in allowed]


RETRACTION_NEEDS_REASON = _(
    "Give the reason for the retraction: the public page shows it with the statement."
)
