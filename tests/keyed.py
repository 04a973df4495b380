"""A data home with a key, for the tests of sealed private notes: made fast, read back in clear."""

from __future__ import annotations

import json
from pathlib import Path

from careernb import TABLES
from careernb.store import CsvStore, Store, keys, session, table_of
from careernb.store.seal_home import seal_home
from careernb.store.sealing import sealed_columns

FAST = keys.Argon2Params(memory_kib=64, iterations=1, lanes=1)
"""Argon2id cheap enough for a test; the default's cost is measured in benchmarks/keys.py."""
PASSPHRASE = "correct horse battery staple"


def give_key(store: Store, manager: str | None = None) -> tuple[keys.KeyRecord, keys.RecoveryCode]:
    """A key record kept where `careernb key init` keeps it (no cell sealed yet): the data home's
    key file, or on a database the manager's own row."""
    if store.home is None:
        record, code = keys.create(manager or store.scope.manager_id, PASSPHRASE, kdf=FAST)
        store.keys.keep(record)
        return record, code
    record, code = keys.create(manager or "ada", PASSPHRASE, kdf=FAST)
    keys.write_key_file(store.home / keys.KEY_FILE, record)
    return record, code


def seal(store: CsvStore, manager: str = "ada") -> keys.KeyRecord:
    """The home sealed as `careernb encrypt` seals it, and the session unlocked for it."""
    record, _ = give_key(store, manager)
    keyring = keys.unlock(record, PASSPHRASE)
    seal_home(store, keyring)
    session.hold(keyring)
    return record


def private_texts(store: CsvStore) -> set[str]:
    """Every private text of the home that is kept nowhere in clear (a sentence the person also
    said as their aspiration is in clear there, by design), as an unlocked store reads it."""
    sealed, clear = set(), set()
    for record_type in TABLES:
        table = table_of(record_type)
        names = {c.name for c in sealed_columns(table)}
        groups = (
            [store.load(record_type, p) for p in store.person_ids()]
            if table.per_person
            else [store.load(record_type)]
        )
        for rows in groups:
            for row in rows:
                for col in table.columns:
                    value = getattr(row, col.name)
                    if isinstance(value, str) and value:
                        (sealed if col.name in names else clear).add(str(value))
    return {t for t in sealed if not any(t in c for c in clear)}


def secret(folder: Path, name: str, text: str) -> str:
    """A passphrase (or code) in a file of its own, owner-only, as a script passes one."""
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(0o600)
    return str(path)


def every_byte(home: Path) -> bytes:
    """Every file under the home, as `grep -r` reads it."""
    return b"\n".join(p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file())


def csv_forms(text: str) -> list[bytes]:
    """How a text can appear in a CSV file: as typed, and with its quotes doubled."""
    return [text.encode(), text.replace('"', '""').encode()]


def copied(text: str) -> bytes:
    """A text as pg_dump's COPY data writes it."""
    escapes = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return "".join(escapes.get(c, c) for c in text).encode()


def clear_forms(text: str) -> list[bytes]:
    """Every form in which a text would be in clear in a file or a dump, and each of its lines
    alone: as typed, with CSV's doubled quotes, JSON-escaped (non-ASCII as it is, or as \\u
    escapes); and each of those as pg_dump's COPY data writes it (a jsonb value is both)."""
    forms = set()
    for part in [text, *text.splitlines()]:
        written = [*csv_forms(part), json.dumps(part, ensure_ascii=False)[1:-1].encode()]
        written.append(json.dumps(part)[1:-1].encode())
        forms |= {*written, *(copied(w.decode()) for w in written)}
    return sorted(forms)
