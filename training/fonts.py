"""Font table for the synthetic line generator.

Families (not files) are split into ``train`` and ``heldout``; a held-out family is
never used to make training data, so evaluation on it measures how well a model
generalises to typefaces it has not seen.  Every family covers printable ASCII.

Notes on the split:
* held-out has at least one serif, one sans and one mono family;
* design "clones" are kept on the same side where they are near-identical
  (P052 and TeX Gyre Pagella are both Palatino: both held out);
* Liberation Serif/Sans/Mono are metric-compatible with Times/Arial/Courier New but
  are their own designs (Tinos/Arimo/Cousine); Nimbus Roman/Sans (Times/Helvetica
  clones) stay in train, so held-out Liberation numbers are an estimate for
  "a common office font the model has not seen", not for an exotic typeface.
"""

from __future__ import annotations

import glob
import os
import sys
from dataclasses import dataclass

#: Debian packages that provide the fonts below (``apt-get install $(FONT_PACKAGES)``).
FONT_PACKAGES = (
    "fonts-dejavu-core fonts-liberation fonts-freefont-ttf fonts-urw-base35 "
    "fonts-texgyre fonts-crosextra-carlito fonts-crosextra-caladea fonts-noto-mono"
)

_TT = "/usr/share/fonts/truetype"
_URW = "/usr/share/fonts/opentype/urw-base35"
_GYRE = "/usr/share/texmf/fonts/opentype/public/tex-gyre"

VARIANTS = ("regular", "bold", "italic", "bolditalic")


@dataclass(frozen=True)
class FontFamily:
    name: str
    style: str  # serif | sans | mono
    split: str  # train | heldout
    files: dict[str, str]  # variant -> glob pattern
    package: str


@dataclass(frozen=True)
class FontInfo:
    family: str
    style: str  # serif | sans | mono
    variant: str  # regular | bold | italic | bolditalic
    path: str
    split: str


def _fam(name, style, split, package, regular, bold=None, italic=None, bolditalic=None):
    files = {"regular": regular}
    for k, v in (("bold", bold), ("italic", italic), ("bolditalic", bolditalic)):
        if v:
            files[k] = v
    return FontFamily(name, style, split, files, package)


