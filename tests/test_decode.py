from ocrtools.decode import REJECT, decode_best_path, join_chars
from ocrtools.typed import Decoder, date_valid, iban_valid


def _label(best, p, *alts):
    return {"label": best, "p": p, "alt": [list(a) for a in alts]}


def test_best_path_prefers_a_whole_letter_over_two_rejected_halves():
    segments = [(0, 5), (5, 10), (12, 18)]
    spans = [(0, 1), (0, 2), (1, 2), (2, 3)]
    boxes = [(0, 0, 5, 10), (0, 0, 10, 10), (5, 0, 5, 10), (12, 0, 6, 10)]
    labels = [
        _label(REJECT, 0.9, ("n", 0.05)),
        _label("m", 0.95, (REJECT, 0.03)),
        _label(REJECT, 0.9, ("i", 0.05)),
        _label("a", 0.9, ("o", 0.05)),
    ]
    chars = decode_best_path(segments, spans, boxes, labels, xheight=10)
    assert "".join(c.char for c in chars) == "ma"
    assert join_chars(chars, band_height=10) == "ma"


def test_small_noise_segment_is_skipped_and_wide_gap_is_a_space():
    segments = [(0, 8), (9, 10), (30, 38)]
    spans = [(0, 1), (1, 2), (2, 3)]
    boxes = [(0, 0, 8, 10), (9, 5, 1, 1), (30, 0, 8, 10)]
    labels = [_label("A", 0.99), _label(REJECT, 0.99, (".", 0.005)), _label("B", 0.98)]
    chars = decode_best_path(segments, spans, boxes, labels, xheight=10)
    assert join_chars(chars, band_height=12) == "A B"


def test_iban_check_and_correction_from_alternatives():
    assert iban_valid("DE89 3704 0044 0532 0130 00")
    assert not iban_valid("DE89 3704 0044 0532 0130 08")
    text = "DE89370400440532013008"
    segments = [(10 * k, 10 * k + 8) for k in range(len(text))]
    spans = [(k, k + 1) for k in range(len(text))]
    boxes = [(a, 0, 8, 10) for a, _ in segments]
    labels = [_label(c, 0.9) for c in text]
    labels[-1] = _label("8", 0.6, ("0", 0.35), ("B", 0.05))
    chars = decode_best_path(segments, spans, boxes, labels, xheight=10)
    plain = Decoder("any").correct(chars, lambda t: "".join(t))
    fixed = Decoder("iban").correct(chars, lambda t: "".join(t))
    assert plain.endswith("08") and fixed == "DE89370400440532013000"


def test_dates_are_calendar_dates():
    for good in ("2021-03-04", "04/03/2021", "4.3.2021", "March 4, 2021", "04 Mar 2021"):
        assert date_valid(good), good
    for bad in ("2021-13-04", "31.02.2021", "March 44, 2021", "hello"):
        assert not date_valid(bad), bad


def test_charset_restricts_the_labels():
    segments, spans, boxes = [(0, 8)], [(0, 1)], [(0, 0, 8, 10)]
    labels = [_label("O", 0.6, ("0", 0.4))]
    decoder = Decoder("any", "0123456789")
    chars = decode_best_path(segments, spans, boxes, labels, 10, decoder.allowed)
    assert chars[0].char == "0"


def _chars(text, alts):
    from ocrtools.decode import Char

    return [
        Char(c, (10 * k, 0, 8, 10), 0.6, (k, k + 1), ((c, 0.6),) + tuple(alts.get(c, ())))
        for k, c in enumerate(text)
    ]


