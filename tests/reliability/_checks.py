"""What a user would call unsafe in what the bot sent: a ping, or a message Discord refuses.

Both checks read the stand-in's request log, so they see every message the bot created or
edited, whichever code path sent it (answers, notices, apologies, button responses, the
edit that disables buttons on timeout).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tests.helpers import limit_problems
from tests.loopback import RecordedRequest

JSON = dict[str, Any]
#: Text Discord turns into a notification when mentions are not suppressed.
MENTION_CAPABLE = re.compile(r"<@[!&]?\d+>|@everyone|@here")
CONTENT_LIMIT = 2000


def message_bodies(requests: Iterable[RecordedRequest]) -> list[tuple[RecordedRequest, JSON]]:
    """Each request that creates or edits a message, with the message part of its body."""
    found = []
    for req in requests:
        body = req.json
        if not isinstance(body, dict) or req.method not in ("POST", "PATCH"):
            continue
        if req.path.endswith("/callback"):
            data = body.get("data")
            if body.get("type") in (4, 7) and isinstance(data, dict):
                found.append((req, data))
        elif "/messages" in req.path or req.path.startswith("/webhooks/"):
            found.append((req, body))
    return found


def ping_problems(requests: Iterable[RecordedRequest]) -> list[str]:
    """Every way a sent message could ping someone.

    A message body must carry `allowed_mentions` with an empty `parse` and no users or
    roles (and `replied_user` false on a reply), unless its content holds nothing that
    could mention; and the message the stand-in created from it (it works out mentions as
    Discord does) must mention nobody.
    """
    problems = []
    for req, body in message_bodies(requests):
        where = f"{req.method} {req.path}"
        allowed = body.get("allowed_mentions")
        content = body.get("content") or ""
        if allowed is None:
            if MENTION_CAPABLE.search(content):
                problems.append(f"{where}: mention-capable content without allowed_mentions")
        else:
            if allowed.get("parse") != [] or allowed.get("users") or allowed.get("roles"):
                problems.append(f"{where}: allowed_mentions {allowed}")
            if body.get("message_reference") and allowed.get("replied_user") is not False:
                problems.append(f"{where}: a reply that may ping its author ({allowed})")
        created = req.response
        if isinstance(created, dict) and "resource" in created:
            created = (created.get("resource") or {}).get("message")
        pinged = isinstance(created, dict) and (
            created.get("mentions")
            or created.get("mention_roles")
            or created.get("mention_everyone")
        )
        if pinged:
            problems.append(f"{where}: the created message mentions someone")
    return problems


def size_problems(requests: Iterable[RecordedRequest]) -> list[str]:
    """Content over 2,000 characters or embeds over Discord's limits."""
    problems = []
    for req, body in message_bodies(requests):
        where = f"{req.method} {req.path}"
        if len(body.get("content") or "") > CONTENT_LIMIT:
            problems.append(f"{where}: content over {CONTENT_LIMIT} characters")
        problems += [f"{where}: {p}" for p in limit_problems(body.get("embeds") or [])]
    return problems
