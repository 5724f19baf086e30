"""An app built from the environment, for running several workers over PostgreSQL:

    PILOTS_DATABASE_URL=postgresql://... PILOTS_SECRET_KEY=... \\
        uvicorn --factory web.asgi:app_from_env --workers 4

Each worker process builds its own services; they share the database, so sessions, idempotent
responses and sign-in lockouts hold across workers.
"""

from __future__ import annotations

from litestar import Litestar

from adapters.bootstrap import bootstrap
from adapters.settings import Settings
from web.app import create_app


def app_from_env() -> Litestar:
    settings = Settings.from_env()
    settings.resolved_secret_key()
    services = bootstrap(settings)
    app = create_app(services)
    app.on_shutdown.append(services.close)
    return app
