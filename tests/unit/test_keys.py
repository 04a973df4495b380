"""A manager's key record: unlocked by the passphrase or the recovery code alone, re-wrapped on a
passphrase change, rotated without losing old cells, stored without a secret in clear."""

from __future__ import annotations

import base64
import copy
import dataclasses
import inspect
import json
import pickle
import stat
import unicodedata

import pytest

from careernb.errors import CareernbError
from careernb.store import keys
from careernb.store.keyring import KeyCopyError, LockedError
from careernb.store.keys import (
    Argon2Params,
    KeyRecord,
    KeyRecordError,
    WeakPassphraseError,
    WrongPassphraseError,
    WrongRecoveryCodeError,
)
from careernb.store.recovery import ALPHABET, RecoveryCode, RecoveryCodeFormatError

FAST = Argon2Params(memory_kib=64, iterations=1, lanes=1)  # tests only: the default is never lowered
PASSPHRASE = "correct horse battery staple"
NEW_PASSPHRASE = "tuesday lighthouse marmalade orbit"
AAD = b'["a cell"]'


@pytest.fixture(scope="module")
def made() -> tuple[KeyRecord, RecoveryCode]:
    return keys.create("m0001", PASSPHRASE, kdf=FAST)


def _seal(keyring, text: bytes = b"what they said") -> tuple[str, bytes]:
    return keyring.seal_bytes(text, AAD)


def _opens(keyring, sealed: tuple[str, bytes]) -> bytes | None:
    return keyring.open_bytes(*sealed, AAD)


def test_the_default_argon2id_is_64_mib_three_passes_four_lanes_for_every_operation():
    assert Argon2Params(memory_kib=65536, iterations=3, lanes=4) == keys.DEFAULT_KDF
    for operation in (keys.create, keys.change_passphrase, keys.recover, keys.rotate):
        assert inspect.signature(operation).parameters["kdf"].default == keys.DEFAULT_KDF


def test_a_key_made_without_parameters_stores_the_default_ones():
    record, _ = keys.create("m0001", PASSPHRASE)
    assert record.kdf == keys.DEFAULT_KDF
    assert json.loads(record.to_json())["passphrase"]["memory_kib"] == 65536


def test_the_passphrase_and_the_recovery_code_unlock_the_same_key(made):
    record, code = made
    by_passphrase = keys.unlock(record, PASSPHRASE)
    by_code = keys.unlock_with_recovery(record, code)
    assert _opens(by_code, _seal(by_passphrase)) == b"what they said"
    assert by_passphrase.current == by_code.current == record.current
    assert by_passphrase.manager == "m0001"


@pytest.mark.parametrize(
    "wrong", ["correct horse battery stapl", "Correct horse battery staple", PASSPHRASE + " "]
)
def test_a_wrong_passphrase_is_refused_with_a_message_that_says_what_to_do(made, wrong):
    with pytest.raises(WrongPassphraseError) as err:
        keys.unlock(made[0], wrong)
    assert isinstance(err.value, CareernbError) and err.value.manager == "m0001"
    assert "Caps Lock" in str(err.value) and "recovery code" in str(err.value)
    assert wrong not in str(err.value) and err.value.__cause__ is None and err.value.__suppress_context__


def test_a_wrong_recovery_code_is_refused(made):
    with pytest.raises(WrongRecoveryCodeError) as err:
        keys.unlock_with_recovery(made[0], RecoveryCode.generate())
    assert "does not unlock your private notes" in str(err.value)


def test_the_same_words_typed_decomposed_unlock_what_was_made_composed():
    composed = unicodedata.normalize("NFC", "café crème brûlée")
    record, _ = keys.create("m0001", composed, kdf=FAST)
    assert not keys.unlock(record, unicodedata.normalize("NFD", composed)).locked


