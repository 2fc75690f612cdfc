import gzip
import json
from datetime import date

from chronicle.sources import SourceError, read_paths


def test_formats_ids_and_bad_input(tmp_path):
    (tmp_path / "a.txt").write_text("Headline here today\nSome body text that is long enough.", "utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>Hello</p></body></html>", "utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    rows = [
        json.dumps({"id": "x1", "text": "One.", "published": "2024-01-02T10:00:00Z"}),
        "{not json",
        json.dumps({"id": "x2"}),
    ]
    with gzip.open(tmp_path / "c.jsonl.gz", "wt") as handle:
        handle.write("\n".join(rows))
    (tmp_path / "trunc.jsonl.gz").write_bytes(gzip.compress(b'{"id": "t", "text": "x"}\n' * 50)[:40])
    items = list(read_paths([tmp_path, tmp_path / "missing"]))
    articles = {i.id: i for i in items if not isinstance(i, SourceError)}
    errors = [str(i) for i in items if isinstance(i, SourceError)]
    # The lines of a truncated archive read before the break are kept; the break itself is reported.
    assert set(articles) - {"t"} == {"a.txt", "b.html", "x1"}
    assert articles["x1"].published == date(2024, 1, 2)
    assert any("bin.txt" in e and "binary" in e for e in errors)
    assert any("c.jsonl.gz:2" in e and "invalid JSON" in e for e in errors)
    assert any("c.jsonl.gz:3" in e and "no 'text' or 'html'" in e for e in errors)
    assert any("trunc.jsonl.gz" in e for e in errors)
    assert any("missing" in e and "no such file" in e for e in errors)


def test_a_file_given_directly_is_named_by_its_file_name(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "n.txt").write_text("Body text.", "utf-8")
    assert [a.id for a in read_paths([sub / "n.txt"])] == ["n.txt"]
    assert [a.id for a in read_paths([tmp_path])] == ["sub/n.txt"]


def test_latin1_text_is_decoded(tmp_path):
    (tmp_path / "l.txt").write_bytes("Le président a rencontré le ministre à Genève hier soir.".encode("latin-1"))
    (article,) = read_paths([tmp_path / "l.txt"])
    assert "Genève" in article.text


def test_gzipped_pages_and_date_field_aliases(tmp_path):
    (tmp_path / "p.html.gz").write_bytes(gzip.compress(b"<html><body><p>Hello there.</p></body></html>"))
    (tmp_path / "broken.html.gz").write_bytes(gzip.compress(b"<html><body>" * 200)[:30])
    (tmp_path / "d.jsonl").write_text(json.dumps({"id": "w1", "text": "Body.", "date": "2019-01-04"}) + "\n", "utf-8")
    items = list(read_paths([tmp_path]))
    articles = {i.id: i for i in items if not isinstance(i, SourceError)}
    errors = [str(i) for i in items if isinstance(i, SourceError)]
    assert "<p>Hello there.</p>" in articles["p.html.gz"].html
    assert articles["w1"].published == date(2019, 1, 4)
    assert any("broken.html.gz" in e and "decompress" in e for e in errors)
