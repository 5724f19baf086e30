"""R19 (docs/quality.md): argon2id with at least 19 MiB and 2 passes; long and non-ASCII
passwords work.

Each hash or verification costs about 0.2 s, so the hashes are made once per module.
"""

from __future__ import annotations

import unicodedata

import pytest
from argon2 import PasswordHasher

from adapters.accounts.passwords import (
    MAX_LENGTH,
    PasswordRejected,
    hash_password,
    needs_rehash,
    verify_password,
)

LONG = "".join(chr(ord("a") + i % 26) for i in range(199)) + "Z"  # 200 characters
NON_ASCII = "pässwörd-ñ-日本語"
OWASP_MIN_MEMORY_KIB = 19 * 1024
OWASP_MIN_PASSES = 2


@pytest.fixture(scope="module")
def long_hash() -> str:
    return hash_password(LONG)


@pytest.fixture(scope="module")
def non_ascii_hash() -> str:
    return hash_password(NON_ASCII)


def parameters(encoded: str) -> tuple[str, dict[str, int]]:
    """The variant and cost parameters written in an encoded hash: $argon2id$v=19$m=..,t=..,p=..$"""
    _, variant, _version, costs, _salt, _digest = encoded.split("$")
    return variant, {k: int(v) for k, v in (pair.split("=") for pair in costs.split(","))}


def test_the_stored_hash_is_argon2id_with_at_least_owasps_memory_and_passes(long_hash):
    variant, costs = parameters(long_hash)

    assert variant == "argon2id"
    assert costs["m"] >= OWASP_MIN_MEMORY_KIB
    assert costs["t"] >= OWASP_MIN_PASSES
    assert costs["p"] >= 1


def test_a_200_character_password_verifies_whole(long_hash):
    assert verify_password(LONG, long_hash)
    # Differing only in the last character proves nothing was truncated.
    assert not verify_password(LONG[:-1] + "Y", long_hash)


def test_a_non_ascii_password_verifies_however_its_accents_were_typed(non_ascii_hash):
    assert verify_password(NON_ASCII, non_ascii_hash)
    decomposed = unicodedata.normalize("NFD", NON_ASCII)
    assert decomposed != NON_ASCII
    assert verify_password(decomposed, non_ascii_hash)


def test_a_wrong_password_does_not_verify(non_ascii_hash):
    assert not verify_password("passwörd-ñ-日本語", non_ascii_hash)


@pytest.mark.parametrize("garbage", ["", "not a hash", "$argon2id$v=19$m=65536,t=3,p=4$x$y"])
def test_a_malformed_stored_hash_does_not_verify_and_does_not_raise(garbage):
    assert not verify_password(NON_ASCII, garbage)
    assert needs_rehash(garbage)


@pytest.mark.parametrize("password", ["", "1234567", " " * 3 + "abc"])
def test_a_password_shorter_than_8_characters_is_rejected(password):
    with pytest.raises(PasswordRejected, match="at least 8 characters"):
        hash_password(password)


def test_a_password_longer_than_the_limit_is_rejected():
    with pytest.raises(PasswordRejected, match=f"at most {MAX_LENGTH} characters"):
        hash_password("x" * (MAX_LENGTH + 1))


def test_a_password_of_exactly_the_limit_is_accepted():
    assert verify_password("ü" * MAX_LENGTH, hash_password("ü" * MAX_LENGTH))


def test_a_fresh_hash_needs_no_rehash_but_a_weaker_one_does(long_hash):
    weaker = PasswordHasher(memory_cost=OWASP_MIN_MEMORY_KIB, time_cost=OWASP_MIN_PASSES)

    assert not needs_rehash(long_hash)
    assert needs_rehash(weaker.hash(LONG))
