"""The login limiter, on the shared counts of hechting.web.throttle.

Per email address every sign-in attempt counts (a success resets it), so even attempts sent in
parallel get at most five password checks per window; per client address (as the trusted
proxy reports it) only failures count, so a classroom behind one NAT can still sign in. Once
either limit is reached no password is checked at all and every attempt gets the same answer,
whether the password was right or wrong.
"""

from hechting.web import throttle
from hechting.web.throttle import client_ip

__all__ = ["attempt", "client_ip", "record_failure", "reset"]


def _email(email: str) -> str:
    return email.strip().lower()


def attempt(*, email: str, ip: str) -> throttle.Verdict:
    """Count a sign-in attempt; refused (without counting the email) while the address is locked."""
    by_ip = throttle.peek(throttle.rule("login-ip"), ip)
    if not by_ip.allowed:
        return by_ip
    return throttle.hit(throttle.rule("login-email"), _email(email))


def record_failure(*, ip: str) -> None:
    throttle.hit(throttle.rule("login-ip"), ip)


def reset(*, email: str) -> None:
    throttle.reset(throttle.rule("login-email"), _email(email))
