"""Password hashing with argon2id (ASVS 5.0 v5.0.0-11.4.2, R19 in docs/quality.md).

The cost is argon2-cffi's default profile (64 MiB, 3 passes, 4 lanes, about 0.2 s here), well
above OWASP's floor of 19 MiB and 2 passes. bcrypt is not used because it refuses passwords
over 72 bytes, and long or non-ASCII passwords must work without being truncated.
"""

from __future__ import annotations

import unicodedata

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
# Argon2 pre-hashes its input, so length barely changes the cost; the bound keeps a form or a
# pipe from feeding megabytes into every login attempt.
MAX_LENGTH = 1024

_HASHER = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4, type=Type.ID)


class PasswordRejected(ValueError):
    """The password cannot be used; the message says why, in words for the person typing it."""


def _normalised(password: str) -> str:
    # NIST SP 800-63B: normalise Unicode, so "ä" typed as one code point or as "a" plus a
    # combining mark, on different keyboards, is the same password.
    return unicodedata.normalize("NFKC", password)


def check_password(password: str) -> str:
    """The password as it will be hashed, or PasswordRejected. No composition rules (ASVS 6.2.5)."""
    normalised = _normalised(password)
    if len(normalised) < MIN_LENGTH:
        raise PasswordRejected(f"the password must have at least {MIN_LENGTH} characters")
    if len(normalised) > MAX_LENGTH:
        raise PasswordRejected(f"the password must have at most {MAX_LENGTH} characters")
    return normalised


def hash_password(password: str) -> str:
    """The encoded argon2id hash (`$argon2id$v=19$m=...,t=...,p=...$salt$hash`) to store."""
    return _HASHER.hash(check_password(password))


def verify_password(password: str, password_hash: str) -> bool:
    """Whether the password matches the stored hash. Never raises: a malformed or foreign hash
    simply does not match."""
    if len(password) > 4 * MAX_LENGTH:
        return False  # do not even normalise an absurd input; normal lengths pay the full cost
    try:
        return _HASHER.verify(password_hash, _normalised(password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash was made with weaker settings than today's, so that it should be
    replaced at the next successful sign-in."""
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except (InvalidHashError, ValueError):
        return True
