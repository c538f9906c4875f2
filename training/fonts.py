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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

#: Debian packages that provide the fonts below (``apt-get install $(FONT_PACKAGES)``).
FONT_PACKAGES = (
    "fonts-dejavu-core fonts-liberation fonts-freefont-ttf fonts-urw-base35 "
    "fonts-texgyre fonts-crosextra-carlito fonts-crosextra-caladea fonts-noto-mono "
    "fonts-roboto-unhinted fonts-roboto-slab fonts-open-sans fonts-lato fonts-linuxlibertine "
    "fonts-ebgaramond fonts-go fonts-sil-charis fonts-sil-gentium fonts-courier-prime "
    "fonts-inconsolata fonts-cmu fonts-noto-core"
)

_TT = "/usr/share/fonts/truetype"
_URW = "/usr/share/fonts/opentype/urw-base35"
_GYRE = "/usr/share/texmf/fonts/opentype/public/tex-gyre"
_OT = "/usr/share/fonts/opentype"
_ROBOTO = f"{_TT}/roboto/unhinted"
_LIB = f"{_OT}/linux-libertine"
_GO = "/usr/share/fonts/fonts-go"

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
    # Session 3: more families, so the model meets more designs (training only).
    _fam("Roboto", "sans", "train", "fonts-roboto-unhinted",
         f"{_ROBOTO}/RobotoTTF/Roboto-Regular.ttf", f"{_ROBOTO}/RobotoTTF/Roboto-Bold.ttf",
         f"{_ROBOTO}/RobotoTTF/Roboto-Italic.ttf", f"{_ROBOTO}/RobotoTTF/Roboto-BoldItalic.ttf"),
    _fam("Roboto Condensed", "sans", "train", "fonts-roboto-unhinted",
         f"{_ROBOTO}/RobotoCondensed-Regular.ttf", f"{_ROBOTO}/RobotoCondensed-Bold.ttf",
         f"{_ROBOTO}/RobotoCondensed-Italic.ttf", f"{_ROBOTO}/RobotoCondensed-BoldItalic.ttf"),
    _fam("Roboto Slab", "serif", "train", "fonts-roboto-slab",
         "/usr/share/fonts/opentype/roboto/slab/RobotoSlab-Regular.otf",
         "/usr/share/fonts/opentype/roboto/slab/RobotoSlab-Bold.otf"),
    _fam("Open Sans", "sans", "train", "fonts-open-sans",
         f"{_TT}/open-sans/OpenSans-Regular.ttf", f"{_TT}/open-sans/OpenSans-Bold.ttf",
         f"{_TT}/open-sans/OpenSans-Italic.ttf", f"{_TT}/open-sans/OpenSans-BoldItalic.ttf"),
    _fam("Lato", "sans", "train", "fonts-lato",
         f"{_TT}/lato/Lato-Regular.ttf", f"{_TT}/lato/Lato-Bold.ttf",
         f"{_TT}/lato/Lato-Italic.ttf", f"{_TT}/lato/Lato-BoldItalic.ttf"),
    _fam("Linux Libertine", "serif", "train", "fonts-linuxlibertine",
         f"{_LIB}/LinLibertine_R.otf", f"{_LIB}/LinLibertine_RB.otf",
         f"{_LIB}/LinLibertine_RI.otf", f"{_LIB}/LinLibertine_RBI.otf"),
    _fam("Linux Biolinum", "sans", "train", "fonts-linuxlibertine",
         f"{_LIB}/LinBiolinum_R.otf", f"{_LIB}/LinBiolinum_RB.otf",
         f"{_LIB}/LinBiolinum_RI.otf"),
    _fam("EB Garamond", "serif", "train", "fonts-ebgaramond",
         f"{_OT}/ebgaramond/EBGaramond12-Regular.otf", f"{_OT}/ebgaramond/EBGaramond12-Bold.otf",
         f"{_OT}/ebgaramond/EBGaramond12-Italic.otf"),
    _fam("Go", "sans", "train", "fonts-go",
         f"{_GO}/Go-Regular.ttf", f"{_GO}/Go-Bold.ttf",
         f"{_GO}/Go-Italic.ttf", f"{_GO}/Go-Bold-Italic.ttf"),
    _fam("Go Mono", "mono", "train", "fonts-go",
         f"{_GO}/Go-Mono.ttf", f"{_GO}/Go-Mono-Bold.ttf",
         f"{_GO}/Go-Mono-Italic.ttf", f"{_GO}/Go-Mono-Bold-Italic.ttf"),
    _fam("Charis SIL", "serif", "train", "fonts-sil-charis",
         f"{_TT}/charis/CharisSIL-Regular.ttf", f"{_TT}/charis/CharisSIL-Bold.ttf",
         f"{_TT}/charis/CharisSIL-Italic.ttf", f"{_TT}/charis/CharisSIL-BoldItalic.ttf"),
    _fam("Gentium", "serif", "train", "fonts-sil-gentium",
         f"{_TT}/gentium/Gentium-R.ttf", None, f"{_TT}/gentium/Gentium-I.ttf"),
    _fam("Courier Prime", "mono", "train", "fonts-courier-prime",
         f"{_OT}/courier-prime/Courier Prime.otf", f"{_OT}/courier-prime/Courier Prime Bold.otf",
         f"{_OT}/courier-prime/Courier Prime Italic.otf",
         f"{_OT}/courier-prime/Courier Prime Bold Italic.otf"),
    _fam("Inconsolata", "mono", "train", "fonts-inconsolata",
         f"{_TT}/inconsolata/Inconsolata.otf"),
    _fam("CMU Serif", "serif", "train", "fonts-cmu",
         f"{_TT}/cmu/cmunrm.ttf", f"{_TT}/cmu/cmunbx.ttf",
         f"{_TT}/cmu/cmunti.ttf", f"{_TT}/cmu/cmunbi.ttf"),
    _fam("CMU Sans Serif", "sans", "train", "fonts-cmu",
         f"{_TT}/cmu/cmunss.ttf", f"{_TT}/cmu/cmunsx.ttf",
         f"{_TT}/cmu/cmunsi.ttf", f"{_TT}/cmu/cmunso.ttf"),
    _fam("CMU Typewriter Text", "mono", "train", "fonts-cmu",
         f"{_TT}/cmu/cmuntt.ttf", f"{_TT}/cmu/cmuntb.ttf",
         f"{_TT}/cmu/cmunit.ttf", f"{_TT}/cmu/cmuntx.ttf"),
    _fam("Noto Sans", "sans", "train", "fonts-noto-core",
         f"{_TT}/noto/NotoSans-Regular.ttf", f"{_TT}/noto/NotoSans-Bold.ttf",
         f"{_TT}/noto/NotoSans-Italic.ttf", f"{_TT}/noto/NotoSans-BoldItalic.ttf"),
    _fam("Noto Serif", "serif", "train", "fonts-noto-core",
         f"{_TT}/noto/NotoSerif-Regular.ttf", f"{_TT}/noto/NotoSerif-Bold.ttf",
         f"{_TT}/noto/NotoSerif-Italic.ttf", f"{_TT}/noto/NotoSerif-BoldItalic.ttf"),
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

