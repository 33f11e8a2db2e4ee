"""The loader: blocks, kinds, duplicates, boilerplate, exact offsets, bad input."""
import pytest

from explorer import errors, from_text, load_article


def test_seed_blocks_index_the_original_text(seed_article):
    t = seed_article.text
    assert len(t) == 6919
    for b in seed_article.blocks:
        assert t[b.start:b.end] == b.text
    # nothing normalised: the non-breaking spaces and the space before the full stop survive
    assert t.count("\xa0") == 3
    assert "Nabiullina ." in t


def test_seed_block_kinds(seed_article):
    kinds = [b.kind for b in seed_article.blocks]
    assert len(kinds) == 48
    assert kinds[0] == "headline"
    assert kinds[1] == "standfirst"
    assert seed_article.blocks[1].text.startswith("It would be the second time")
    assert kinds.count("caption") == 12
    assert kinds.count("boilerplate") == 3
    assert [b.text for b in seed_article.blocks if b.kind == "boilerplate"] == [
        "The comments below have not been moderated.",
        "The views expressed in the contents above are those of our users and do not necessarily "
        "reflect the views of MailOnline.",
        "We are no longer accepting comments on this article."]


def test_seed_caption_duplicates(seed_article):
    dups = {b.block_id: b.duplicate_of for b in seed_article.blocks if b.duplicate_of}
    assert dups == {"b009": "b008", "b011": "b010", "b021": "b020", "b023": "b022",
                    "b033": "b032", "b035": "b034"}
    assert len(seed_article.content_blocks()) == 48 - 6 - 3


def test_meta_sidecar(seed_article):
    assert seed_article.published == "2023-06-03"
    assert seed_article.outlet == "MailOnline"
    assert seed_article.published_source == "meta.json"


def test_published_argument_overrides(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Headline\n\nBody text here.", encoding="utf-8")
    assert load_article(p, published="2020-01-02").published == "2020-01-02"
    with pytest.raises(errors.MetadataError):
        load_article(p, published="yesterday")


def test_single_newline_text_is_split_into_lines():
    a = from_text("Title line\nFirst sentence .\nSecond sentence .")
    assert [b.kind for b in a.blocks] == ["headline", "paragraph", "paragraph"]
    assert [b.text for b in a.blocks] == ["Title line", "First sentence .", "Second sentence ."]


def test_line_break_after_a_sentence_ends_a_paragraph_in_a_blank_line_text():
    text = ("Title\n\nShe spoke.\n“It is over,” he said.\nThe vote was\nlate, and 12\nfell.\n"
            "No, it's fine.”\n2020 was cited. Then\n\nLast one.")
    a = from_text(text)
    assert [b.text for b in a.blocks] == [
        "Title", "She spoke.", "“It is over,” he said.", "The vote was\nlate, and 12\nfell.",
        "No, it's fine.”", "2020 was cited. Then", "Last one."]
    assert all(text[b.start:b.end] == b.text for b in a.blocks)


@pytest.mark.parametrize("content, exc", [
    (b"", errors.EmptyArticle),
    (b"   \n\n  ", errors.EmptyArticle),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", errors.BinaryArticle),
    ("Caf\u00e9 au lait".encode("latin-1"), errors.ArticleDecodeError),
    (b"<!DOCTYPE html><html><head><script>alert(1)</script></head><body><p>x</p></body></html>",
     errors.HtmlArticle),
])
def test_bad_input_raises_typed_errors(tmp_path, content, exc):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(exc):
        load_article(p)
    assert p.read_bytes() == content  # never damaged


def test_missing_and_huge(tmp_path, monkeypatch):
    with pytest.raises(errors.ArticleNotFound):
        load_article(tmp_path / "nope.txt")
    import explorer.article as art
    monkeypatch.setattr(art, "MAX_BYTES", 100)
    p = tmp_path / "big.txt"
    p.write_text("Headline\n\n" + "word " * 100, encoding="utf-8")
    with pytest.raises(errors.ArticleTooLarge):
        load_article(p)


@pytest.mark.parametrize("value, iso", [("2023-06-03", "2023-06-03"), ("2023-06", "2023-06"),
                                        ("1998-02-13T14:26:00", "1998-02-13"), ("19980227", "1998-02-27")])
def test_check_date_forms(value, iso):
    from explorer.article import check_date
    assert check_date(value, "x") == iso
