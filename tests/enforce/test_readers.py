"""The gate's JSONL reader on a batch it must parse line by line (a bad line, or a field whose
type differs between lines): every field of every record survives, whichever record has it."""

from __future__ import annotations

from datarights.enforce.readers import parse_lines


def test_a_field_the_first_record_lacks_is_kept() -> None:
    lines = [b'{"id": 1}', b"{not json", b'{"id": 2, "text": "kept"}', b'{"id": "x", "extra": [1]}']
    parsed = parse_lines(lines, [1, 2, 3, 4])
    assert parsed.batch.schema.names == ["id", "text", "extra"]
    assert parsed.batch.column("text").to_pylist() == [None, "kept", None]
    # `id` is a number in two lines and a string in one: kept as JSON text, not lost.
    assert parsed.batch.column("id").to_pylist() == ["1", "2", "x"]
    assert parsed.batch.column("extra").to_pylist() == [None, None, "[1]"]
    assert [m.ordinal for m in parsed.malformed] == [2] and parsed.ordinals.tolist() == [1, 3, 4]
