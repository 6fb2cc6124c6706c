"""The QueryEngine as a FastAPI dependency: one per app, made on first use by the factory given to
create_app (so tests and the CLI choose the store)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from policykg.queries.engine import QueryEngine


def get_engine(request: Request) -> QueryEngine:
    state = request.app.state
    if getattr(state, "engine", None) is None:
        state.engine = state.engine_factory()
    return state.engine


E = Annotated[QueryEngine, Depends(get_engine)]