@pytest.mark.parametrize(("passphrase", "length"), [("", 0), ("hunter2", 7), ("a" * 11, 11), (" " * 12, 12)])
def test_a_short_or_blank_passphrase_is_refused_before_anything_is_made(passphrase, length):
    with pytest.raises(WeakPassphraseError) as err:
        keys.create("m0001", passphrase, kdf=FAST)
    assert err.value.length == length and err.value.minimum == keys.MIN_PASSPHRASE == 12
    assert "at least 12 characters" in str(err.value) and isinstance(err.value, ValueError)


def test_changing_the_passphrase_rewraps_the_same_key_and_keeps_the_recovery_code(made):
    record, code = made
    before = _seal(keys.unlock(record, PASSPHRASE))
    changed = keys.change_passphrase(record, PASSPHRASE, NEW_PASSPHRASE, kdf=FAST)
    assert _opens(keys.unlock(changed, NEW_PASSPHRASE), before) == b"what they said"
    assert _opens(keys.unlock_with_recovery(changed, code), before) == b"what they said"
    with pytest.raises(WrongPassphraseError):
        keys.unlock(changed, PASSPHRASE)
    assert changed.key_ids == record.key_ids and changed.current == record.current
    assert changed.passphrase_salt != record.passphrase_salt
    assert [k.by_recovery for k in changed.keys] == [k.by_recovery for k in record.keys]


def test_changing_the_passphrase_needs_the_old_one_and_a_strong_new_one(made):
    with pytest.raises(WrongPassphraseError):
        keys.change_passphrase(made[0], "not the passphrase", NEW_PASSPHRASE, kdf=FAST)
    with pytest.raises(WeakPassphraseError):
        keys.change_passphrase(made[0], PASSPHRASE, "short", kdf=FAST)


def test_a_lost_passphrase_is_replaced_through_the_recovery_code(made):
    record, code = made
    before = _seal(keys.unlock(record, PASSPHRASE))
    recovered, keyring = keys.recover(record, code.text.lower().replace("-", " "), NEW_PASSPHRASE, kdf=FAST)
    assert _opens(keyring, before) == b"what they said"
    assert _opens(keys.unlock(recovered, NEW_PASSPHRASE), before) == b"what they said"
    assert not keys.unlock_with_recovery(recovered, code).locked
    with pytest.raises(WrongPassphraseError):
        keys.unlock(recovered, PASSPHRASE)


def test_rotating_seals_under_a_new_key_keeps_the_old_one_and_replaces_the_recovery_code(made):
    record, old_code = made
    before = _seal(keys.unlock(record, PASSPHRASE))
    rotated, new_code = keys.rotate(record, PASSPHRASE, kdf=FAST)
    keyring = keys.unlock(rotated, PASSPHRASE)
    assert rotated.current != record.current and set(rotated.key_ids) == {record.current, rotated.current}
    assert _opens(keyring, before) == b"what they said"
    assert _seal(keyring)[0] == rotated.current
    assert _opens(keys.unlock_with_recovery(rotated, new_code), before) == b"what they said"
    with pytest.raises(WrongRecoveryCodeError):
        keys.unlock_with_recovery(rotated, old_code)


def test_an_old_key_is_forgotten_only_when_no_cell_names_it(made):
    rotated, _ = keys.rotate(made[0], PASSPHRASE, kdf=FAST)
    old = made[0].current
    assert keys.forget_unused_keys(rotated, {old}).key_ids == rotated.key_ids
    assert keys.forget_unused_keys(rotated, set()).key_ids == (rotated.current,)
    assert keys.forget_unused_keys(rotated, set()).current == rotated.current


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda r: dataclasses.replace(r, manager="m0002"), id="another manager"),
        pytest.param(
            lambda r: dataclasses.replace(
                r, current="0badc0de", keys=(dataclasses.replace(r.keys[0], key_id="0badc0de"),)
            ),
            id="another key id",
        ),
    ],
)
def test_a_wrapped_key_moved_to_another_manager_or_key_id_does_not_unwrap(made, change):
    with pytest.raises(WrongPassphraseError):
        keys.unlock(change(made[0]), PASSPHRASE)
    with pytest.raises(WrongRecoveryCodeError):
        keys.unlock_with_recovery(change(made[0]), made[1])


