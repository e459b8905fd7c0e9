"""The key behind the forgotten list: `forget` keeps no contact of an erased person, only an HMAC-SHA256 of each
of their e-mails and phones, keyed with a secret that lives outside the store (a file beside it, or the one
LEADSWEEP_FORGET_KEY_FILE names), so the store alone cannot tell whose hashes they are."""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_ENV = "LEADSWEEP_FORGET_KEY_FILE"


def key_path(store: Path) -> Path:
    """LEADSWEEP_FORGET_KEY_FILE, else `.<store>.forget.key` beside the store."""
    return Path(os.environ[KEY_ENV]) if os.environ.get(KEY_ENV) else store.with_name(f".{store.stem}.forget.key")


def load_key(store: Path, create: bool = False) -> bytes | None:
    """The key (32 random bytes, readable by its owner only), made on first use when `create`; None if missing."""
    path = key_path(store)
    if path.is_file():
        return path.read_bytes()
    if not create:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(secrets.token_bytes(32))
    return path.read_bytes()


def contacts_sql(rows: str) -> str:
    """SQL for the distinct (kind, value) contacts the forgotten list hashes, of the rows `rows` selects (columns
    of stg_leads / lead_members): each e-mail address and each valid phone and mobile number (E.164)."""
    return f"""
        select distinct kind, value from (
            select 'email' as kind, email as value from ({rows}) where email is not null
            union all select 'phone', phone_e164 from ({rows}) where phone_valid
            union all select 'phone', mobile_e164 from ({rows}) where mobile_valid)
        where value is not null"""


def digest(key: bytes, kind: str, value: str) -> str:
    """HMAC-SHA256 of a normalised contact (`kind` email or phone: lower-case address, E.164 number)."""
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
