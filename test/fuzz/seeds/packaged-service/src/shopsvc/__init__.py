"""Orders service."""
from .app import create_app

__all__ = ["create_app"]
__version__ = "0.3.1"