def test_context_turns_lookalikes_into_what_their_word_is():
    from ocrtools.decode import apply_context

    alts = {"l": (("I", 0.3), ("1", 0.05)), "O": (("0", 0.3),), "0": (("O", 0.2),)}
    assert "".join(c.char for c in apply_context(_chars("BLACKBlRD", alts), 12)) == "BLACKBIRD"
    assert "".join(c.char for c in apply_context(_chars("2O21", alts), 12)) == "2021"
    # a code mixes letters and digits: nothing to decide from, nothing changes
    assert "".join(c.char for c in apply_context(_chars("AC0W4", alts), 12)) == "AC0W4"
    # ... but one small letter shaped like its capital among capitals and digits is one
    alts = {"u": (("U", 0.2),), "a": (("A", 0.2),)}
    assert "".join(c.char for c in apply_context(_chars("FC0MOuK61W", alts), 12)) == "FC0MOUK61W"
    assert "".join(c.char for c in apply_context(_chars("FC0MOaK61W", alts), 12)) == "FC0MOaK61W"
    assert "".join(c.char for c in apply_context(_chars("Xu4", alts), 12)) == "Xu4"
    alts = {"c": (("C", 0.1),), "0": (("O", 0.2),)}
    assert "".join(c.char for c in apply_context(_chars("cOMP0SING", alts), 12)) == "COMPOSING"
    assert "".join(c.char for c in apply_context(_chars("cOMPOnING", alts), 12)) == "cOMPOnING"
    # there the capital needs only to be listed at all; other look-alikes need p >= 0.01
    alts = {"u": (("U", 0.005),), "l": (("I", 0.005),)}
    assert "".join(c.char for c in apply_context(_chars("FC0MOuK61W", alts), 12)) == "FC0MOUK61W"
    assert "".join(c.char for c in apply_context(_chars("BLACKBlRD", alts), 12)) == "BLACKBlRD"
    alts = {"s": (("S", 0.002),)}
    assert "".join(c.char for c in apply_context(_chars("OsAM", alts), 12)) == "OSAM"
    assert "".join(c.char for c in apply_context(_chars("Oslo", alts), 12)) == "Oslo"


def test_a_hexadecimal_numbers_lookalikes_are_its_digits():
    """`0x100` in a typewriter face read `0xl00` (a spec's flags, eval-pdf mime_11): the x
    after a leading 0 makes the word a hexadecimal number, whose l, I and O are 1, 1 and
    0; its a-f stay letters, and a word that only starts with 0x is left alone."""
    from ocrtools.decode import apply_context

    alts = {"l": (("1", 0.05), ("I", 0.3)), "O": (("0", 0.2),), "o": (("0", 0.2),)}
    assert "".join(c.char for c in apply_context(_chars("0xl00", alts), 12)) == "0x100"
    assert "".join(c.char for c in apply_context(_chars("0xFFOl", alts), 12)) == "0xFF01"
    assert "".join(c.char for c in apply_context(_chars("0xbeef", alts), 12)) == "0xbeef"
    assert "".join(c.char for c in apply_context(_chars("0xlong", alts), 12)) == "0xlong"
    # (read right, it stays so: x is a small letter, and a word of small letters
    # would have its 1 and 0 made l and o)
    alts = {"1": (("l", 0.05),), "0": (("o", 0.05),)}
    assert "".join(c.char for c in apply_context(_chars("0x100", alts), 12)) == "0x100"


def _read(words, alts):
    """apply_context on words (one group each), the text it gives back."""
    from ocrtools.decode import Char, apply_context

    chars, groups = [], []
    for word in words:
        groups.append([])
        for c in word:
            groups[-1].append(len(chars))
            k = len(chars)
            chars.append(Char(c, (10 * k, 0, 8, 10), 0.6, (k, k + 1),
                              ((c, 0.6),) + tuple(alts.get(c, ()))))
    out = apply_context(chars, 12, groups)
    return " ".join("".join(out[k].char for k in g) for g in groups)


