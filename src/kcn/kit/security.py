"""Generic security pieces: Argon2 password hashes, random tokens and their keyed hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token(prefix: str) -> str:
    """A random token such as ``kcn_3q…``; 256 bits of randomness."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def token_hash(secret_key: str, token: str) -> str:
    """The keyed hash stored instead of a token: a stolen table is useless without the key."""
    return hmac.new(secret_key.encode(), token.encode(), hashlib.sha256).hexdigest()


def new_password() -> str:
    return secrets.token_urlsafe(15)