FONT_TABLE: tuple[FontFamily, ...] = (
    # ---------------------------------------------------------------- train
    _fam("DejaVu Serif", "serif", "train", "fonts-dejavu-core",
         f"{_TT}/dejavu/DejaVuSerif.ttf", f"{_TT}/dejavu/DejaVuSerif-Bold.ttf",
         f"{_TT}/dejavu/DejaVuSerif-Italic.ttf", f"{_TT}/dejavu/DejaVuSerif-BoldItalic.ttf"),
    _fam("DejaVu Sans", "sans", "train", "fonts-dejavu-core",
         f"{_TT}/dejavu/DejaVuSans.ttf", f"{_TT}/dejavu/DejaVuSans-Bold.ttf",
         f"{_TT}/dejavu/DejaVuSans-Oblique.ttf", f"{_TT}/dejavu/DejaVuSans-BoldOblique.ttf"),
    _fam("DejaVu Sans Condensed", "sans", "train", "fonts-dejavu-core",
         f"{_TT}/dejavu/DejaVuSansCondensed.ttf", f"{_TT}/dejavu/DejaVuSansCondensed-Bold.ttf",
         f"{_TT}/dejavu/DejaVuSansCondensed-Oblique.ttf",
         f"{_TT}/dejavu/DejaVuSansCondensed-BoldOblique.ttf"),
    _fam("DejaVu Sans Mono", "mono", "train", "fonts-dejavu-core",
         f"{_TT}/dejavu/DejaVuSansMono.ttf", f"{_TT}/dejavu/DejaVuSansMono-Bold.ttf",
         f"{_TT}/dejavu/DejaVuSansMono-Oblique.ttf",
         f"{_TT}/dejavu/DejaVuSansMono-BoldOblique.ttf"),
    _fam("FreeSerif", "serif", "train", "fonts-freefont-ttf",
         f"{_TT}/freefont/FreeSerif.ttf", f"{_TT}/freefont/FreeSerifBold.ttf",
         f"{_TT}/freefont/FreeSerifItalic.ttf", f"{_TT}/freefont/FreeSerifBoldItalic.ttf"),
    _fam("FreeSans", "sans", "train", "fonts-freefont-ttf",
         f"{_TT}/freefont/FreeSans.ttf", f"{_TT}/freefont/FreeSansBold.ttf",
         f"{_TT}/freefont/FreeSansOblique.ttf", f"{_TT}/freefont/FreeSansBoldOblique.ttf"),
    _fam("FreeMono", "mono", "train", "fonts-freefont-ttf",
         f"{_TT}/freefont/FreeMono.ttf", f"{_TT}/freefont/FreeMonoBold.ttf",
         f"{_TT}/freefont/FreeMonoOblique.ttf", f"{_TT}/freefont/FreeMonoBoldOblique.ttf"),
    _fam("Nimbus Roman", "serif", "train", "fonts-urw-base35",
         f"{_URW}/NimbusRoman-Regular.otf", f"{_URW}/NimbusRoman-Bold.otf",
         f"{_URW}/NimbusRoman-Italic.otf", f"{_URW}/NimbusRoman-BoldItalic.otf"),
    _fam("Nimbus Sans", "sans", "train", "fonts-urw-base35",
         f"{_URW}/NimbusSans-Regular.otf", f"{_URW}/NimbusSans-Bold.otf",
         f"{_URW}/NimbusSans-Italic.otf", f"{_URW}/NimbusSans-BoldItalic.otf"),
    _fam("Nimbus Sans Narrow", "sans", "train", "fonts-urw-base35",
         f"{_URW}/NimbusSansNarrow-Regular.otf", f"{_URW}/NimbusSansNarrow-Bold.otf",
         f"{_URW}/NimbusSansNarrow-Oblique.otf", f"{_URW}/NimbusSansNarrow-BoldOblique.otf"),
    _fam("Nimbus Mono PS", "mono", "train", "fonts-urw-base35",
         f"{_URW}/NimbusMonoPS-Regular.otf", f"{_URW}/NimbusMonoPS-Bold.otf",
         f"{_URW}/NimbusMonoPS-Italic.otf", f"{_URW}/NimbusMonoPS-BoldItalic.otf"),
    _fam("C059", "serif", "train", "fonts-urw-base35",
         f"{_URW}/C059-Roman.otf", f"{_URW}/C059-Bold.otf",
         f"{_URW}/C059-Italic.otf", f"{_URW}/C059-BdIta.otf"),
    _fam("URW Bookman", "serif", "train", "fonts-urw-base35",
         f"{_URW}/URWBookman-Light.otf", f"{_URW}/URWBookman-Demi.otf",
         f"{_URW}/URWBookman-LightItalic.otf", f"{_URW}/URWBookman-DemiItalic.otf"),
    _fam("URW Gothic", "sans", "train", "fonts-urw-base35",
         f"{_URW}/URWGothic-Book.otf", f"{_URW}/URWGothic-Demi.otf",
         f"{_URW}/URWGothic-BookOblique.otf", f"{_URW}/URWGothic-DemiOblique.otf"),
    _fam("TeX Gyre Heros", "sans", "train", "fonts-texgyre",
         f"{_GYRE}/texgyreheros-regular.otf", f"{_GYRE}/texgyreheros-bold.otf",
         f"{_GYRE}/texgyreheros-italic.otf", f"{_GYRE}/texgyreheros-bolditalic.otf"),
    _fam("TeX Gyre Heros Cn", "sans", "train", "fonts-texgyre",
         f"{_GYRE}/texgyreheroscn-regular.otf", f"{_GYRE}/texgyreheroscn-bold.otf",
         f"{_GYRE}/texgyreheroscn-italic.otf", f"{_GYRE}/texgyreheroscn-bolditalic.otf"),
    _fam("TeX Gyre Schola", "serif", "train", "fonts-texgyre",
         f"{_GYRE}/texgyreschola-regular.otf", f"{_GYRE}/texgyreschola-bold.otf",
         f"{_GYRE}/texgyreschola-italic.otf", f"{_GYRE}/texgyreschola-bolditalic.otf"),
    _fam("TeX Gyre Bonum", "serif", "train", "fonts-texgyre",
         f"{_GYRE}/texgyrebonum-regular.otf", f"{_GYRE}/texgyrebonum-bold.otf",
         f"{_GYRE}/texgyrebonum-italic.otf", f"{_GYRE}/texgyrebonum-bolditalic.otf"),
    _fam("TeX Gyre Adventor", "sans", "train", "fonts-texgyre",
         f"{_GYRE}/texgyreadventor-regular.otf", f"{_GYRE}/texgyreadventor-bold.otf",
         f"{_GYRE}/texgyreadventor-italic.otf", f"{_GYRE}/texgyreadventor-bolditalic.otf"),
    _fam("TeX Gyre Cursor", "mono", "train", "fonts-texgyre",
         f"{_GYRE}/texgyrecursor-regular.otf", f"{_GYRE}/texgyrecursor-bold.otf",
         f"{_GYRE}/texgyrecursor-italic.otf", f"{_GYRE}/texgyrecursor-bolditalic.otf"),
    _fam("Noto Sans Mono", "mono", "train", "fonts-noto-mono",
         f"{_TT}/noto/NotoSansMono-Regular.ttf", f"{_TT}/noto/NotoSansMono-Bold.ttf"),
    _fam("Noto Mono", "mono", "train", "fonts-noto-mono", f"{_TT}/noto/NotoMono-Regular.ttf"),
    # -------------------------------------------------------------- heldout
    _fam("Liberation Serif", "serif", "heldout", "fonts-liberation",
         f"{_TT}/liberation*/LiberationSerif-Regular.ttf",
         f"{_TT}/liberation*/LiberationSerif-Bold.ttf",
         f"{_TT}/liberation*/LiberationSerif-Italic.ttf",
         f"{_TT}/liberation*/LiberationSerif-BoldItalic.ttf"),
    _fam("Liberation Sans", "sans", "heldout", "fonts-liberation",
         f"{_TT}/liberation*/LiberationSans-Regular.ttf",
         f"{_TT}/liberation*/LiberationSans-Bold.ttf",
         f"{_TT}/liberation*/LiberationSans-Italic.ttf",
         f"{_TT}/liberation*/LiberationSans-BoldItalic.ttf"),
    _fam("Liberation Sans Narrow", "sans", "heldout", "fonts-liberation",
         f"{_TT}/liberation*/LiberationSansNarrow-Regular.ttf",
         f"{_TT}/liberation*/LiberationSansNarrow-Bold.ttf",
         f"{_TT}/liberation*/LiberationSansNarrow-Italic.ttf",
         f"{_TT}/liberation*/LiberationSansNarrow-BoldItalic.ttf"),
    _fam("Liberation Mono", "mono", "heldout", "fonts-liberation",
         f"{_TT}/liberation*/LiberationMono-Regular.ttf",
         f"{_TT}/liberation*/LiberationMono-Bold.ttf",
         f"{_TT}/liberation*/LiberationMono-Italic.ttf",
         f"{_TT}/liberation*/LiberationMono-BoldItalic.ttf"),
    _fam("Caladea", "serif", "heldout", "fonts-crosextra-caladea",
         f"{_TT}/crosextra/Caladea-Regular.ttf", f"{_TT}/crosextra/Caladea-Bold.ttf",
         f"{_TT}/crosextra/Caladea-Italic.ttf", f"{_TT}/crosextra/Caladea-BoldItalic.ttf"),
    _fam("Carlito", "sans", "heldout", "fonts-crosextra-carlito",
         f"{_TT}/crosextra/Carlito-Regular.ttf", f"{_TT}/crosextra/Carlito-Bold.ttf",
         f"{_TT}/crosextra/Carlito-Italic.ttf", f"{_TT}/crosextra/Carlito-BoldItalic.ttf"),
    _fam("P052", "serif", "heldout", "fonts-urw-base35",
         f"{_URW}/P052-Roman.otf", f"{_URW}/P052-Bold.otf",
         f"{_URW}/P052-Italic.otf", f"{_URW}/P052-BoldItalic.otf"),
    _fam("TeX Gyre Pagella", "serif", "heldout", "fonts-texgyre",
         f"{_GYRE}/texgyrepagella-regular.otf", f"{_GYRE}/texgyrepagella-bold.otf",
         f"{_GYRE}/texgyrepagella-italic.otf", f"{_GYRE}/texgyrepagella-bolditalic.otf"),
)

