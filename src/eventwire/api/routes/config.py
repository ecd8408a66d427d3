"""``GET /api/config``: the dashboard's settings."""

from __future__ import annotations

from fastapi import APIRouter

from eventwire import __version__
from eventwire.api.deps import SettingsDep
from eventwire.api.schemas import Config

router = APIRouter(prefix="/api", tags=["config"])


@router.get("/config")
def get_config(settings: SettingsDep) -> Config:
    """The optional map tile URL (``$EVENTWIRE_TILE_URL``) and eventwire's version."""
    return Config(tile_url=settings.tile_url, version=__version__)