def test_signs_read_as_letters_or_digits_are_put_back_by_their_context():
    alts = {"S": (("$", 0.3),), "8": (("&", 0.1),), "O": (("0", 0.2),), "§": (("$", 0.2),)}
    # a dollar before an amount, joined to it or not
    assert _read(["S50.86"], alts) == "$50.86"
    assert _read(["S(0.36)A"], alts) == "$(0.36)A"
    assert _read(["S", "13.79"], alts) == "$ 13.79"
    assert _read(["§", "8.44"], alts) == "$ 8.44"
    # ... but an S before a word, or a code's S, stays
    assert _read(["Sales", "SOS"], alts) == "Sales SOS"
    assert _read(["S", "and"], alts) == "S and"
    # an ampersand between capitals
    assert _read(["S8P", "500"], alts) == "S&P 500"
    assert _read(["STANLEY", "8", "CO."], alts) == "STANLEY & CO."
    assert _read(["room", "8", "B"], alts) == "room 8 B"
    assert _read(["A8", "AT8T", "FIJAJKFS8BPMYJNQ"], alts) == "A8 AT&T FIJAJKFS8BPMYJNQ"
    # a zero after a digit, several in a row
    assert _read(["1OOMG", "2.0Ob", "13.Ox"], alts) == "100MG 2.00b 13.0x"
    assert _read(["OK"], alts) == "OK"
    assert _read(["ENQ4RJGW1CQ0OVIG"], alts) == "ENQ4RJGW1CQ0OVIG"  # a code: 0 or O alike
    # nothing changes where the model did not list the sign
    assert _read(["S50", "S8P", "5Okt"], {}) == "S50 S8P 5Okt"


def test_iban_length_per_country_and_grouping():
    assert not iban_valid("NL02FWZ228G592491")  # 17 characters: Dutch IBANs have 18
    decoder = Decoder("iban")
    assert decoder.layout("NL27 WLKV5264279839") == "NL27 WLKV 5264 2798 39"
    assert decoder.layout("NL27WLKV5264279839") == "NL27WLKV5264279839"


def test_a_valid_iban_is_regrouped_without_expect():
    plain = Decoder()
    # the whole line passes the check: a missed or extra gap is a misreading
    assert plain.layout("NL27 WLKV5264279839") == "NL27 WLKV 5264 2798 39"
    assert plain.layout("NL27WLKV 5264 2798 39") == "NL27 WLKV 5264 2798 39"
    assert plain.layout("NL27WLKV5264279839") == "NL27WLKV5264279839"  # compact stays
    # not an IBAN (or not only one): left as read
    assert plain.layout("NL28 WLKV5264279839") == "NL28 WLKV5264279839"
    assert plain.layout("IBAN NL27 WLKV5264279839") == "IBAN NL27 WLKV5264279839"
    assert Decoder("word").layout("NL27 WLKV5264279839") == "NL27 WLKV5264279839"


def test_a_slash_read_as_a_stroke_in_a_date():
    from ocrtools.decode import apply_context

    alts = {"I": (("/", 0.2), ("1", 0.1)), "l": (("/", 0.05),)}
    read = "".join(c.char for c in apply_context(_chars("8/10I2080", alts), 12))
    assert read == "8/10/2080"
    read = "".join(c.char for c in apply_context(_chars("04l08l32", alts), 12))
    assert read == "04/08/32"
    # no date with the slash (a 33rd day): the stroke stays what the word says
    read = "".join(c.char for c in apply_context(_chars("8/33I2080", alts), 12))
    assert "/33/" not in read
    # a number that is no date keeps its ones
    assert "".join(c.char for c in apply_context(_chars("1I0", alts), 12)) != "1/0"
    # a letter among digits needs the slash only listed; a one needs p >= 0.01 for it
    alts = {"I": (("/", 0.005),), "1": (("/", 0.005),)}
    assert "".join(c.char for c in apply_context(_chars("4I3I2045", alts), 12)) == "4/3/2045"
    assert "".join(c.char for c in apply_context(_chars("41312045", alts), 12)) == "41312045"


