"""Make the committed Naskh font files from the upstream Noto Naskh Arabic TTFs.

A one-off, not part of the app: run it only to change the fonts. It needs npm
and fontTools with Brotli, in a throw-away environment, never the app's:

    python3 -m venv /tmp/fontenv && /tmp/fontenv/bin/pip install fonttools brotli
    /tmp/fontenv/bin/python tools/subset_fonts.py

Source: the npm package ``@expo-google-fonts/noto-naskh-arabic@0.4.5``, which
ships Google Fonts' Noto Naskh Arabic v44 ("Version 2.021") as TrueType (glyf)
files under the SIL Open Font License 1.1 (SHA-256 of the regular one
706b4580c025f6c75ec1c06013e17f00a23ec1780091b77a5a5b339469bda94d, of the bold
35418f91100645a36e4d72d75866b61c5da14dc5ebbade64db434d2c9e76234c; made with
fontTools 4.68.0). It writes:

- ``static/fonts/archive-naskh-{400,700}.woff2``: the web fonts, with every
  OpenType feature the browser needs to shape Arabic itself;
- ``statements/formats/fonts/ArchiveNaskh-{Regular,Bold}.ttf``: the PDF fonts,
  without layout tables (ReportLab ignores them: the text reaches it already
  shaped into presentation forms, which the kept cmap maps to glyphs);
- ``OFL.txt`` beside each, the font's licence.
"""

import hashlib
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

PACKAGE = "@expo-google-fonts/noto-naskh-arabic@0.4.5"
REPO = Path(__file__).resolve().parent.parent
WEB_DIR = REPO / "static" / "fonts"
PDF_DIR = REPO / "statements" / "formats" / "fonts"
WEIGHTS = {"400Regular": ("400", "Regular"), "700Bold": ("700", "Bold")}

# What a statement page shows: basic Latin, Latin-1 and Latin Extended-A
# (metadata, names in French, Turkish or Kurdish, « »), Arabic, the
# punctuation and marks of running text (dashes, quotes, ellipsis, per mille,
# euro, ZWNJ/ZWJ/LRM/RLM, reversed comma and semicolon, dotted circle for a
# stray mark) and the presentation forms that text copied from PDFs contains
# (and ﷲ ﷺ, common in statements). The font has no glyphs for the dotted
# letters of transliteration (U+1E00-1EFF): browsers take those from another
# font. Keep this in step with the unicode-range in static/css/fonts.css.
UNICODES = (
    "U+0020-007E,U+00A0-017F,U+0218-021B,U+0600-06FF,U+200C-200F,U+2010-2027,"
    "U+2030,U+2039-203A,U+204F,U+20AC,U+25CC,U+2E41,U+FB50-FDFF,U+FE70-FEFF"
)


def fetch_package(workdir: Path) -> Path:
    """Download the npm tarball with npm itself and unpack it."""
    subprocess.run(["npm", "pack", PACKAGE], cwd=workdir, check=True)
    (tarball,) = workdir.glob("*.tgz")
    with tarfile.open(tarball) as archive:
        archive.extractall(workdir, filter="data")
    return workdir / "package"


def make_subset(source: Path, target: Path, web: bool) -> None:
    options = subset.Options()
    options.layout_features = ["*"] if web else []
    options.flavor = "woff2" if web else None
    if not web:
        options.drop_tables += ["GSUB", "GPOS", "GDEF"]
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def main() -> None:
    WEB_DIR.mkdir(parents=True, exist_ok=True)
    PDF_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        package = fetch_package(Path(tmp))
        for folder, (weight, style) in WEIGHTS.items():
            source = package / folder / f"NotoNaskhArabic_{folder}.ttf"
            digest = hashlib.sha256(source.read_bytes()).hexdigest()
            print(f"{source.name} sha256 {digest}")
            make_subset(source, WEB_DIR / f"archive-naskh-{weight}.woff2", web=True)
            make_subset(source, PDF_DIR / f"ArchiveNaskh-{style}.ttf", web=False)
        for folder in (WEB_DIR, PDF_DIR):
            shutil.copyfile(package / "LICENSE_FONT", folder / "OFL.txt")
    for path in sorted([*WEB_DIR.iterdir(), *PDF_DIR.iterdir()]):
        print(f"{path.relative_to(REPO)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
