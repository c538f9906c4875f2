"""Bad input and faults through the real commands: one record per input, in order,
a one-line message naming the file, exit 1, the others still read, never a traceback.

The inputs are built once per module and read by one ocr-read run each with one and
with two workers (a subprocess costs seconds on a busy machine); every kind of input
is then checked by its own test against those runs.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.conftest import BIN, ROOT, render_line, run_command, save_line, shell

MODEL = Path(os.environ.get("OCRTOOLS_MODELS") or ROOT / "models") / "printed.onnx"
needs_model = pytest.mark.skipif(
    not MODEL.exists() or not MODEL.with_suffix(".json").exists(),
    reason="models/printed.onnx not trained yet (make train)",
)
TEXT = "HELLO 42"


# --- building the inputs -------------------------------------------------------------


def png_bytes(image: Image.Image, **kwargs) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", **kwargs)
    return buffer.getvalue()


def huge_png(width: int = 20000, height: int = 20000) -> bytes:
    """A tiny PNG whose header claims width x height (the IHDR patched, its CRC fixed)."""
    data = bytearray(png_bytes(Image.new("L", (8, 8), 255)))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])) & 0xFFFFFFFF)
    return bytes(data)


def exif_rotated_jpeg(path: Path, upright: Image.Image, orientation: int) -> None:
    """The line stored turned, with the EXIF Orientation that turns it upright again."""
    # Orientation 6: rotate 90 degrees clockwise to display; 8: counter-clockwise.
    stored = upright.transpose(Image.Transpose.ROTATE_90 if orientation == 6 else
                               Image.Transpose.ROTATE_270)
    exif = Image.Exif()
    exif[0x0112] = orientation
    stored.save(path, format="JPEG", quality=95, exif=exif.tobytes())


def build_corpus(directory: Path) -> dict[str, Path]:
    """Every kind of input, good and bad, by name (in the order they are read)."""
    line = Image.fromarray(render_line(TEXT))
    files: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        files[name] = directory / name
        files[name].write_bytes(data)

    put("upright.png", png_bytes(line))
    files["missing.png"] = directory / "missing.png"  # never created
    put("empty.png", b"")
    jpeg = io.BytesIO()
    line.save(jpeg, format="JPEG", quality=95)
    put("upright.jpg", jpeg.getvalue())
    put("truncated.jpg", jpeg.getvalue()[: len(jpeg.getvalue()) // 2])
    put("truncated.png", png_bytes(line)[: len(png_bytes(line)) // 2])
    put("text.png", b"this is a text file, not an image\n")
    put("one-pixel.png", png_bytes(Image.new("L", (1, 1), 0)))
    put("white.png", png_bytes(Image.new("L", (400, 60), 255)))
    put("black.png", png_bytes(Image.new("L", (400, 60), 0)))
    put("huge.png", huge_png())
    grey16 = np.asarray(line, dtype=np.uint16) * 257
    put("grey16.png", png_bytes(Image.fromarray(grey16)))
    put("palette.png", png_bytes(line.convert("P", palette=Image.Palette.ADAPTIVE)))
    cmyk = io.BytesIO()
    line.convert("CMYK").save(cmyk, format="JPEG", quality=95)
    put("cmyk.jpg", cmyk.getvalue())
    cmyk_tiff = io.BytesIO()
    line.convert("CMYK").save(cmyk_tiff, format="TIFF")
    put("cmyk.tif", cmyk_tiff.getvalue())
    # opaque black text on a transparent canvas (whose hidden colour is black too)
    rgba = Image.new("RGBA", line.size, (0, 0, 0, 0))
    rgba.putalpha(Image.eval(line, lambda v: 255 - v))
    put("transparent.png", png_bytes(rgba))
    for orientation in (6, 8):
        files[f"exif{orientation}.jpg"] = directory / f"exif{orientation}.jpg"
        exif_rotated_jpeg(files[f"exif{orientation}.jpg"], line, orientation)
    return files


# what each bad input must say (None: it is read without an error)
EXPECTED_ERROR = {
    "upright.png": None,
    "missing.png": "no such file",
    "empty.png": "empty file",
    "upright.jpg": None,
    "truncated.jpg": "truncated or corrupt image",
    "truncated.png": "truncated or corrupt image",
    "text.png": "not an image",
    "one-pixel.png": None,
    "white.png": None,
    "black.png": None,
    "huge.png": "image too large",
    "grey16.png": None,
    "palette.png": None,
    "cmyk.jpg": None,
    "cmyk.tif": None,
    "transparent.png": None,
    "exif6.jpg": None,
    "exif8.jpg": None,
}
SAME_TEXT_AS_UPRIGHT = [
    "grey16.png", "palette.png", "cmyk.jpg", "cmyk.tif", "transparent.png", "exif6.jpg",
    "exif8.jpg",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    files = build_corpus(tmp_path_factory.mktemp("corpus"))
    assert list(files) == list(EXPECTED_ERROR)
    return files


def parse_jsonl(stdout: bytes) -> list[dict]:
    return [json.loads(line) for line in stdout.decode().splitlines()]


def assert_clean(result: subprocess.CompletedProcess[bytes]) -> None:
    stderr = result.stderr.decode(errors="replace")
    assert "Traceback" not in stderr, stderr
    assert "BrokenPipe" not in stderr, stderr


@pytest.fixture(scope="module", params=[1, 2], ids=["j1", "j2"])
def read_all(request, corpus):  # type: ignore[no-untyped-def]
    if not MODEL.exists():
        pytest.skip("models/printed.onnx not trained yet (make train)")
    result = run_command(
        "ocr-read", "-j", str(request.param), "--format", "jsonl",
        *[str(p) for p in corpus.values()], timeout=300,
    )
    return result, parse_jsonl(result.stdout)


@needs_model
def test_read_gives_one_record_per_input_in_order_and_exit_1(read_all, corpus):
    result, records = read_all
    assert_clean(result)
    assert result.returncode == 1
    assert [r["image"] for r in records] == [str(p) for p in corpus.values()]
    stderr = result.stderr.decode().splitlines()
    bad = [name for name, error in EXPECTED_ERROR.items() if error]
    assert len(stderr) == len(bad), stderr  # one line per bad input, nothing else


@needs_model
@pytest.mark.parametrize("name", list(EXPECTED_ERROR))
def test_each_kind_of_input(read_all, corpus, name):
    result, records = read_all
    record = records[list(corpus).index(name)]
    assert record["image"] == str(corpus[name])
    expected = EXPECTED_ERROR[name]
    stderr = result.stderr.decode().splitlines()
    mine = [line for line in stderr if line.startswith(f"ocr-read: {corpus[name]}: ")]
    if expected is None:
        assert "error" not in record, record
        assert mine == []
    else:
        assert expected in record["error"]
        assert record["text"] == ""
        assert len(mine) == 1 and expected in mine[0], stderr


@needs_model
@pytest.mark.parametrize("name", ["one-pixel.png", "white.png", "black.png"])
def test_blank_images_read_as_empty_text(read_all, corpus, name):
    _, records = read_all
    assert records[list(corpus).index(name)]["text"] == ""


@needs_model
@pytest.mark.parametrize("name", SAME_TEXT_AS_UPRIGHT)
def test_modes_and_exif_rotation_read_like_the_upright_line(read_all, corpus, name):
    """16-bit grey, palette, CMYK, transparency, EXIF rotation: the same text as the
    plain upright image (whatever the model reads there)."""
    _, records = read_all
    by_name = {Path(r["image"]).name: r for r in records}
    assert by_name["upright.png"]["text"].strip(), "the model reads nothing at all"
    assert by_name[name]["text"] == by_name["upright.png"]["text"]
    assert by_name[name]["size"] == by_name["upright.png"]["size"]


def test_boxes_sees_the_same_kinds_of_input(corpus):
    """ocr-boxes needs no model: the same errors, the same order, sizes upright."""
    result = run_command("ocr-boxes", *[str(p) for p in corpus.values()], timeout=300)
    assert_clean(result)
    assert result.returncode == 1
    records = parse_jsonl(result.stdout)
    assert [r["image"] for r in records] == [str(p) for p in corpus.values()]
    for name, record in zip(corpus, records, strict=True):
        expected = EXPECTED_ERROR[name]
        if expected is None:
            assert "error" not in record, record
        else:
            assert expected in record["error"]
            assert f"ocr-boxes: {corpus[name]}: {record['error']}" in result.stderr.decode()
    size = {Path(r["image"]).name: r.get("size") for r in records}
    for name in SAME_TEXT_AS_UPRIGHT:
        assert size[name] == size["upright.png"], name


def test_huge_image_is_refused_by_its_header(tmp_path):
    path = tmp_path / "huge.png"
    path.write_bytes(huge_png())
    assert path.stat().st_size < 200
    result = run_command("ocr-boxes", str(path))
    assert_clean(result)
    assert result.returncode == 1
    line = result.stderr.decode().strip()
    assert line.startswith(f"ocr-boxes: {path}: image too large (")
    assert "400,000,000 pixels" in line and "\n" not in line


def test_transparent_image_is_dark_text_on_white(tmp_path):
    """Opaque text on a transparent canvas: the same ink as the line on white paper."""
    line = Image.fromarray(render_line(TEXT))
    rgba = Image.new("RGBA", line.size, (0, 0, 0, 0))
    rgba.putalpha(Image.eval(line, lambda v: 255 - v))
    (tmp_path / "t.png").write_bytes(png_bytes(rgba))
    line.save(tmp_path / "w.png")
    result = run_command("ocr-boxes", str(tmp_path / "t.png"), str(tmp_path / "w.png"))
    assert result.returncode == 0, result.stderr
    t, w = parse_jsonl(result.stdout)
    assert t["boxes"] and t["boxes"] == w["boxes"]


def test_unreadable_file(tmp_path):
    path = save_line(tmp_path / "secret.png", "ABC")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: every file is readable")
        result = run_command("ocr-boxes", str(path), str(save_line(tmp_path / "b.png", "B")))
    finally:
        path.chmod(0o644)
    assert_clean(result)
    assert result.returncode == 1
    assert f"ocr-boxes: {path}: permission denied" in result.stderr.decode()
    assert len(parse_jsonl(result.stdout)) == 2


def mixed_directory(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    (folder / "sub").mkdir(parents=True)
    save_line(folder / "a.png", "AB")
    (folder / "b.txt").write_text("notes\n")
    (folder / "c.png").write_text("not really a png\n")
    (folder / "README").write_text("readme\n")
    save_line(folder / "d.JPG", "CD")
    save_line(folder / "sub" / "e.png", "EF")
    return folder


def test_directory_skips_other_files_and_reports_a_fake_png(tmp_path):
    folder = mixed_directory(tmp_path)
    result = run_command("ocr-boxes", str(folder))
    assert_clean(result)
    assert result.returncode == 1
    records = parse_jsonl(result.stdout)
    assert [Path(r["image"]).name for r in records] == ["a.png", "c.png", "d.JPG"]
    assert "error" in records[1] and "error" not in records[0] and "error" not in records[2]
    assert result.stderr.decode().splitlines() == [
        f"ocr-boxes: {folder / 'c.png'}: not an image (cannot identify image file)"
    ]


@needs_model
def test_read_directory_tsv_with_two_workers(tmp_path):
    folder = mixed_directory(tmp_path)
    result = run_command("ocr-read", "-j", "2", "-r", "--format", "tsv", str(folder))
    assert_clean(result)
    assert result.returncode == 1
    rows = [line.split("\t") for line in result.stdout.decode().splitlines()]
    assert [Path(r[0]).name for r in rows] == ["a.png", "c.png", "d.JPG", "e.png"]
    assert rows[1][1:] == ["", "", "1"]  # an error: no text, no confidence; its page 1
    assert result.stderr.decode().splitlines() == [
        f"ocr-read: {folder / 'c.png'}: not an image (cannot identify image file)"
    ]


# --- options: --fail-fast, --verbose, usage errors -------------------------------------


@needs_model
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_fail_fast_stops_at_the_first_bad_input(tmp_path, jobs):
    good = [str(save_line(tmp_path / f"{i}.png", "AB")) for i in range(3)]
    inputs = [good[0], str(tmp_path / "gone.png"), *good[1:]]
    result = run_command("ocr-read", "-j", jobs, "--fail-fast", "--format", "tsv", *inputs)
    assert_clean(result)
    assert result.returncode == 1
    rows = [line.split("\t")[0] for line in result.stdout.decode().splitlines()]
    assert rows == inputs[:2]
    assert result.stderr.decode().splitlines() == [f"ocr-read: {inputs[1]}: no such file"]


def test_fail_fast_in_a_record_filter(tmp_path):
    stream = tmp_path / "r.jsonl"
    stream.write_text('{"image":"a.png","boxes":[]}\n{"image":"b.png","boxes":[]}\n')
    result = run_command("ocr-join", "--fail-fast", str(stream))
    assert_clean(result)
    assert result.returncode == 1
    assert result.stdout == b"\n"
    assert len(result.stderr.decode().splitlines()) == 1


@pytest.mark.parametrize("command", ["ocr-boxes", "ocr-read"])
def test_verbose_adds_the_traceback(tmp_path, command):
    if command == "ocr-read" and not MODEL.exists():
        pytest.skip("models/printed.onnx not trained yet (make train)")
    result = run_command(command, "--verbose", str(tmp_path / "gone.png"))
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert stderr.startswith(f"{command}: {tmp_path / 'gone.png'}: no such file\n")
    assert "Traceback" in stderr


def test_a_path_through_a_file_is_an_error_row(tmp_path):
    """A read error other than a missing file (here: a file used as a directory)."""
    image = save_line(tmp_path / "a.png", "AB")
    result = run_command("ocr-boxes", str(image / "b.png"), str(image))
    assert_clean(result)
    assert result.returncode == 1
    assert [r["image"] for r in parse_jsonl(result.stdout)] == [str(image / "b.png"), str(image)]
    assert result.stderr.decode().splitlines() == [
        f"ocr-boxes: {image / 'b.png'}: cannot read (Not a directory)"
    ]


@pytest.mark.parametrize(
    "command, args",
    [
        ("ocr-boxes", ["--no-such-option"]),
        ("ocr-join", ["--format", "pdf"]),
        ("ocr-join", ["--no-such-option"]),
        ("ocr-read", ["--jobs", "-1", "x.png"]),
        ("ocr-read", ["--files-from", "/nonexistent/list.txt"]),
    ],
)
def test_usage_errors_exit_2(command, args):
    result = run_command(command, *args)
    assert_clean(result)
    assert result.returncode == 2, result.stderr
    assert result.stdout == b""


# --- the record stream between commands ------------------------------------------------

BAD_STREAM = [
    '{"image": "first.png", "boxes": []}',
    "{not json at all",
    "[1, 2, 3]",
    '{"image": "no-fields.png"}',
    '{"image": "earlier.png", "error": "no such file"}',
    "[" * 50000,
]


def test_join_bad_lines_become_error_records():
    result = run_command("ocr-join", "--format", "tsv", input="\n".join(BAD_STREAM).encode())
    assert_clean(result)
    assert result.returncode == 1
    rows = [line.split("\t") for line in result.stdout.decode().splitlines()]
    assert [r[0] for r in rows] == [
        "first.png", "<stdin line 2>", "<stdin line 3>", "no-fields.png", "earlier.png",
        "<stdin line 6>",
    ]
    assert all(r[1] == "" for r in rows)
    stderr = result.stderr.decode().splitlines()
    # one line for each new problem; the error from an earlier stage is not repeated
    assert len(stderr) == 5, stderr
    assert stderr[0].startswith("ocr-join: first.png: record lacks labels")
    assert stderr[1].startswith("ocr-join: <stdin line 2>: malformed JSON")
    assert stderr[2] == "ocr-join: <stdin line 3>: not a JSON object but list"
    assert stderr[3].startswith("ocr-join: no-fields.png: record lacks")
    assert stderr[4] == "ocr-join: <stdin line 6>: malformed JSON (nested too deeply)"


def test_crop_bad_lines_become_error_records(tmp_path):
    good = run_command("ocr-boxes", str(save_line(tmp_path / "a.png", "AB"))).stdout.decode()
    stream = [*BAD_STREAM, good.strip()]
    result = run_command("ocr-crop", input="\n".join(stream).encode())
    assert_clean(result)
    assert result.returncode == 1
    records = parse_jsonl(result.stdout)
    assert len(records) == len(stream)
    assert [bool(r.get("error")) for r in records] == [True] * len(BAD_STREAM) + [False]
    assert "crops" in records[-1]
    stderr = result.stderr.decode().splitlines()
    assert len(stderr) == len(BAD_STREAM) - 1, stderr  # not the earlier stage's error
    assert all(line.startswith("ocr-crop: ") for line in stderr)


@pytest.mark.parametrize("name", ["missing.png", "empty.png", "text.png", "huge.png"])
def test_binarize_bad_image(corpus, name):
    result = run_command("ocr-binarize", str(corpus[name]))
    assert_clean(result)
    assert result.returncode == 1
    assert result.stdout == b""
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"ocr-binarize: {corpus[name]}: ")
    assert EXPECTED_ERROR[name] in lines[0]


def test_join_passes_bytes_that_are_not_utf8():
    data = b'{"image": "caf\xe9.png", "error": "no such file"}\n'
    result = run_command("ocr-join", "--format", "tsv", input=data)
    assert_clean(result)
    assert result.returncode == 1
    # escaped in the TSV (a name must not break the row's encoding); jsonl keeps it
    assert result.stdout == b"caf\\\\xe9.png\t\t\t1\n"


@needs_model
def test_classify_bad_lines_become_error_records(tmp_path):
    good = run_command("ocr-boxes", str(save_line(tmp_path / "a.png", TEXT))).stdout.decode()
    stream = [good.strip(), *BAD_STREAM[:5], good.strip()]
    result = run_command("ocr-classify", input="\n".join(stream).encode())
    assert_clean(result)
    assert result.returncode == 1
    records = parse_jsonl(result.stdout)
    assert len(records) == 7
    assert "frames" in records[0] and "frames" in records[6]
    assert [bool(r.get("error")) for r in records] == [False, True, True, True, True, True,
                                                         False]
    stderr = result.stderr.decode().splitlines()
    assert len(stderr) == 4, stderr  # the earlier stage's error is not repeated
    assert all(line.startswith("ocr-classify: ") for line in stderr)


@needs_model
def test_piped_chain_keeps_one_record_per_input(corpus):
    names = " ".join(f"'{p}'" for p in corpus.values())
    result = shell(f"ocr-boxes {names} | ocr-classify | ocr-join --format tsv")
    assert_clean(result)
    assert result.returncode == 1
    rows = [line.split("\t")[0] for line in result.stdout.decode().splitlines()]
    assert rows == [str(p) for p in corpus.values()]


# --- models ----------------------------------------------------------------------------


def test_unknown_model_is_one_line_and_exit_2(tmp_path):
    image = str(save_line(tmp_path / "a.png", "AB"))
    for command, args in [("ocr-read", [image]), ("ocr-classify", ["/dev/null"])]:
        result = run_command(command, "--model", "nosuchmodel", *args)
        assert_clean(result)
        assert result.returncode == 2
        lines = [x for x in result.stderr.decode().splitlines() if x.startswith(command)]
        assert len(lines) == 1 and "unknown model 'nosuchmodel'" in lines[0]
        assert result.stdout == b""


def fake_model(tmp_path: Path, onnx: bytes, fix_sha: bool) -> Path:
    sidecar = json.loads(MODEL.with_suffix(".json").read_text())
    path = tmp_path / "printed.onnx"
    path.write_bytes(onnx)
    if fix_sha:
        sidecar["sha256"] = hashlib.sha256(onnx).hexdigest()
    path.with_suffix(".json").write_text(json.dumps(sidecar))
    return path


def _run_with_model(tmp_path, command, model):
    """Run a command with a broken --model: usage error (2), clean stderr; its lines."""
    image = str(save_line(tmp_path / "a.png", "AB"))
    args = [image] if command == "ocr-read" else ["/dev/null"]
    result = run_command(command, "--model", str(model), *args)
    assert_clean(result)
    assert result.returncode == 2
    lines = [x for x in result.stderr.decode().splitlines() if x.startswith(command)]
    return result, lines


@needs_model
@pytest.mark.parametrize("command", ["ocr-read", "ocr-classify"])
def test_model_that_is_not_onnx(tmp_path, command):
    model = fake_model(tmp_path, b"\x00garbage, not a protobuf\xff" * 10, fix_sha=True)
    result, lines = _run_with_model(tmp_path, command, model)
    assert len(lines) == 1 and "not a valid ONNX model" in lines[0], result.stderr
    assert result.stdout == b""


@needs_model
@pytest.mark.parametrize("command", ["ocr-read", "ocr-classify"])
def test_model_whose_sha256_does_not_match(tmp_path, command):
    onnx = bytearray(MODEL.read_bytes())
    onnx[-1] ^= 0xFF  # one bit pattern changed: the sidecar's sha256 no longer matches
    model = fake_model(tmp_path, bytes(onnx), fix_sha=False)
    result, lines = _run_with_model(tmp_path, command, model)
    assert len(lines) == 1 and "does not match the sha256" in lines[0], result.stderr


@needs_model
def test_model_without_a_sha256_is_refused(tmp_path):
    model = fake_model(tmp_path, MODEL.read_bytes(), fix_sha=True)
    sidecar = json.loads(model.with_suffix(".json").read_text())
    del sidecar["sha256"]
    model.with_suffix(".json").write_text(json.dumps(sidecar))
    image = str(save_line(tmp_path / "a.png", "AB"))
    result = run_command("ocr-read", "--model", str(model), image)
    assert_clean(result)
    assert result.returncode == 2
    assert 'has no "sha256"' in result.stderr.decode().splitlines()[0]


# --- pipes and signals -----------------------------------------------------------------


@pytest.fixture(scope="module")
def big_directory(tmp_path_factory) -> Path:
    """~200 images (copies of a few lines: cheap to make)."""
    folder = tmp_path_factory.mktemp("big")
    lines = [png_bytes(Image.fromarray(render_line(t))) for t in ("HELLO 42", "ab-cd 7", "XYZ")]
    for i in range(200):
        (folder / f"{i:04d}.png").write_bytes(lines[i % len(lines)])
    return folder


@pytest.mark.parametrize("command", ["ocr-boxes", "ocr-read -j 2", "ocr-read"])
def test_head_ends_quietly(big_directory, command):
    if command.startswith("ocr-read") and not MODEL.exists():
        pytest.skip("models/printed.onnx not trained yet (make train)")
    result = shell(f"{command} '{big_directory}' | head -1")
    assert result.stdout.count(b"\n") == 1
    assert_clean(result)
    assert result.stderr == b"", result.stderr


def descendants(pid: int) -> set[int]:
    """Every process below pid (scanning /proc; no psutil needed)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@needs_model