def _path(text, space_alts):
    """Emissions of ``text``; each space gets the next runners-up of ``space_alts``."""
    from ocrtools.ctc import Emission

    alts = iter(space_alts)
    out = []
    for k, ch in enumerate(text):
        extra = next(alts) if ch == " " else ()
        out.append(Emission(ch, k, k, 0.9, ((ch, 0.9), *extra)))
    return out


def test_a_decimal_point_read_as_a_space_is_mended_when_the_model_listed_it():
    from ocrtools.decode import decimal_points

    def read(text, *space_alts):
        return "".join(e.char for e in decimal_points(_path(text, space_alts)))

    assert read("Discount 0 00", (), ((".", 0.28),)) == "Discount 0.00"
    assert read("Total 60 95 SR", (), ((",", 0.02), (".", 0.08)), ()) == "Total 60.95 SR"
    assert read("Time 11:49 00", (), ((".", 0.3), (":", 0.1))) == "Time 11:49:00"
    # not listed (or barely): a space stays a space
    assert read("Discount 0 00", (), ((".", 0.01),)) == "Discount 0 00"
    # a quantity before a price, a year after a day, groups of an IBAN
    assert read("Qty 5 60.95", (), ((".", 0.3),)) == "Qty 5 60.95"
    assert read("on 12 2020", (), ((".", 0.3),)) == "on 12 2020"
    assert read("NL88 FREZ 8680 3949 29", (), (), (), ((".", 0.3),)) == "NL88 FREZ 8680 3949 29"


def test_a_capital_i_read_as_l_where_no_word_starts_so_is_put_back():
    alts = {"l": (("I", 0.2),), "T": (("1", 0.05),)}
    assert _read(["lf", "l", "would,", "lnc", "lts", "lt"], alts) == "If I would, Inc Its It"
    # ... but a word that starts with an l stays, and litres stay litres
    assert _read(["large", "lbs", "llama", "5", "l"], alts) == "large lbs llama 5 l"
    assert _read(["lf"], {}) == "lf"  # the model did not list the I
    # a one read as T between digits
    assert _read(["In", "20T7", "TT7", "T4"], alts) == "In 2017 TT7 T4"


def test_a_dollar_in_a_unit_is_put_back():
    alts = {"S": (("$", 0.2),), "§": (("$", 0.2),), "5": (("$", 0.05),)}
    assert _read(["Revenue", "(SMM)", "(S000)", "(USS)", "(US§", "m)", "~US525.", "USS)"],
                 alts) == "Revenue ($MM) ($000) (US$) (US$ m) ~US$25. US$)"
    # ... not where it is a letter: a ship, a word, a plural
    assert _read(["USS", "Enterprise", "(SMART)", "USSR", "(Ss)"], alts) == \
        "USS Enterprise (SMART) USSR (Ss)"
    assert _read(["(SMM)"], {}) == "(SMM)"  # the model did not list the dollar


def test_a_zero_alone_among_numbers_is_not_a_letter_o():
    alts = {"o": (("0", 0.01),), "O": (("0", 0.2),)}
    # a table's row of counts: each o beside a number (as mended so far) is a zero
    assert _read(["380", "o", "o", "25", "2", "O", "o"], alts) == "380 0 0 25 2 0 0"
    assert _read(["o", "1,358"], alts) == "0 1,358"
    assert _read(["$5.64", "o", "$2.13"], alts) == "$5.64 0 $2.13"
    # a rating beside a date is not a zero: a number on each side, or the line's end
    rating = ["(GWPHO)", "O", "(08/13/2015)", "$115.11"]
    assert _read(rating, alts) == " ".join(rating)
    # an o among words stays, and a zero the model did not list is not made up
    assert _read(["Mr", "o", "Brien"], alts) == "Mr o Brien"
    assert _read(["12", "o"], {}) == "12 o"


