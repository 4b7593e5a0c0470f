"""Chunked encryption: any size round-trips; truncating, swapping or reordering chunks is caught."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_kit.core.blobstore import BlobStore
from evidence_kit.core.crypto import BLOB_HEADER_SIZE, TAG_SIZE
from evidence_kit.core.errors import CaseDamaged

CHUNK = 4096
KEY = bytes(range(32))


def _sizes() -> st.SearchStrategy[int]:
    edges = st.builds(lambda k, d: max(0, k * CHUNK + d), st.integers(0, 4), st.integers(-2, 2))
    return st.one_of(edges, st.integers(0, 5 * CHUNK))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(size=_sizes(), pieces=st.integers(1, 7), seed=st.integers(0, 2**32 - 1))
def test_any_size_round_trips_whatever_the_write_pattern(tmp_path: Path, size: int, pieces: int, seed: int) -> None:
    data = os.urandom(size)
    store = BlobStore(tmp_path / "blobs", KEY)
    writer = store.new_writer(chunk_size=CHUNK)
    step = max(1, size // pieces)
    for start in range(0, size, step):
        writer.write(data[start : start + step])
    blob_id, _, written = writer.commit()
    assert written == size
    with store.open(blob_id) as reader:
        assert reader.size == size
        assert reader.read() == data
        if size:
            middle = size // 2
            reader.seek(middle)
            assert reader.read(CHUNK + 3) == data[middle : middle + CHUNK + 3]


def _blob(tmp_path: Path, size: int) -> tuple[BlobStore, str, Path]:
    store = BlobStore(tmp_path / "blobs", KEY)
    writer = store.new_writer(chunk_size=CHUNK)
    writer.write(os.urandom(size))
    blob_id, _, _ = writer.commit()
    return store, blob_id, store.path_for(blob_id)


def _read_all(store: BlobStore, blob_id: str) -> bytes:
    with store.open(blob_id) as reader:
        return b"".join(reader.iter_chunks())


STRIDE = CHUNK + TAG_SIZE


@pytest.mark.parametrize(
    "damage",
    ["drop_last_chunk", "truncate_inside", "swap_chunks", "flip_byte", "append_chunk", "other_blob_header"],
)
def test_damaged_chunks_are_detected(tmp_path: Path, damage: str) -> None:
    store, blob_id, path = _blob(tmp_path, 3 * CHUNK + 100)
    raw = bytearray(path.read_bytes())
    header, body = raw[:BLOB_HEADER_SIZE], raw[BLOB_HEADER_SIZE:]
    chunks = [body[i : i + STRIDE] for i in range(0, len(body), STRIDE)]
    if damage == "drop_last_chunk":
        chunks = chunks[:-1]
    elif damage == "truncate_inside":
        chunks[-1] = chunks[-1][:-5]
    elif damage == "swap_chunks":
        chunks[0], chunks[1] = chunks[1], chunks[0]
    elif damage == "flip_byte":
        chunks[1][17] ^= 0x01
    elif damage == "append_chunk":
        chunks.append(chunks[0])
    elif damage == "other_blob_header":
        _, other_id, other_path = _blob(tmp_path, 10)
        header = bytearray(other_path.read_bytes()[:BLOB_HEADER_SIZE])
    path.write_bytes(bytes(header) + b"".join(chunks))
    with pytest.raises(CaseDamaged):
        _read_all(store, blob_id)


def test_a_chunk_from_another_file_is_refused(tmp_path: Path) -> None:
    store, first, first_path = _blob(tmp_path, 2 * CHUNK)
    _, second, second_path = _blob(tmp_path, 2 * CHUNK)
    a = bytearray(first_path.read_bytes())
    b = second_path.read_bytes()
    a[BLOB_HEADER_SIZE : BLOB_HEADER_SIZE + STRIDE] = b[BLOB_HEADER_SIZE : BLOB_HEADER_SIZE + STRIDE]
    first_path.write_bytes(bytes(a))
    with pytest.raises(CaseDamaged):
        _read_all(store, first)
