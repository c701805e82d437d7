"""E-mail notices on a request's assignment and answer, through SMTP when ``KCN_SMTP_HOST``
is set (none is sent otherwise). The router hands the sending to a background task, run in a
worker thread after the response: it never blocks the event loop, and a failed send is
logged, never an error of the request."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from kcn.config import Settings
from kcn.kit.i18n import translate
from kcn.models import RequestStep, SupportRequest

log = logging.getLogger("kcn.monitoring.mail")


@dataclass(frozen=True)
class Mail:
    to: tuple[str, ...]
    subject: str
    body: str


def notices(
    request: SupportRequest, step: RequestStep, lang: str, agency_email: str | None = None
) -> list[Mail]:
    """The notices a step sends: on assignment to the enterprise and the agency, on an answer
    to the enterprise."""
    if step.action not in ("assign", "answer"):
        return []
    to = [request.enterprise.email] if request.enterprise.email else []
    if step.action == "assign" and agency_email:
        to.append(agency_email)
    if not to:
        return []
    params = {
        "id": request.id,
        "enterprise": request.enterprise.name,
        "topic": translate(f"request.topic.{request.topic}", lang),
        "agency": translate(f"request.agency.{request.agency}", lang),
        "due": request.due_on or "",
        "answer": request.answer,
    }
    subject = translate(f"mail.{step.action}.subject", lang, **params)
    body = translate(f"mail.{step.action}.body", lang, **params)
    return [Mail(tuple(to), subject, body)]


def send(settings: Settings, mails: list[Mail]) -> int:
    """Send ``mails``; how many went. Nothing without ``KCN_SMTP_HOST``; a failure is logged."""
    if not settings.smtp_host or not mails:
        return 0
    sent = 0
    try:
        with smtplib.SMTP(
            settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
        ) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            for mail in mails:
                message = EmailMessage()
                message["From"] = settings.smtp_from
                message["To"] = ", ".join(mail.to)
                message["Subject"] = mail.subject
                message.set_content(mail.body)
                smtp.send_message(message)
                sent += 1
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("e-mail notice not sent: %s", exc)
    return sent
