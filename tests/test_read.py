from pathlib import Path

import pytest
from policykg.ingest.read import ReadError, decode_bytes, read_source

TEXT = "郴州市人民政府文件\n郴政发〔2021〕9号\n一、总体目标\n（一）加强领导。各县市区人民政府负责。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
def test_every_supported_encoding_decodes_to_the_same_text(encoding):
    text, detected = decode_bytes(TEXT.encode(encoding))
    assert text == TEXT
    assert detected


def test_bom_is_not_part_of_the_text_so_spans_match_utf8():
    text, enc = decode_bytes(TEXT.encode("utf-8-sig"))
    assert enc == "utf-8-sig" and text[0] == "郴"


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"  \n\t\r\n ", "blank"), (bytes(range(256)) * 8, "binary"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary")],
)
def test_unusable_files_are_rejected_with_a_reason(data, reason):
    with pytest.raises(ReadError, match=reason):
        decode_bytes(data)


def test_read_source_records_encoding_and_hash(tmp_path: Path):
    p = tmp_path / "doc.txt"
    p.write_bytes(TEXT.encode("gb18030"))
    src = read_source(p)
    assert src.encoding == "gb18030" and src.text == TEXT and len(src.sha256) == 64