def _frames_record(spec):
    """A line record whose frames read ``spec`` (a label for sure, or [[label, p], ...])."""
    import numpy as np

    from ocrtools import ctc, records

    frames = [[[item, 0.99], [ctc.BLANK, 0.01]] if isinstance(item, str) else item
              for item in spec]
    return {"image": "x.png",
            "line": {"top": 5, "bottom": 25, "baseline": 22, "xheight": 10.0, "angle": 0.0},
            "strip": {"png": records.encode_gray(np.zeros((32, 4 * len(frames)), np.uint8)),
                      "x0": 0.0, "scale": 1.0},
            "task": "ctc-line", "stride": 4, "frames": frames}


def test_a_point_the_best_path_passed_over_in_a_number_is_put_back():
    from ocrtools.ctc import BLANK as B
    from ocrtools.pipeline import join_record

    def read(*spec):
        return join_record(_frames_record(list(spec)))["text"]

    dot = [[B, 0.7], [".", 0.25], [",", 0.05]]
    comma = [[B, 0.6], [".", 0.22], [",", 0.18]]
    # the dot lost to the blank between two digits, two digits after it: an amount
    assert read("$", B, "5", dot, "6", B, "7") == "$5.67"
    assert read("1", B, "3", B, "5", dot, "4", B, "0") == "135.40"
    # three digits after it: a thousands separator, the comma preferred (61,574)
    assert read("6", B, "1", comma, "5", B, "7", B, "4") == "61,574"
    # too faint, or four digits without a currency sign (a year, an IBAN's group): as read
    assert read("$", B, "5", [[B, 0.95], [".", 0.05]], "6", B, "7") == "$567"
    assert read("2", B, "0", dot, "1", B, "9") == "2019"
    assert read("$", "2", B, "0", dot, "1", B, "9") == "$20.19"
    # a number that has its point keeps it, and gets no second one
    assert read("1", dot, "2", B, ".", B, "5", B, "0") == "12.50"
    # one digit after it: a table's figure (`332.7`, `29.9%`), in four digits too, but
    # only before the last one; not in a code's digits
    assert read("2", B, "9", dot, "9", "%") == "29.9%"
    assert read("3", B, "3", B, "2", dot, "7") == "332.7"
    assert read("3", dot, "3", B, "2", B, "7") == "3327"
    assert read("C", B, "3", dot, "7") == "C37"


def test_a_numbers_mark_lost_where_its_groups_of_three_say_one_stands_is_put_back():
    """A table's small print: `1550.7` beside `1,500.1`, `$2,2374` for `$2,237.4` (a
    comma parts groups of three digits), the mark given a few hundredths."""
    from ocrtools.ctc import BLANK as B
    from ocrtools.pipeline import join_record

    def read(*spec):
        return join_record(_frames_record(list(spec)))["text"]

    comma = [[B, 0.9], [",", 0.06], [".", 0.04]]
    dot = [[B, 0.9], [".", 0.05], [",", 0.05]]
    assert read("1", comma, "5", B, "5", B, "0", ".", "7") == "1,550.7"
    assert read("$", "2", ",", "2", B, "3", B, "7", dot, "4") == "$2,237.4"
    # without the model's word for it, or where no group says so: as read
    faint = [[B, 0.99], [",", 0.005], [".", 0.005]]
    assert read("1", faint, "5", B, "5", B, "0", ".", "7") == "1550.7"
    assert read("2", comma, "2", B, "3", ".", "7") == "223.7"  # (three: no thousands)
    assert read("$", "2", ",", "2", B, "3", dot, "7") == "$2,237"  # (three: a whole group)
    assert read("A", "1", comma, "5", B, "5", B, "0", ".", "7") == "A1550.7"  # a code