def test_ctrl_c_exits_130_with_one_line_and_no_orphans(big_directory):
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1")
    process = subprocess.Popen(
        [str(BIN / "ocr-read"), "-j", "2", "--format", "jsonl", str(big_directory)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,  # its own process group, as a shell job would have
        # Ctrl-C's default action, as an interactive shell gives its foreground job: a
        # test run started in the background (`make test &`) ignores SIGINT, and its
        # children inherit that (rightly: ocr-read keeps an ignored SIGINT ignored)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        first = process.stdout.readline()  # type: ignore[union-attr]
        assert json.loads(first)["image"].endswith("0000.png")
        # jsonl rows are large: not reading them soon fills the pipe, so it is still
        # running (blocked on writing, or reading) when Ctrl-C comes
        workers = descendants(process.pid)
        assert workers, "no worker processes with -j 2"
        os.killpg(process.pid, signal.SIGINT)
        shutil.copyfileobj(process.stdout, open(os.devnull, "wb"))  # type: ignore[arg-type]
        code = process.wait(timeout=120)
        stderr = process.stderr.read().decode()  # type: ignore[union-attr]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert code == 130, stderr
    assert stderr.strip().splitlines() == ["ocr-read: interrupted"], stderr
    deadline = time.monotonic() + 60
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.5)
    left = [pid for pid in workers if alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"orphaned worker processes: {left}"


@needs_model
def test_a_killed_worker_loses_no_record(big_directory):
    """A worker killed (the OOM killer, a crash in native code): the inputs it did not
    read still get their error record, in order."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1")
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [str(BIN / "ocr-read"), "-j", "2", "--format", "jsonl", str(big_directory)],
            stdout=subprocess.PIPE,
            stderr=errors,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        try:
            first = process.stdout.readline()  # type: ignore[union-attr]
            workers = descendants(process.pid)  # forked workers: the only children
            assert workers
            os.kill(min(workers), signal.SIGKILL)
            stdout = process.stdout.read()  # type: ignore[union-attr]
            process.wait(timeout=300)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        errors.seek(0)
        stderr = errors.read()
    records = parse_jsonl(first + stdout)
    assert [Path(r["image"]).name for r in records] == [f"{i:04d}.png" for i in range(200)]
    failed = [r for r in records if r.get("error")]
    assert process.returncode == (1 if failed else 0)
    assert all("worker process failed" in r["error"] for r in failed)
    text = stderr.decode()
    assert "Traceback" not in text
    assert all(line.startswith("ocr-read: ") for line in text.splitlines()), text
    assert len(text.splitlines()) == len(failed)


# --- security --------------------------------------------------------------------------

FORBIDDEN = ["pickle", "allow_pickle=True", "eval(", "exec(", "marshal", "shelve"]
NP_LOAD = re.compile(r"np\.load\((?:[^()]|\([^()]*\))*\)")


def test_nothing_in_the_input_is_executed_or_unpickled():
    """No unpickling or eval anywhere in the runtime; np.load only without pickles."""
    found = []
    for path in sorted((ROOT / "ocrtools").rglob("*.py")):
        text = path.read_text()
        for number, line in enumerate(text.splitlines(), start=1):
            code = line.replace("allow_pickle=False", "")
            if any(word in code for word in FORBIDDEN):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
        for call in NP_LOAD.findall(text):
            if "allow_pickle=False" not in call:
                found.append(f"{path.relative_to(ROOT)}: {call} without allow_pickle=False")
    assert not found, "\n".join(found)


def test_a_tiff_whose_later_page_breaks_page_counting_reads_its_good_pages():
    """Fuzz case 955 of seed 1: a bit flip in a TIFF's third page header makes PIL's
    page count itself fail (TypeError: Missing dimensions), which was an internal
    error; now the good pages are read and the broken one is an error of its own."""
    from ocrtools.errors import InputError
    from ocrtools.images import image_pages
    from tests.fuzz import base_images, make_case

    _suffix, data, _what = make_case(1, 955, base_images())
    pages = list(image_pages(data))
    assert [n for n, _p in pages] == [1, 2, 3]
    assert all(isinstance(p, np.ndarray) for _n, p in pages[:2])
    assert isinstance(pages[2][1], InputError) and "corrupt" in str(pages[2][1])
