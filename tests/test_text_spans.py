from policykg.ingest.text import MappedText, fold, join_wrapped, split_lines


def test_fold_is_one_to_one_so_offsets_survive():
    s = "（一）达到５０％以上：１．"
    assert len(fold(s)) == len(s) and fold(s) == "(一)达到50%以上:1."


def test_joined_text_maps_every_character_back_to_its_origin():
    original = "加强专业教\n\n  师队伍建设"
    lines = split_lines(original)
    joined = join_wrapped([lines[0].mapped(), lines[2].mapped()])
    assert joined.text == "加强专业教师队伍建设"
    for i, ch in enumerate(joined.text):
        assert original[joined.origin(i)] == ch
    span = joined.span(3, 7)
    assert original[span.start : span.end].replace("\n", "").replace(" ", "") == "业教师队"


def test_slices_keep_the_mapping():
    m = MappedText.of("前言：正文内容", 0, 7).slice(3)
    assert m.text == "正文内容" and m.origin(0) == 3