def test_a_thousands_comma_read_as_a_point_is_a_comma_where_the_model_gave_it_some():
    """`9.637` for `9,637`, `1.004.685` for `1,004,685` (a comma's tail is a pixel in a
    table's small print): a point before a number's last three digits is a comma where
    the model gave the comma 5%; in a number of two such points, where it listed it."""
    from ocrtools.ctc import BLANK as B
    from ocrtools.pipeline import join_record

    def read(*spec):
        return join_record(_frames_record(list(spec)))["text"]

    point = [[".", 0.7], [",", 0.26], [B, 0.04]]
    sure = [[".", 0.96], [",", 0.004], [B, 0.036]]
    assert read("9", point, "6", B, "3", B, "7") == "9,637"
    assert read("1", point, "0", B, "0", B, "4", sure, "6", B, "8", B, "5") == "1,004,685"
    # a point the model was sure of, a fraction, a decimal of two digits, or of four
    assert read("9", sure, "6", B, "3", B, "7") == "9.637"
    assert read("0", point, "1", B, "2", B, "5") == "0.125"
    assert read("9", point, "6", B, "3") == "9.63"
    assert read("9", point, "6", B, "3", B, "7", B, "5") == "9.6375"
    assert read("A", "9", point, "6", B, "3", B, "7") == "A9.637"  # (a code)


def test_a_point_the_best_path_passed_over_after_a_letter_is_put_back():
    """A small, tight table's ticker `(ABBV.N)` read `(ABBVN)`, `Q. (By` read `Q (By`:
    the model gave the dot a few hundredths between the letters."""
    from ocrtools.ctc import BLANK as B
    from ocrtools.pipeline import join_record

    def read(*spec):
        return join_record(_frames_record(list(spec)))["text"]

    dot = [[B, 0.9], [".", 0.06]]
    assert read("(", "B", B, "V", dot, "N", ")") == "(BV.N)"
    assert read("Q", dot, " ", "(", "B", "y") == "Q. (By"
    # too faint; or not between capitals (`budget. table`); after an L, whose foot the
    # model takes for a dot (`ANAL.YST`); in a code with digits; beside an unsure letter
    assert read("B", "V", [[B, 0.98], [".", 0.02]], "N") == "BVN"
    assert read("e", "t", dot, " ", "t", "a") == "et ta"
    assert read("A", "L", dot, "Y", "S") == "ALYS"
    assert read("M", "7", "M", dot, "J", "A") == "M7MJA"
    assert read("B", [["V", 0.6], [B, 0.4]], dot, "N") == "BVN"


def test_a_capital_i_the_best_path_passed_over_between_capitals_is_put_back():
    """A table's condensed caps, `METOCLOPRAMDE` for `METOCLOPRAMIDE`: the I's frame
    lost to the blank, the model giving it a tenth."""
    from ocrtools.ctc import BLANK as B
    from ocrtools.pipeline import join_record

    def read(*spec):
        return join_record(_frames_record(list(spec)))["text"]

    lost = [[B, 0.8], ["I", 0.15]]
    assert read("A", "M", lost, "D", "E") == "AMIDE"
    # too faint; beside an I (whose own frames give the I some probability); lowercase
    assert read("A", "M", [[B, 0.95], ["I", 0.05]], "D", "E") == "AMDE"
    assert read("D", "I", lost, "N", "E") == "DINE"
    assert read("a", "m", lost, "d", "e") == "amde"


def test_a_web_addresss_two_slashes_read_as_one_are_two():
    from ocrtools.ctc import BLANK as B
    from ocrtools.pipeline import join_record

    def read(*spec):
        return join_record(_frames_record(list(spec)))["text"]

    assert read("h", "t", B, "t", "p", "s", ":", "/", "w", "w") == "https://w"
    assert read("H", "T", B, "T", "P", ":", "/", "a") == "HTTP://a"
    # two already; not in another word's colon and slash (a ratio, `a:/b`)
    assert read("h", "t", B, "t", "p", ":", "/", B, "/", "w") == "http://w"
    assert read("w", "h", "t", B, "t", "p", ":", "/", "w") == "whttp:/w"


