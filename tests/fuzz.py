"""Seeded fuzzing of the commands with corrupted images.

    python -m tests.fuzz --cases 1000 --seed 1

Real images (text lines in PNG, JPEG, GIF, BMP, TIFF, WebP, in several modes) are
corrupted at random -- bit flips, truncation, headers swapped between formats, random
bytes, empty files, absurd dimensions written into the headers, slices copied around
-- and written into a temporary directory in batches. Each batch goes through
``ocr-read --files-from LIST -j 2 --format tsv`` (and a sample of it through
``ocr-boxes | ocr-classify | ocr-join``), under a timeout scaled to its size. A batch
passes when every command exits 0 or 1 without a traceback (no crash), ends in time
(no hang), and writes exactly one row per input, in input order (no lost records).

Case i of seed S is the same file on every run (its RNG is seeded with [S, i]), so a
failure can be reproduced with ``--only i`` and kept with ``--keep DIR``.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "bin"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
TEXTS = ["HELLO 42", "ab-cd 7.5", "Invoice 2024-03-01", "XYZ", "mixed Case 123"]
FORMATS = ["PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP"]
SUFFIX = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "BMP": ".bmp", "TIFF": ".tif",
          "WEBP": ".webp"}
# dimensions written into headers: zero, one, the 16-bit limit, far over the pixel
# limit, the 31-bit limit
DIMENSIONS = [0, 1, 2, 7, 255, 4096, 8000, 20000, 65535, 100_000, 2**31 - 1]


# --- the real images that get corrupted -----------------------------------------------


def render(text: str, size: int = 28) -> Image.Image:
    try:
        face: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.truetype(FONT, size)
    except OSError:
        face = ImageFont.load_default()
    left, top, right, bottom = face.getbbox(text)
    image = Image.new("L", (int(right) + 16, int(bottom) + 16), 255)
    ImageDraw.Draw(image).text((8, 8), text, font=face, fill=0)
    return image


def encode(image: Image.Image, fmt: str, mode: str) -> bytes:
    converted = image
    if mode == "RGBA":
        converted = Image.new("RGBA", image.size, (0, 0, 0, 0))
        converted.putalpha(Image.eval(image, lambda v: 255 - v))
    elif mode == "I;16":
        converted = Image.fromarray(np.asarray(image, dtype=np.uint16) * 257)
    elif mode != "L":
        converted = image.convert(mode)
    buffer = io.BytesIO()
    try:
        converted.save(buffer, format=fmt)
    except (OSError, ValueError, KeyError):
        buffer = io.BytesIO()
        image.save(buffer, format=fmt)
    return buffer.getvalue()


def render_page() -> Image.Image:
    """A small page: a heading over two columns of lines (the layout's input)."""
    lines = [render(text, 20) for text in TEXTS]
    width = 2 * max(line.width for line in lines) + 60
    height = 60 + 30 * len(lines)
    page = Image.new("L", (width, height), 255)
    page.paste(render("PAGE HEADING", 26), (10, 5))
    for k, line in enumerate(lines):
        page.paste(line, (10, 50 + 30 * k))
        page.paste(lines[-1 - k], (width // 2 + 20, 50 + 30 * k))
    return page


def base_images() -> list[tuple[str, bytes]]:
    """(format, bytes) of every real image the cases start from: text lines, and pages."""
    modes = ["L", "RGB", "RGBA", "P", "1", "I;16", "CMYK"]
    found = []
    for index, text in enumerate(TEXTS):
        line = render(text)
        for fmt in FORMATS:
            mode = modes[(index + FORMATS.index(fmt)) % len(modes)]
            found.append((fmt, encode(line, fmt, mode)))
    page = render_page()
    for index, fmt in enumerate(("PNG", "JPEG", "TIFF")):
        found.append((fmt, encode(page, fmt, modes[index])))
    return found


# --- corruptions ----------------------------------------------------------------------


def bit_flips(data: bytes, rng: np.random.Generator, bases: list[tuple[str, bytes]]) -> bytes:
    out = bytearray(data)
    for _ in range(int(rng.integers(1, 33))):
        if out:
            position = int(rng.integers(len(out)))
            out[position] ^= 1 << int(rng.integers(8))
    return bytes(out)


def header_bit_flips(
    data: bytes, rng: np.random.Generator, bases: list[tuple[str, bytes]]
) -> bytes:
    """Flips in the first 64 bytes, where the format, size and mode are."""
    out = bytearray(data)
    for _ in range(int(rng.integers(1, 5))):
        position = int(rng.integers(min(64, len(out))))
        out[position] ^= 1 << int(rng.integers(8))
    return bytes(out)


def truncation(data: bytes, rng: np.random.Generator, bases: list[tuple[str, bytes]]) -> bytes:
    return data[: int(rng.integers(len(data)))]


def header_swap(data: bytes, rng: np.random.Generator, bases: list[tuple[str, bytes]]) -> bytes:
    """The start of another format's file in front of this one's body."""
    other = bases[int(rng.integers(len(bases)))][1]
    cut = int(rng.integers(2, 65))
    return other[:cut] + data[cut:]


def random_bytes(data: bytes, rng: np.random.Generator, bases: list[tuple[str, bytes]]) -> bytes:
    noise = rng.integers(0, 256, int(rng.integers(1, 4096)), dtype=np.uint8).tobytes()
    if rng.random() < 0.5:  # a valid magic number, then garbage
        return data[: int(rng.integers(2, 16))] + noise
    return noise


def zero_length(data: bytes, rng: np.random.Generator, bases: list[tuple[str, bytes]]) -> bytes:
    return b""


def slice_copy(data: bytes, rng: np.random.Generator, bases: list[tuple[str, bytes]]) -> bytes:
    """A slice of the file repeated or moved elsewhere (chunks out of order, doubled)."""
    start = int(rng.integers(len(data)))
    stop = min(len(data), start + int(rng.integers(1, 512)))
    at = int(rng.integers(len(data)))
    return data[:at] + data[start:stop] + data[at:]


def huge_dimensions(
    data: bytes, rng: np.random.Generator, bases: list[tuple[str, bytes]]
) -> bytes:
    """Absurd width and height written where the format keeps them."""
    width, height = (int(DIMENSIONS[int(rng.integers(len(DIMENSIONS)))]) for _ in range(2))
    out = bytearray(data)
    try:
        if out[:8] == b"\x89PNG\r\n\x1a\n":
            out[16:24] = struct.pack(">II", width, height)
            if rng.random() < 0.8:  # mostly with a valid CRC, so the header is believed
                out[29:33] = struct.pack(">I", zlib.crc32(bytes(out[12:29])) & 0xFFFFFFFF)
        elif out[:2] == b"BM":
            out[18:26] = struct.pack("<ii", min(width, 2**31 - 1), min(height, 2**31 - 1))
        elif out[:3] == b"GIF":
            w, h = min(width, 65535), min(height, 65535)
            out[6:10] = struct.pack("<HH", w, h)
            descriptor = out.find(b"\x2c", 13)
            if descriptor > 0:
                out[descriptor + 5 : descriptor + 9] = struct.pack("<HH", w, h)
        elif out[:2] == b"\xff\xd8":
            for marker in (b"\xff\xc0", b"\xff\xc1", b"\xff\xc2"):
                sof = out.find(marker)
                if sof > 0:
                    out[sof + 5 : sof + 9] = struct.pack(">HH", min(height, 65535),
                                                         min(width, 65535))
                    break
        elif out[:4] in (b"II*\x00", b"MM\x00*"):
            _tiff_dimensions(out, width, height)
        elif out[:4] == b"RIFF" and out[12:16] == b"VP8L":
            bits = (min(width, 16384) - 1) | ((min(height, 16384) - 1) << 14)
            out[21:25] = struct.pack("<I", bits | (out[24] & 0xF0) << 24)
    except (struct.error, IndexError, ValueError):
        pass
    return bytes(out)


def _tiff_dimensions(out: bytearray, width: int, height: int) -> None:
    order = "<" if out[:2] == b"II" else ">"
    (ifd,) = struct.unpack(order + "I", out[4:8])
    (count,) = struct.unpack(order + "H", out[ifd : ifd + 2])
    for entry in range(count):
        at = ifd + 2 + 12 * entry
        tag, kind = struct.unpack(order + "HH", out[at : at + 4])
        if tag in (256, 257):
            value = width if tag == 256 else height
            if kind == 3:
                out[at + 8 : at + 10] = struct.pack(order + "H", min(value, 65535))
            elif kind == 4:
                out[at + 8 : at + 12] = struct.pack(order + "I", min(value, 2**32 - 1))


Corruption = Callable[[bytes, np.random.Generator, list[tuple[str, bytes]]], bytes]
CORRUPTIONS: list[Corruption] = [
    bit_flips, header_bit_flips, truncation, header_swap, random_bytes, zero_length,
    slice_copy, huge_dimensions,
]
WEIGHTS = np.array([3, 2, 3, 2, 1, 0.3, 1, 2], dtype=float)


def make_case(
    seed: int, index: int, bases: list[tuple[str, bytes]]
) -> tuple[str, bytes, str]:
    """Case index of a seed: (file suffix, bytes, what was done), always the same."""
    rng = np.random.default_rng([seed, index])
    fmt, data = bases[int(rng.integers(len(bases)))]
    done = []
    for _ in range(1 if rng.random() < 0.7 else int(rng.integers(2, 4))):
        if not data:
            break
        corruption = CORRUPTIONS[int(rng.choice(len(CORRUPTIONS), p=WEIGHTS / WEIGHTS.sum()))]
        data = corruption(data, rng, bases)
        done.append(corruption.__name__)
    suffix = SUFFIX[fmt] if rng.random() < 0.85 else list(SUFFIX.values())[
        int(rng.integers(len(SUFFIX)))
    ]
    return suffix, data, f"{fmt} {'+'.join(done)}"


# --- running the commands -------------------------------------------------------------


@dataclass
class Tally:
    cases: int = 0
    crashes: int = 0
    hangs: int = 0
    lost: int = 0
    internal: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def fail(self, kind: str, text: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        self.failures.append(text)

    def line(self) -> str:
        return (
            f"fuzz: {self.cases} cases, {self.crashes} crashes, {self.hangs} hangs, "
            f"{self.lost} lost records"
        )


def environment() -> dict[str, str]:
    return dict(
        os.environ,
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        PYTHONPATH=str(ROOT),
        OMP_NUM_THREADS="1",
    )


def run_pipeline(
    commands: list[list[str]], stdin_path: Path | None, timeout: float, workdir: Path
) -> tuple[list[int], bytes, list[bytes], bool]:
    """Run commands piped into each other, each in its own process group (so that a hung
    one is killed with its workers). Returns exit codes, stdout, stderrs, timed out."""
    processes: list[subprocess.Popen[bytes]] = []
    errors = [tempfile.TemporaryFile(dir=workdir) for _ in commands]
    output = tempfile.TemporaryFile(dir=workdir)
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    previous = stdin
    try:
        for number, command in enumerate(commands):
            last = number == len(commands) - 1
            process = subprocess.Popen(
                command,
                stdin=previous,
                stdout=output if last else subprocess.PIPE,
                stderr=errors[number],
                env=environment(),
                cwd=str(ROOT),
                start_new_session=True,
            )
            if previous not in (subprocess.DEVNULL, stdin) and hasattr(previous, "close"):
                previous.close()  # type: ignore[union-attr]
            previous = process.stdout  # type: ignore[assignment]
            processes.append(process)
        deadline = time.monotonic() + timeout
        timed_out = False
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                timed_out = True
                break
    finally:
        for process in processes:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait()
        if hasattr(stdin, "close"):
            stdin.close()  # type: ignore[union-attr]
    output.seek(0)
    stderrs = []
    for handle in errors:
        handle.seek(0)
        stderrs.append(handle.read())
        handle.close()
    stdout = output.read()
    output.close()
    return [p.returncode for p in processes], stdout, stderrs, timed_out


def check(
    label: str,
    commands: list[str],
    names: list[str],
    codes: list[int],
    stdout: bytes,
    stderrs: list[bytes],
    timed_out: bool,
    tally: Tally,
) -> bool:
    """Record what went wrong with one run; True when all is well. A crash is an exit
    status other than 0 or 1, a traceback, or anything on stderr that is not a one-line
    message of the command (a warning, say)."""
    if timed_out:
        tally.fail("hangs", f"{label}: no result within the timeout")
        return False
    ok = True
    for command, code, stderr in zip(commands, codes, stderrs, strict=True):
        text = stderr.decode(errors="replace")
        stray = [line for line in text.splitlines() if not line.startswith(f"{command}: ")]
        if code not in (0, 1) or "Traceback" in text or stray:
            shown = "\n".join(stray[:10]) if stray else text.strip()[-2000:]
            tally.fail("crashes", f"{label}: {command} exit {code}:\n{shown}")
            ok = False
        for line in text.splitlines():
            if "internal error" in line:
                message = line.split(": ", 2)[-1]
                tally.internal[message] = tally.internal.get(message, 0) + 1
    rows = [line.split("\t")[0] for line in stdout.decode(errors="replace").splitlines()]
    # a file with several pages (a corrupt TIFF's chain of pages, too) has a row for each
    rows = [r for k, r in enumerate(rows) if k == 0 or r != rows[k - 1]]
    if rows != names:
        missing = max(1, abs(len(names) - len(rows)))
        tally.lost += missing
        first = next(
            (i for i, (a, b) in enumerate(zip(rows, names, strict=False)) if a != b),
            min(len(rows), len(names)),
        )
        tally.failures.append(
            f"{label}: {len(rows)} rows for {len(names)} inputs; first difference at "
            f"row {first}"
        )
        ok = False
    return ok


def fuzz(
    cases: int,
    seed: int,
    batch: int,
    jobs: int,
    pipe_every: int,
    keep: Path | None,
    only: list[int] | None = None,
    quiet: bool = False,
) -> Tally:
    bases = base_images()
    tally = Tally()
    indices = only if only else list(range(cases))
    with tempfile.TemporaryDirectory(prefix="ocrtools-fuzz-") as temp:
        work = Path(temp)
        for start in range(0, len(indices), batch):
            chunk = indices[start : start + batch]
            folder = work / f"batch{start}"
            folder.mkdir()
            names, what = [], {}
            for index in chunk:
                suffix, data, description = make_case(seed, index, bases)
                path = folder / f"case{index:06d}{suffix}"
                path.write_bytes(data)
                names.append(str(path))
                what[str(path)] = description
            listing = folder / "list.txt"
            listing.write_text("".join(name + "\n" for name in names))
            timeout = 60 + 1.5 * len(chunk)
            label = f"ocr-read cases {chunk[0]}..{chunk[-1]}"
            codes, stdout, stderrs, timed_out = run_pipeline(
                [[str(BIN / "ocr-read"), "--files-from", str(listing), "-j", str(jobs),
                  "--format", "tsv"]],
                None, timeout, work,
            )
            ok = check(label, ["ocr-read"], names, codes, stdout, stderrs, timed_out, tally)
            if pipe_every and (start // batch) % pipe_every == 0:
                sample = names[: max(1, len(names) // 5)]
                sample_list = folder / "sample.txt"
                sample_list.write_text("".join(name + "\n" for name in sample))
                label = f"ocr-boxes | ocr-classify | ocr-join, cases {chunk[0]}.."
                codes, stdout, stderrs, timed_out = run_pipeline(
                    [[str(BIN / "ocr-boxes"), "--files-from", str(sample_list)],
                     [str(BIN / "ocr-classify")],
                     [str(BIN / "ocr-join"), "--format", "tsv"]],
                    None, 60 + 3.0 * len(sample), work,
                )
                chain = ["ocr-boxes", "ocr-classify", "ocr-join"]
                ok = check(label, chain, sample, codes, stdout, stderrs, timed_out, tally) and ok
            tally.cases += len(chunk)
            if not ok and keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                for name in names:
                    shutil.copy(name, keep / Path(name).name)
                (keep / "cases.txt").write_text(
                    "".join(f"{Path(n).name}\t{what[n]}\n" for n in names)
                )
            if not quiet:
                print(f"{tally.line()} (batch {start // batch + 1})", file=sys.stderr,
                      flush=True)
            shutil.rmtree(folder, ignore_errors=True)
    return tally


def model_available() -> bool:
    sys.path.insert(0, str(ROOT))
    from ocrtools.errors import OcrError
    from ocrtools.models import find_model

    try:
        find_model("printed")
    except OcrError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=200, help="how many corrupted files")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=250, help="files per ocr-read run")
    parser.add_argument("--jobs", type=int, default=2, help="ocr-read -j")
    parser.add_argument("--pipe-every", type=int, default=1, metavar="N",
                        help="every Nth batch, a fifth of it also through the piped chain "
                        "(0: never)")
    parser.add_argument("--keep", type=Path, help="copy the files of a failing batch here")
    parser.add_argument("--only", type=int, nargs="+", metavar="I",
                        help="run only these case numbers (to reproduce a failure)")
    parser.add_argument("--quiet", action="store_true", help="only the summary line")
    args = parser.parse_args(argv)
    if not model_available():
        print("fuzz: the printed model is not there (models/printed.onnx: make train)",
              file=sys.stderr)
        return 2
    tally = fuzz(args.cases, args.seed, args.batch, args.jobs, args.pipe_every, args.keep,
                 args.only, args.quiet)
    for failure in tally.failures:
        print(f"FAIL {failure}", file=sys.stderr)
    for message, count in sorted(tally.internal.items()):
        print(f"note: {count} x internal error: {message}", file=sys.stderr)
    print(tally.line())
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
