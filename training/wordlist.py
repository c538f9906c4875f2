"""The word list that ``ocrtools.lexicon`` ships: ``make words``.

SCOWL's American English as Debian's ``wamerican`` installs it
(``/usr/share/dict/american-english``): lowercased, entries with other than letters
left out (possessives, `Shi'ite`) but for a negation's stem (`doesn't`: `doesn`), sorted,
gzipped without a timestamp (the same bytes on every run). Its licence goes with it
(``ocrtools/data/words.LICENSE``).
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

SOURCE = Path("/usr/share/dict/american-english")
LICENSE = Path("/usr/share/doc/wamerican/copyright")
OUT = Path(__file__).resolve().parents[1] / "ocrtools" / "data" / "words.txt.gz"


def words(text: str) -> list[str]:
    """The list's words: letters only, lowercased, each once, sorted; a negation's stem
    too (`doesn't`: `doesn`), as ocrtools.lexicon looks at each run of letters of a word
    on its own. Other entries with an apostrophe give nothing: their parts are no words
    (`Shi'ite`: `ite`; possessives: their word is listed)."""
    kept: set[str] = set()
    for entry in text.splitlines():
        entry = entry.strip().lower()
        if entry.endswith("n't"):
            entry = entry[:-2]
        kept.add(entry)
    return sorted(w for w in kept if w.isalpha())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not args.source.exists() or not LICENSE.exists():
        print(f"training.wordlist: {args.source} or {LICENSE} not found "
              f"(apt install wamerican)", file=sys.stderr)
        return 1
    listed = words(args.source.read_text(encoding="utf-8"))
    data = ("\n".join(listed) + "\n").encode("utf-8")
    args.out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    # SCOWL's notice, verbatim, goes wherever the list goes
    args.out.with_name("words.LICENSE").write_bytes(LICENSE.read_bytes())
    print(f"training.wordlist: {len(listed)} words -> {args.out} "
          f"({args.out.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