def test_a_typewriters_double_hyphen_read_as_one_is_put_back_with_its_spaces():
    """A deposition's `know -- it` read `know-it`: the model's two hyphen peaks, a
    blank between them too weak to part them, collapse into one, and a space is never
    put back beside a hyphen (`well-known`)."""
    from ocrtools.ctc import BLANK as B
    from ocrtools.pipeline import join_record

    def read(*spec):
        return join_record(_frames_record(list(spec)))["text"]

    space = [[B, 0.6], [" ", 0.38]]
    second = [[B, 0.85], ["-", 0.13]]
    assert read("o", "w", space, "-", B, second, space, "i", "t") == "ow -- it"
    # a hyphen alone keeps its word's letters beside it; a dash read as two gets no third
    assert read("e", "l", space, "-", B, B, space, "k", "n") == "el-kn"
    assert read("n", " ", "-", B, "-", second, " ", "w", "i") == "n -- wi"


def test_two_hyphens_between_letters_are_an_em_dash():
    """`election--will`, `CONFIDENTIAL--SUBJECT`: the model reads an em dash's long
    stroke as two hyphens; between letters, with no space beside it, it is one dash. A
    typewriter's two hyphens between spaces stay two; a charset without the dash too."""
    from ocrtools.ctc import BLANK as B
    from ocrtools.ctc import best_path
    from ocrtools.pipeline import join_record

    def read(*spec):
        return join_record(_frames_record(list(spec)))["text"]

    assert read("n", "-", B, B, "-", "w", "i") == "n—wi"
    assert read("n", " ", "-", B, B, "-", " ", "w") == "n -- w"
    assert read("4", "-", B, B, "-", "5") == "4--5"
    frames = _frames_record(["n", "-", B, B, "-", "w"])["frames"]
    assert "".join(e.char for e in best_path(frames, frozenset("nw-"))) == "n--w"


def test_an_amounts_cents_read_apart_or_as_letters_are_joined_back():
    from ocrtools.decode import Char, amount_tails

    def read(words, alts=(("0", 0.2),), gap=4):
        chars, groups, x = [], [], 0
        for word in words:
            groups.append([])
            for c in word:
                groups[-1].append(len(chars))
                chars.append(Char(c, (x, 0, 8, 20), 0.6, (x, x + 1), ((c, 0.6), *alts)))
                x += 10
            x += gap
        out, joined = amount_tails(chars, groups)
        return " ".join("".join(out[k].char for k in g) for g in joined)

    assert read(["TOTAL", "24.", "oo"]) == "TOTAL 24.00"
    assert read(["CASH", "86.", "00", "A"]) == "CASH 86.00 A"
    assert read(["ROUNDING", "U.00"]) == "ROUNDING 0.00"
    # a list after a comma, a year ending a sentence, a word space: apart
    assert read(["6883,", "17"]) == "6883, 17"
    assert read(["in", "2019.", "17"]) == "in 2019. 17"
    assert read(["24.", "17"], gap=30) == "24. 17"
    # letters the model did not take for zeros stay letters, and apart
    assert read(["24.", "oo"], alts=()) == "24. oo"


def test_two_words_set_tight_part_at_a_capital_where_the_model_gave_the_space_some():
    """A tight table's `KeryxBiopharmaceuticals`, `SyndaxPharmaceuticals`: between a
    small letter and a capital a space given 5% is a word's gap; a name's own capital
    (`MacroGenics`, `BeiGene`) gets none from the model and stays joined."""
    from ocrtools.ctc import BLANK as B
    from ocrtools.pipeline import join_record

    def read(*spec):
        return join_record(_frames_record(list(spec)))["text"]

    gap = [[B, 0.88], [" ", 0.12]]
    assert read("K", "e", "r", "y", "x", gap, "B", "i", "o") == "Keryx Bio"
    assert read("M", "a", "c", "r", "o", B, "G", "e", "n") == "MacroGen"
    # between two small letters a gap given 12% is no space (a kerned word's letters)
    assert read("K", "e", "r", "y", "x", gap, "b", "i", "o") == "Keryxbio"


