"""The writers of ocrtools.formats, on pages built by hand.

ALTO and PAGE output is validated against the real schemas, read from ``../shared/data/xsd``
beside the checkout (never copied into the repository; the tests skip without them), and
hOCR is checked with ``hocr-check`` from hocr-tools. The other formats are compared with
what their module docstrings promise.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ocrtools.document import Block, Char, Line, Page, Word
from ocrtools.formats import FORMATS, Writer, writer
from ocrtools.formats.alto import alto_document
from ocrtools.formats.fields import display_name, tsv_field, xml_comment
from ocrtools.formats.hocr import hocr_document
from ocrtools.formats.pagexml import page_xml

HOCR_CHECK = Path(sys.executable).parent / "hocr-check"
ALTO_NS = "{http://www.loc.gov/standards/alto/ns-v4#}"
PAGE_NS = "{http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15}"
XHTML_NS = "{http://www.w3.org/1999/xhtml}"
NAME = "scan\udcff.png"  # the byte 0xff of a file name that is not UTF-8
ODD = "Café “naïve” – 10€"


def make_word(text: str, x: int, y: int, w: int, h: int, confidence: float) -> Word:
    step = w // len(text)
    chars = [Char(c, (x + k * step, y, step, h), confidence) for k, c in enumerate(text)]
    return Word(text, (x, y, w, h), confidence, chars)


def make_line(words: list[Word], block: int, index: int, **kw: object) -> Line:
    x0 = min(w.box[0] for w in words)
    y0 = min(w.box[1] for w in words)
    x1 = max(w.box[0] + w.box[2] for w in words)
    y1 = max(w.box[1] + w.box[3] for w in words)
    confidence = sum(w.confidence for w in words) / len(words)
    return Line(" ".join(w.text for w in words), (x0, y0, x1 - x0, y1 - y0), confidence,
                words, block=block, index=index, **kw)  # type: ignore[arg-type]


def two_block_page(image: str = NAME, number: int = 1) -> Page:
    """A page of two blocks: two lines at the left (one with a baseline, one with a
    polygon and the non-ASCII word), one line without words at the right."""
    first = make_line([make_word("Hello", 20, 20, 100, 30, 0.95),
                       make_word("world", 130, 20, 100, 30, 0.40)], 0, 0,
                      baseline=[(20, 44), (230, 46)])
    odd = [make_word(t, 20 + 70 * k, 70, 60, 30, p)
           for k, (t, p) in enumerate(zip(ODD.split(), (0.9, 0.8, 0.7, 0.5), strict=True))]
    second = make_line(odd, 0, 1, polygon=[(18, 68), (300, 68), (300, 102), (18, 102)])
    third = Line("tab\there <&>", (400, 20, 150, 30), 0.75, [], block=1, index=2)
    return Page(image, (600, 400), number, [Block(0, [first, second]), Block(1, [third])])


def one_line_page(text: str = "2021-03-04", image: str = "date.png") -> Page:
    line = make_line([make_word(text, 5, 5, 100, 20, 0.99)], 0, 0)
    return Page(image, (110, 30), 1, [Block(0, [line])])


def empty_page() -> Page:
    return Page("blank.png", (50, 40), 1, [])


def error_page() -> Page:
    return Page("broken.jpg", (0, 0), 1, error="not an image -- cannot identify-")


def written(fmt: str, pages: list[Page]) -> str:
    out = io.StringIO()
    with writer(fmt, out) as w:
        for page in pages:
            w.write(page)
    return out.getvalue()


ALL_PAGES = [two_block_page(), one_line_page(), empty_page(), error_page()]


# ---- shared pieces ----------------------------------------------------------------------

def test_display_name_shows_undecodable_bytes_and_controls():
    assert display_name(NAME) == "scan\\xff.png"
    assert display_name("a\tb\nc\x7f.png") == "a\\x09b\\x0ac\\x7f.png"
    assert display_name("C:\\scans\\Café.png") == "C:\\scans\\Café.png"
    # what comes out can be written as UTF-8 and parsed as XML
    display_name(NAME + "\ud800").encode("utf-8")
    ET.fromstring(f"<a>{display_name(chr(1) + 'x')}</a>")


def test_xml_comment_never_holds_a_double_hyphen():
    comment = xml_comment("a -- b --- c-")
    assert comment.startswith("<!-- ") and comment.endswith(" -->")
    assert "--" not in comment[4:-3]
    ET.fromstring(f"<a>{comment}</a>")


def test_formats_and_factory():
    assert FORMATS == ("text", "tsv", "tsv-lines", "jsonl", "hocr", "alto", "page")
    with pytest.raises(ValueError, match="unknown format"):
        writer("pdf", io.StringIO())
    out = io.StringIO()
    w = writer("text", out)
    assert isinstance(w, Writer)
    w.write(one_line_page())
    w.close()
    w.close()  # a second close writes nothing more
    assert out.getvalue() == "2021-03-04\n" and not out.closed
    with pytest.raises(ValueError):
        w.write(one_line_page())


def test_every_format_writes_every_kind_of_page():
    for fmt in FORMATS:
        text = written(fmt, ALL_PAGES)
        assert text.endswith("\n"), fmt
        if fmt == "jsonl":  # the stream keeps the name's bytes, for the next stage to open
            assert b'"image":"scan\xff.png"' in text.encode("utf-8", "surrogateescape")
            continue
        text.encode("utf-8")  # no lone surrogates left
        if fmt != "text":
            assert "\udcff" not in text and "scan\\" in text, fmt


# ---- text ---------------------------------------------------------------------------------

def test_text_one_line_per_field_image():
    assert written("text", [one_line_page()]) == "2021-03-04\n"
    pages = [one_line_page("A"), empty_page(), error_page(), one_line_page("B")]
    assert written("text", pages) == "A\n\n\nB\n"


def test_text_form_feed_between_pages_of_many_lines():
    page = two_block_page()
    assert written("text", [page]) == "Hello world\n" + ODD + "\n\ntab\there <&>\n"
    out = written("text", [one_line_page("A"), page, one_line_page("B"), one_line_page("C")])
    assert out == "A\n\f\n" + page.text + "\n\f\nB\nC\n"
    assert not out.startswith("\f")


# ---- tsv ----------------------------------------------------------------------------------

def test_tsv_one_row_per_page():
    rows = written("tsv", ALL_PAGES).splitlines()
    assert len(rows) == 4
    fields = [row.split("\t") for row in rows]
    assert all(len(f) == 4 for f in fields)
    assert fields[0][0] == "scan\\\\xff.png"  # \xff shown, then the backslash escaped
    assert fields[0][1] == "Hello world\\n" + ODD + "\\n\\ntab\\there <&>"
    assert fields[0][2] == f"{two_block_page().confidence:.3f}"
    assert fields[1] == ["date.png", "2021-03-04", "0.990", "1"]
    assert fields[2] == ["blank.png", "", "0.000", "1"]
    assert fields[3] == ["broken.jpg", "", "", "1"]


def test_tsv_escaping():
    assert tsv_field("a\\b\tc\nd") == "a\\\\b\\tc\\nd"
    page = one_line_page("x\\t")
    assert written("tsv", [page]).split("\t")[1] == "x\\\\t"


def test_tsv_lines_header_once_then_a_row_per_line():
    rows = written("tsv-lines", ALL_PAGES + [one_line_page()]).splitlines()
    header = "#image\tpage\tblock\tline\tx\ty\tw\th\tconfidence\ttext"
    assert rows[0] == header and rows.count(header) == 1
    body = [row.split("\t") for row in rows[1:]]
    assert all(len(f) == 10 for f in body)
    assert [f[2:4] for f in body[:3]] == [["1", "1"], ["1", "2"], ["2", "3"]]
    assert body[0][4:8] == ["20", "20", "210", "30"]
    assert body[1][9] == ODD
    assert body[2][9] == "tab\\there <&>"
    assert body[3] == ["date.png", "1", "1", "1", "5", "5", "100", "20", "0.990", "2021-03-04"]
    assert body[4] == ["blank.png", "1"] + [""] * 8
    assert body[5] == ["broken.jpg", "1"] + [""] * 8
    assert written("tsv-lines", []) == header + "\n"


# ---- jsonl --------------------------------------------------------------------------------

def test_jsonl_round_trips():
    from ocrtools.records import read_records

    text = written("jsonl", ALL_PAGES)
    records = list(read_records(io.StringIO(text)))
    assert len(records) == 3 + 1 + 1 + 1
    back = Page.from_records(records[:3])
    assert back == two_block_page()
    assert Page.from_records(records[3:4]) == one_line_page()
    assert Page.from_records(records[4:5]).lines == []
    assert Page.from_records(records[5:6]).error == error_page().error


# ---- hOCR ---------------------------------------------------------------------------------

def hocr_check(tmp_path: Path, text: str, *options: str) -> None:
    if not HOCR_CHECK.exists():
        pytest.skip("hocr-check not installed (pip install hocr-tools)")
    path = tmp_path / "out.hocr"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([str(HOCR_CHECK), *options, str(path)], capture_output=True,
                            text=True, timeout=30)
    # hocr-check always exits 0: a failed check is a line "not ok N - ..." on stderr
    assert result.returncode == 0, result.stderr
    assert "ok 1" in result.stderr
    assert "not ok" not in result.stderr, result.stderr


def titles(element: ET.Element) -> dict[str, str]:
    props = {}
    for part in element.get("title", "").split(";"):
        key, _, value = part.strip().partition(" ")
        props[key] = value
    return props


def test_hocr_passes_hocr_check(tmp_path):
    hocr_check(tmp_path, written("hocr", [two_block_page()]))
    # its overlap checks compare lines of all pages alike, whatever page they are on:
    # a document of several pages is checked without them
    hocr_check(tmp_path, written("hocr", ALL_PAGES), "--nooverlap")


def test_hocr_checker_can_fail(tmp_path):
    text = written("hocr", [two_block_page()]).replace("ocr-capabilities", "x")
    with pytest.raises(AssertionError):
        hocr_check(tmp_path, text)


def test_hocr_structure_ids_and_boxes():
    text = written("hocr", ALL_PAGES)
    assert text == hocr_document(ALL_PAGES)
    root = ET.fromstring(text)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    pages = [e for e in root.iter() if e.get("class") == "ocr_page"]
    assert [p.get("id") for p in pages] == ["page_1", "page_2", "page_3", "page_4"]
    first = titles(pages[0])
    assert first["image"] == '"scan\\\\xff.png"' and first["bbox"] == "0 0 600 400"
    assert [titles(p)["ppageno"] for p in pages] == ["0", "1", "2", "3"]
    careas = [e for e in pages[0] if e.get("class") == "ocr_carea"]
    assert [titles(c)["bbox"] for c in careas] == ["20 20 290 100", "400 20 550 50"]
    par = careas[0].find(XHTML_NS + "p")
    assert par is not None and par.get("class") == "ocr_par"
    lines = [e for e in pages[0].iter() if e.get("class") == "ocr_line"]
    assert [e.get("id") for e in lines] == ["line_1_1", "line_1_2", "line_1_3"]
    assert titles(lines[0])["bbox"] == "20 20 230 50"
    # baseline from (20, 44) to (230, 46): slope 2/210, 6 px above the bbox's bottom
    slope, offset = titles(lines[0])["baseline"].split()
    assert float(slope) == pytest.approx(2 / 210, abs=1e-4) and offset == "-6"
    assert "baseline" not in titles(lines[1]) and "poly" not in titles(lines[0])
    assert titles(lines[1])["poly"] == "18 68 300 68 300 102 18 102"
    words = [e for e in pages[0].iter() if e.get("class") == "ocrx_word"]
    assert [w.text for w in words] == ["Hello", "world", *ODD.split()]
    assert titles(words[1]) == {"bbox": "130 20 230 50", "x_wconf": "40"}
    assert "".join(lines[2].itertext()) == "tab\there <&>"
    meta = {m.get("name"): m.get("content") for m in root.iter(XHTML_NS + "meta")}
    for cls in ("ocr_page", "ocr_carea", "ocr_par", "ocr_line", "ocrx_word"):
        assert cls in (meta["ocr-capabilities"] or "").split()


def test_hocr_error_page_is_a_comment():
    text = written("hocr", [error_page()])
    page = re.search(r"<div class='ocr_page'.*?</div>", text, re.S)
    assert page is not None
    comment = re.search(r"<!--(.*?)-->", page.group(0), re.S)
    assert comment is not None and "not an image" in comment.group(1)
    assert "--" not in comment.group(1)
    ET.fromstring(text)


# ---- ALTO ---------------------------------------------------------------------------------



def test_alto_validates(alto_schema):
    for pages in (ALL_PAGES, [empty_page()], [error_page()], [one_line_page()]):
        alto_schema.validate(io.StringIO(written("alto", pages)))


def test_alto_schema_rejects_what_it_should(alto_schema):
    text = written("alto", [two_block_page()])
    for bad in (text.replace('WC="0.950"', 'WC="95"'),
                text.replace('REF="block_1_2"', 'REF="block_9"'),
                re.sub(r' PHYSICAL_IMG_NR="\d+"', "", text)):
        assert bad != text
        assert not alto_schema.is_valid(io.StringIO(bad))


def test_alto_content():
    text = written("alto", ALL_PAGES)
    assert text == alto_document(ALL_PAGES)
    root = ET.fromstring(text)
    name = root.find(f"{ALTO_NS}Description/{ALTO_NS}sourceImageInformation/{ALTO_NS}fileName")
    assert name is not None and name.text == "scan\\xff.png"
    software = root.find(f".//{ALTO_NS}processingSoftware/{ALTO_NS}softwareName")
    assert software is not None and software.text == "ocrtools"
    pages = root.findall(f"{ALTO_NS}Layout/{ALTO_NS}Page")
    assert [(p.get("ID"), p.get("PHYSICAL_IMG_NR")) for p in pages] == [
        ("page_1", "1"), ("page_2", "2"), ("page_3", "3"), ("page_4", "4")]
    assert (pages[0].get("WIDTH"), pages[0].get("HEIGHT")) == ("600", "400")
    blocks = pages[0].findall(f".//{ALTO_NS}TextBlock")
    assert [(b.get("HPOS"), b.get("VPOS"), b.get("WIDTH"), b.get("HEIGHT")) for b in blocks] \
        == [("20", "20", "270", "80"), ("400", "20", "150", "30")]
    refs = [e.get("REF") for e in root.iter(f"{ALTO_NS}ElementRef")]
    assert refs == [b.get("ID") for b in root.iter(f"{ALTO_NS}TextBlock")]
    lines = pages[0].findall(f".//{ALTO_NS}TextLine")
    assert lines[0].get("BASELINE") == "20,44 230,46"
    strings = [(s.get("CONTENT"), s.get("WC")) for s in lines[1].iter(f"{ALTO_NS}String")]
    assert strings == list(zip(ODD.split(), ("0.900", "0.800", "0.700", "0.500"), strict=True))
    assert [c.tag for c in lines[1]][1:] == [ALTO_NS + t for t in
                                             ("String", "SP", "String", "SP", "String", "SP",
                                              "String")]
    polygon = lines[1].find(f"{ALTO_NS}Shape/{ALTO_NS}Polygon")
    assert polygon is not None and polygon.get("POINTS") == "18,68 300,68 300,102 18,102"
    glyphs = [g.get("CONTENT") for g in lines[1].iter(f"{ALTO_NS}Glyph")]
    assert "".join(glyphs) == ODD.replace(" ", "")
    assert [s.get("CONTENT") for s in lines[2].iter(f"{ALTO_NS}String")] == ["tab\there <&>"]
    ids = [e.get("ID") for e in root.iter() if e.get("ID")]
    assert len(ids) == len(set(ids))
    for page in pages[2:]:  # empty and error pages: nothing inside PrintSpace
        space = page.find(f"{ALTO_NS}PrintSpace")
        assert space is not None and len(space) == 0
    assert "not an image - - cannot identify- -->" in text
    assert written("alto", []) == ""


# ---- PAGE XML -----------------------------------------------------------------------------

def split_page_documents(text: str) -> list[str]:
    return text.split("\n\f\n")


def test_page_xml_validates(page_schema):
    for page in ALL_PAGES:
        page_schema.validate(io.StringIO(page_xml(page)))
    documents = split_page_documents(written("page", ALL_PAGES))
    assert len(documents) == len(ALL_PAGES)
    for document in documents:
        page_schema.validate(io.StringIO(document))


def test_page_schema_rejects_what_it_should(page_schema):
    text = page_xml(two_block_page())
    for bad in (text.replace('conf="0.950"', 'conf="95"'),
                text.replace('regionRef="r_2"', 'regionRef="r_9"'),
                text.replace('points="20,20', 'points="-20,20'),
                re.sub(r"<Created>.*?</Created>", "", text)):
        assert bad != text
        assert not page_schema.is_valid(io.StringIO(bad))


def test_page_xml_content():
    root = ET.fromstring(page_xml(two_block_page()))
    page = root.find(PAGE_NS + "Page")
    assert page is not None
    assert (page.get("imageFilename"), page.get("imageWidth"), page.get("imageHeight")) == (
        "scan\\xff.png", "600", "400")
    order = [(r.get("index"), r.get("regionRef")) for r in page.iter(PAGE_NS + "RegionRefIndexed")]
    regions = page.findall(PAGE_NS + "TextRegion")
    assert order == [("0", "r_1"), ("1", "r_2")]
    assert [r.get("id") for r in regions] == ["r_1", "r_2"]
    coords = regions[0].find(PAGE_NS + "Coords")
    assert coords is not None and coords.get("points") == "20,20 290,20 290,100 20,100"
    lines = page.findall(f".//{PAGE_NS}TextLine")
    baseline = lines[0].find(PAGE_NS + "Baseline")
    assert baseline is not None and baseline.get("points") == "20,44 230,46"
    polygon = lines[1].find(PAGE_NS + "Coords")
    assert polygon is not None and polygon.get("points") == "18,68 300,68 300,102 18,102"
    words = lines[1].findall(PAGE_NS + "Word")
    assert [w.findtext(f"{PAGE_NS}TextEquiv/{PAGE_NS}Unicode") for w in words] == ODD.split()
    line_equiv = lines[1].findall(PAGE_NS + "TextEquiv")[-1]
    assert line_equiv.findtext(PAGE_NS + "Unicode") == ODD
    assert float(line_equiv.get("conf", "")) == pytest.approx(0.725, abs=1e-3)
    assert [c.tag for c in lines[1]][-1] == PAGE_NS + "TextEquiv"  # after the words
    region_text = regions[0].findall(PAGE_NS + "TextEquiv")[-1].findtext(PAGE_NS + "Unicode")
    assert region_text == "Hello world\n" + ODD
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_page_xml_empty_error_and_off_page(page_schema):
    for page in (empty_page(), error_page()):
        root = ET.fromstring(page_xml(page))
        assert root.find(f".//{PAGE_NS}TextRegion") is None
    assert "<!-- error: not an image - - cannot identify- -->" in page_xml(error_page())
    page = one_line_page()
    page.lines[0].words[0].box = (-3, -2, 50, 20)  # a box reaching past the image's edge
    page_schema.validate(io.StringIO(page_xml(page)))
    assert written("page", []) == ""


def test_characters_xml_cannot_carry_do_not_spoil_a_document(alto_schema, page_schema, tmp_path):
    page = one_line_page("ab\x0c\x00cd\ufffe")
    page.image = "bad\x01name\udc80.png"
    alto_schema.validate(io.StringIO(written("alto", [page])))
    page_schema.validate(io.StringIO(page_xml(page)))
    text = written("hocr", [page])
    ET.fromstring(text)
    assert "ab\\x0c\\x00cd\\ufffe" in text and "bad\\\\x01name\\\\x80.png" in text
    hocr_check(tmp_path, text)


def test_text_leaves_out_lines_found_without_text():
    """A line the layout found but nothing was read on (a picture's speck) is no empty
    line in the text, and a block of only such lines no blank-line-separated block."""
    page = two_block_page()
    speck = Line("", (300, 300, 10, 10), 0.0, [], block=2, index=3)
    page.blocks[0].lines.insert(1, Line("", (20, 55, 10, 10), 0.0, [], block=0, index=1))
    page.blocks.append(Block(2, [speck]))
    assert page.text == two_block_page().text
    assert len(page.lines) == 5  # the lines stay (their boxes in hOCR, ALTO, PAGE)