#: Printer faces for the receipt kind of line only (training data, issue 15/16: the real
#: receipts' dot-matrix and thermal print), with the training split's mono families; the
#: other kinds never draw them, so earlier training stages' data stay as they were.
RECEIPT_FONT_PACKAGES = (
    "fonts-ocr-b fonts-3270 fonts-dotgothic16 fonts-jetbrains-mono fonts-hack "
    "fonts-anonymous-pro fonts-b612"
)
RECEIPT_FONT_TABLE: tuple[FontFamily, ...] = (
    _fam("OCR-B", "mono", "train", "fonts-ocr-b", f"{_OT}/ocr-b/OCRB.otf"),
    _fam("IBM 3270", "mono", "train", "fonts-3270", f"{_TT}/3270/3270-Regular.ttf"),
    _fam("IBM 3270 Condensed", "mono", "train", "fonts-3270",
         f"{_TT}/3270/3270Condensed-Regular.ttf"),
    _fam("IBM 3270 Semi-Condensed", "mono", "train", "fonts-3270",
         f"{_TT}/3270/3270SemiCondensed-Regular.ttf"),
    _fam("DotGothic16", "mono", "train", "fonts-dotgothic16",
         f"{_TT}/dotgothic16/DotGothic16-Regular.ttf"),
    _fam("JetBrains Mono", "mono", "train", "fonts-jetbrains-mono",
         f"{_TT}/jetbrains-mono/JetBrainsMono-Regular.ttf",
         f"{_TT}/jetbrains-mono/JetBrainsMono-Bold.ttf"),
    _fam("Hack", "mono", "train", "fonts-hack",
         f"{_TT}/hack/Hack-Regular.ttf", f"{_TT}/hack/Hack-Bold.ttf"),
    _fam("Anonymous Pro", "mono", "train", "fonts-anonymous-pro",
         f"{_TT}/anonymous-pro/Anonymous Pro.ttf", f"{_TT}/anonymous-pro/Anonymous Pro B.ttf"),
    _fam("B612 Mono", "mono", "train", "fonts-b612",
         f"{_OT}/b612/B612Mono-Regular.otf", f"{_OT}/b612/B612Mono-Bold.otf"),
)


@cache
def _receipt_fonts(split: str) -> tuple[FontInfo, ...]:
    monos = [f for f in fonts_for(split) if f.style == "mono"]
    faces = _installed(RECEIPT_FONT_TABLE)[0] if split == "train" else []
    return tuple(monos + faces)


def receipt_fonts(split: str) -> list[FontInfo]:
    """The faces a receipt line is drawn in: the split's mono families, and for the
    training split the printer faces of :data:`RECEIPT_FONT_TABLE` that are installed."""
    return list(_receipt_fonts(split))


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
    out, missing, missing_pkgs = _installed(families(split))
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


def _installed(table: Sequence[FontFamily]
               ) -> tuple[list[FontInfo], list[str], set[str]]:
    """The installed files of a table's families (table order), the missing variants
    and the packages they come from."""
    out: list[FontInfo] = []
    missing: list[str] = []
    missing_pkgs: set[str] = set()
    for fam in table:
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
    return out, missing, missing_pkgs