def test_a_record_reads_back_the_same_from_its_json_and_from_its_row(made):
    rotated, _ = keys.rotate(made[0], PASSPHRASE, kdf=FAST)
    assert KeyRecord.from_json(rotated.to_json()) == rotated
    assert KeyRecord.from_row(rotated.as_row()) == rotated
    assert tuple(rotated.as_row()) == keys.ROW_COLUMNS
    assert all(isinstance(v, str | int) for v in rotated.as_row().values())


def test_the_key_file_is_written_for_its_owner_alone_and_read_back(made, tmp_path):
    path = tmp_path / "home" / keys.KEY_FILE
    assert keys.read_key_file(path) is None
    keys.write_key_file(path, made[0])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.read_key_file(path) == made[0]


def _json_with(record: KeyRecord, change) -> str:
    data = json.loads(record.to_json())
    change(data)
    return json.dumps(data)


def _altered_second_key(data: dict) -> None:
    second = dict(data["keys"][0], key_id="0badc0de")
    wrapped = bytearray(base64.b64decode(second["by_passphrase"]))
    wrapped[-1] ^= 1
    second["by_passphrase"] = base64.b64encode(bytes(wrapped)).decode()
    data["keys"].append(second)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.pop("keys"), "it lacks the field 'keys'"),
        (lambda d: d.update(current="12345678"), "its current key '12345678' is not among its keys"),
        (lambda d: d.update(careernb_keys=2), "its format is 2"),
        (lambda d: d["passphrase"].update(kdf="scrypt"), "a key derivation careernb does not know"),
        (lambda d: d["passphrase"].update(memory_kib=-1), "Argon2id parameters are out of range"),
        (lambda d: d["passphrase"].update(iterations="3"), "a field is missing or damaged"),
        (lambda d: d["keys"][0].update(by_recovery="not base64!"), "a field is missing or damaged"),
        (lambda d: d["keys"][0].update(by_recovery="AAAA"), "a wrapped key or a salt has the wrong length"),
        (lambda d: d["keys"].append(d["keys"][0]), "key ids are missing, repeated or malformed"),
        (lambda d: d.update(passphrase=[]), "not shaped as a key record's"),
    ],
)
def test_a_damaged_key_file_is_refused_with_what_is_wrong(made, tmp_path, change, problem):
    path = tmp_path / keys.KEY_FILE
    path.write_text(_json_with(made[0], change), encoding="utf-8")
    with pytest.raises(KeyRecordError) as err:
        keys.read_key_file(path)
    assert problem in str(err.value) and str(path) in str(err.value)
    assert err.value.source == str(path) and "Nothing was changed" in str(err.value)


def test_a_key_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / keys.KEY_FILE
    path.write_text("{\n  oops", encoding="utf-8")
    with pytest.raises(KeyRecordError, match="it is not JSON"):
        keys.read_key_file(path)


def test_a_record_whose_second_key_was_altered_says_so_instead_of_blaming_the_passphrase(made):
    damaged = KeyRecord.from_json(_json_with(made[0], _altered_second_key))
    altered = "key 0badc0de does not unwrap while key .* does: it was altered"
    with pytest.raises(KeyRecordError, match=altered):
        keys.unlock(damaged, PASSPHRASE)


