"""Parallel wrong guesses count each other: no more than the limit get checked.

The throttle used to read the count of failures, then record the attempt; ten guesses sent at
once all read "no failures yet" and were all checked (18 tries instead of 5 on PostgreSQL).
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter

from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from kcn.auth import service
from kcn.models import LoginAttempt
from tests import conftest

GUESSES = 12


def test_parallel_wrong_guesses_do_not_exceed_the_limit(engine: Engine) -> None:
    settings = conftest.test_settings(engine.url.render_as_string(hide_password=False))
    username = f"ghost-{uuid.uuid4().hex[:8]}"
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(GUESSES, timeout=10)

    def guess(n: int) -> None:
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            try:
                service.login(session, settings, username, f"wrong-{n}", f"10.9.{n}.1")
                outcome = "accepted"
            except service.Throttled:
                outcome = "throttled"
            except service.BadCredentials:
                outcome = "checked"
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(GUESSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    try:
        assert not any(t.is_alive() for t in threads)
        assert outcomes["checked"] == settings.login_max_failures, outcomes
        assert outcomes["throttled"] == GUESSES - settings.login_max_failures, outcomes
    finally:
        with Session(engine) as session:
            session.execute(delete(LoginAttempt).where(LoginAttempt.username == username))
            session.commit()