def test_a_contractions_apostrophe_read_as_a_space_is_put_back():
    """A typewriter's `we re`, `They re` (its apostrophe a short stroke high in a wide
    cell): before a contraction's end, the space is the apostrophe the model gave 1%."""
    from ocrtools.ctc import BLANK as B
    from ocrtools.pipeline import join_record

    def read(*spec):
        return join_record(_frames_record(list(spec)))["text"]

    mark = [[" ", 0.8], [B, 0.15], ["'", 0.05]]
    assert read("w", "e", B, mark, B, "r", "e", B, " ", "n", "o") == "we're no"
    assert read("c", "a", "n", mark, "t", B, " ", "g", "o") == "can't go"
    # not before a word, nor where the model gave the mark nothing
    assert read("w", "e", B, mark, B, "r", "a", "n") == "we ran"
    plain = [[" ", 0.9], [B, 0.1]]
    assert read("w", "e", B, plain, B, "r", "e", B, " ", "n", "o") == "we re no"


def test_a_bracketed_numbers_misread_brackets_are_put_back():
    """A negative amount's `$(0.14)A` read `$/0.14A` and `$(0.17E` (small print's thin
    curves): a slash before a number after a sign is the bracket the model listed, and a
    closing bracket passed over after a bracketed number is put back."""
    from ocrtools.ctc import BLANK as B
    from ocrtools.pipeline import join_record

    def read(*spec):
        return join_record(_frames_record(list(spec)))["text"]

    slash = [["/", 0.6], ["(", 0.3], [B, 0.1]]
    lost = [[B, 0.9], [")", 0.1]]
    assert read("$", slash, "0", ".", "1", "4", lost, "A") == "$(0.14)A"
    assert read("$", "(", "0", ".", "1", "7", lost, "E") == "$(0.17)E"
    # a date's slash, a path's, a bracket closed already, a mark the model did not give
    assert read("1", "0", slash, "0", "1") == "10/01"
    assert read("d", "s", slash, "0", "1") == "ds/01"
    assert read("(", "9", "6", ")", lost, "E") == "(96)E"
    assert read("(", "9", "6", [[B, 0.99], [")", 0.005]], "E") == "(96E"


def test_a_slash_the_best_path_passed_over_between_capitals_is_put_back():
    """A table's condensed caps, `DESOEE` for `DESO/EE`, `GLIPEZIDEMETFORMIN`: the slash
    lost to the blank, the model giving it a few hundredths."""
    from ocrtools.ctc import BLANK as B
    from ocrtools.pipeline import join_record

    def read(*spec):
        return join_record(_frames_record(list(spec)))["text"]

    lost = [[B, 0.85], ["/", 0.06], ["I", 0.05]]
    assert read("S", "O", lost, "E", B, "E") == "SO/EE"
    # too faint; small letters (a word's gap gets as much); a code (a digit in the word)
    assert read("S", "O", [[B, 0.98], ["/", 0.02]], "E", B, "E") == "SOEE"
    assert read("a", "n", "y", lost, "t", "i", "n", "g") == "anyting"
    assert read("L", "1", "O", lost, "E") == "L1OE"


def test_a_space_read_before_a_numbers_point_is_no_space():
    from ocrtools.ctc import BLANK as B
    from ocrtools.pipeline import join_record

    def read(*spec):
        return join_record(_frames_record(list(spec)))["text"]

    assert read("$", "8", "1", B, " ", ".", "8", "1") == "$81.81"
    assert read("$", "7", B, " ", ",", "2", "8", "1") == "$7,281"
    # a sentence's point after a number, a list's comma: as read
    assert read("i", "n", " ", "2", "0", " ", ".", " ", "A") == "in 20 . A"
    assert read("1", " ", ",", " ", "2") == "1 , 2"