def test_no_key_passphrase_or_recovery_code_shows_in_a_record_keyring_code_or_error(made):
    record, code = made
    keyring = keys.unlock(record, PASSPHRASE)
    raw = keys._unwrap_all(record, passphrase=PASSPHRASE)[record.current]
    secrets = [PASSPHRASE, code.text, *code.groups, raw.hex(), base64.b64encode(raw).decode()]
    secrets.append(repr(raw)[2:-1])
    shown = [repr(record), str(record), repr(keyring), str(keyring), repr(code), str(code), f"{code}"]
    for error in (
        WrongPassphraseError("m0001"),
        WrongRecoveryCodeError("m0001"),
        WeakPassphraseError(5),
        LockedError("m0001", "answers"),
        KeyCopyError(),
    ):
        shown.append(str(error))
    for text in shown:
        for secret in secrets:
            assert secret not in text
    assert "m0001" in repr(keyring) and record.current in repr(keyring)


@pytest.mark.parametrize(
    "copying",
    [pickle.dumps, copy.copy, copy.deepcopy, lambda k: pickle.dumps(k, protocol=0)],
    ids=["pickle", "copy", "deepcopy", "pickle protocol 0"],
)
def test_a_keyring_is_never_pickled_or_copied(made, copying):
    keyring = keys.unlock(made[0], PASSPHRASE)
    with pytest.raises(KeyCopyError, match="never pickled or copied") as err:
        copying(keyring)
    assert isinstance(err.value, TypeError)
    with pytest.raises(TypeError):
        vars(keyring)


def test_a_locked_keyring_forgets_its_keys_and_says_so(made):
    keyring = keys.unlock(made[0], PASSPHRASE)
    sealed = _seal(keyring)
    keyring.lock()
    assert keyring.locked and keyring.key_ids == () and repr(keyring) == "<Keyring of 'm0001': locked>"
    with pytest.raises(LockedError, match="your private notes are locked"):
        _seal(keyring)
    with pytest.raises(LockedError):
        _opens(keyring, sealed)


def test_each_sealing_draws_a_fresh_nonce(made):
    keyring = keys.unlock(made[0], PASSPHRASE)
    blobs = {_seal(keyring, b"the same text")[1] for _ in range(50)}
    assert len(blobs) == 50 and len({b[:12] for b in blobs}) == 50


# -- the recovery code ---------------------------------------------------------------


def test_a_recovery_code_is_eight_groups_of_four_that_read_back_however_they_are_typed():
    code = RecoveryCode.generate()
    assert len(code.groups) == 8 and all(len(g) == 4 and set(g) <= set(ALPHABET) for g in code.groups)
    assert code.text == "-".join(code.groups)
    typed = " ".join(code.groups).lower().replace("0", "o").replace("1", "l")
    assert RecoveryCode.parse(typed) == code
    assert RecoveryCode.parse(code.text) == code and RecoveryCode.generate() != code


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("ABCD-EFGH", "it has 8 letters and digits, not 32"),
        ("U" * 32, "'U' cannot be in one"),
        ("", "it has 0"),
    ],
)
def test_text_that_cannot_be_a_recovery_code_says_why(typed, problem):
    with pytest.raises(RecoveryCodeFormatError) as err:
        RecoveryCode.parse(typed)
    assert problem in str(err.value) and "8 groups of 4" in str(err.value)


def test_a_recovery_code_is_confirmed_by_two_of_its_groups_typed_back():
    code = RecoveryCode.generate()
    first, second = code.ask()
    assert 1 <= first < second <= 8
    right = {first: code.groups[first - 1].lower(), second: f" {code.groups[second - 1]} "}
    assert code.confirms(right)
    assert not code.confirms({first: code.groups[first - 1]})
    assert not code.confirms({**right, second: code.groups[second - 1][::-1] + "X"})
    assert not code.confirms({first: code.groups[first - 1], 9: "ABCD"})
    assert len({code.ask() for _ in range(200)}) > 10


def test_a_recovery_code_is_never_pickled_and_its_repr_hides_it():
    code = RecoveryCode.generate()
    with pytest.raises(TypeError, match="never pickled"):
        pickle.dumps(code)
    assert code.groups[0] not in repr(code) and "hidden" in str(code)