SPLITS = ("train", "heldout")


def families(split: str | None = None) -> list[FontFamily]:
    """Families of the table (all, or of one split), whether installed or not."""
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown font split {split!r}; expected one of {SPLITS}")
    return [f for f in FONT_TABLE if split is None or f.split == split]


_CACHE: dict[str, list[FontInfo]] = {}


def fonts_for(split: str) -> list[FontInfo]:
    """Installed font files of a split, in table order (deterministic).

    Missing files are skipped with a warning on stderr; an empty split raises
    RuntimeError naming the apt packages to install.
    """
    if split in _CACHE:
        return list(_CACHE[split])
    out: list[FontInfo] = []
    missing: list[str] = []
    missing_pkgs: set[str] = set()
    for fam in families(split):
        for variant in VARIANTS:
            pattern = fam.files.get(variant)
            if pattern is None:
                continue
            hits = sorted(glob.glob(pattern))
            if not hits:
                missing.append(f"{fam.name} {variant}")
                missing_pkgs.add(fam.package)
                continue
            out.append(FontInfo(fam.name, fam.style, variant, os.path.realpath(hits[0]),
                                fam.split))
    if missing:
        print(f"training.fonts: warning: {len(missing)} {split} font files missing "
              f"(e.g. {', '.join(missing[:3])}); install: apt-get install "
              f"{' '.join(sorted(missing_pkgs))}", file=sys.stderr)
    if not out:
        raise RuntimeError(
            f"no fonts found for split {split!r}; install the Debian font packages: "
            f"apt-get install {FONT_PACKAGES}")
    _CACHE[split] = out
    return list(out)
