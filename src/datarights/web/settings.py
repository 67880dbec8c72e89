"""How the web app runs: where it listens, who may use it, where it keeps uploads.

A plain frozen value built by the CLI (or a test) and handed to `create_app`.
`check()` refuses the one unsafe combination: listening beyond loopback with
no access token.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from datarights.errors import ConfigError

TOKEN_ENV = "DATARIGHTS_TOKEN"
DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024
DEFAULT_BACKGROUND = 1024 * 1024  # about a second of reviewing
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def is_loopback(host: str) -> bool:
    """Whether `host` only accepts connections from this machine."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None  # required when host is not loopback
    db_url: str | None = None  # register database; None: $DATARIGHTS_DB or ./datarights.db
    data_dir: Path = Path("datarights-web")  # uploaded files, named by their sha256
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD
    # Uploads bigger than this are reviewed in the background (the client polls their status).
    background_bytes: int = DEFAULT_BACKGROUND
    playbook: str = "buyer"
    author: str = "datarights"  # author of tracked changes in redlined DOCX
    # Keep each registered file's bytes up to this many MB (0: none). None: $DATARIGHTS_KEEP_ORIGINALS.
    keep_originals_mb: float | None = None
    # Host headers accepted (DNS-rebinding guard). None: loopback names when bound to loopback, else any.
    allowed_hosts: tuple[str, ...] | None = None
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings with the token taken from $DATARIGHTS_TOKEN unless given."""
        if overrides.get("token") is None:
            overrides["token"] = os.environ.get(TOKEN_ENV) or None
        return cls(**overrides)  # type: ignore[arg-type]

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def uploads(self) -> Path:
        return self.data_dir / "uploads"

    def host_allowed(self, host_header: str) -> bool:
        name = host_header.rsplit(":", 1)[0] if not host_header.endswith("]") else host_header
        name = name.strip("[]").lower()
        if self.allowed_hosts is not None:
            return name in {h.strip("[]").lower() for h in self.allowed_hosts}
        if self.loopback:
            return name in {n.strip("[]") for n in LOOPBACK_NAMES}
        return True

    def check(self) -> None:
        """Raise ConfigError for settings that would expose the register."""
        if not self.loopback and not self.token:
            raise ConfigError(
                f"refusing to listen on {self.host} without an access token: "
                f"pass --token or set {TOKEN_ENV}, or bind to 127.0.0.1"
            )
        if self.token is not None and len(self.token) < 16:
            raise ConfigError("the access token is too short: use at least 16 characters")
        if self.max_upload_bytes <= 0:
            raise ConfigError("the upload limit must be positive")
        if self.keep_originals_mb is not None and self.keep_originals_mb < 0:
            raise ConfigError("the size cap for kept originals must not be negative")

    @property
    def keep_originals_bytes(self) -> int | None:
        return None if self.keep_originals_mb is None else int(self.keep_originals_mb * 1024 * 1024)
