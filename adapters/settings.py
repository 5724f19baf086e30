"""Settings from the environment, as the README names them.

Parsing happens once, at the composition root, so a bad URL is a one-line error at start-up
rather than a stack trace on the first request.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

DEFAULT_DATABASE_URL = "sqlite:///pilots.sqlite3"
# Connections the event store may hold on PostgreSQL; a server shared with other services may
# need fewer, a large one more.
DEFAULT_POOL_SIZE = 10

Store = Literal["sqlite", "postgresql", "memory"]


class SettingsError(ValueError):
    """The configuration cannot be used; the message says which variable and why."""


@dataclass(frozen=True)
class PostgresParams:
    host: str
    port: int
    user: str
    password: str
    dbname: str


@dataclass(frozen=True)
class Settings:
    database_url: str
    store: Store
    sqlite_path: Path | None = None
    postgres: PostgresParams | None = None
    secret_key: str | None = None
    pool_size: int = DEFAULT_POOL_SIZE

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        url = env.get("PILOTS_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
        settings = parse_database_url(url)
        key = env.get("PILOTS_SECRET_KEY", "").strip() or None
        return Settings(
            settings.database_url, settings.store, settings.sqlite_path, settings.postgres, key,
            _pool_size(env.get("PILOTS_POOL_SIZE", "")),
        )  # fmt: skip

    def resolved_secret_key(self) -> str:
        """The key that signs sessions and CSRF tokens.

        On SQLite it is generated once and kept beside the database file, so a restart does not
        sign everyone out. PostgreSQL deployments run several workers, which must share a key
        the operator provides.
        """
        if self.secret_key:
            return self.secret_key
        if self.store == "postgresql":
            raise SettingsError("PILOTS_SECRET_KEY is required when the store is PostgreSQL")
        if self.sqlite_path is None:
            return secrets.token_urlsafe(32)
        key_file = self.sqlite_path.with_name(self.sqlite_path.name + ".secret")
        if not key_file.exists():
            key_file.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(32))
        return key_file.read_text().strip()


def _pool_size(raw: str) -> int:
    if not raw.strip():
        return DEFAULT_POOL_SIZE
    if not raw.strip().isdigit() or not 2 <= int(raw) <= 200:
        raise SettingsError(f"PILOTS_POOL_SIZE={raw!r}: a whole number from 2 to 200")
    return int(raw)


def parse_database_url(url: str) -> Settings:
    """Reads `sqlite:///PATH`, `postgresql://USER@HOST:PORT/DB` or `memory://`."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "memory":
        return Settings(url, "memory")
    if scheme == "sqlite":
        if parts.netloc:
            raise SettingsError(
                f"PILOTS_DATABASE_URL {url!r}: use sqlite:///relative/path or sqlite:////abs/path"
            )
        raw = unquote(parts.path)[1:] if parts.path.startswith("/") else unquote(parts.path)
        if not raw:
            raise SettingsError(f"PILOTS_DATABASE_URL {url!r} names no database file")
        return Settings(url, "sqlite", sqlite_path=Path(raw))
    if scheme in ("postgresql", "postgres"):
        dbname = unquote(parts.path.lstrip("/"))
        if not parts.hostname or not dbname:
            raise SettingsError(
                f"PILOTS_DATABASE_URL {url!r}: expected postgresql://USER@HOST:PORT/DB"
            )
        try:
            port = parts.port or 5432
        except ValueError as error:
            raise SettingsError(f"PILOTS_DATABASE_URL {url!r}: {error}") from None
        params = PostgresParams(
            host=parts.hostname,
            port=port,
            user=unquote(parts.username or "postgres"),
            password=unquote(parts.password or ""),
            dbname=dbname,
        )
        return Settings(url, "postgresql", postgres=params)
    raise SettingsError(
        f"PILOTS_DATABASE_URL {url!r}: the scheme must be sqlite, postgresql or memory"
    )
