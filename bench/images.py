"""Peak memory of checking an upload and making its renditions, per kind of image.

    python bench/images.py            # every case, a table in Markdown
    python bench/images.py --case png-rgb-40mp

Each case and step runs in a fresh child process: Django set up, libvips
loaded, then the baseline resident set size (VmRSS) is read; after the step,
the peak (VmHWM) is read, and the figure is peak − baseline, in MB (10^6
bytes). "check" is `validate_image_upload` on the uploaded bytes, as the admin
form does; "renditions" is `make_renditions` with every width, the three
crops and nothing cached. `pillow-before` repeats what the pipeline did before
libvips (decode in full with Pillow, then resize) for comparison. The images
are made here, synthetic: a smooth gradient, so the files stay small on
disk (like the issue's 130 KB PNG) while being 40 megapixels once decoded.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name: (what, width, height, make)
CASES = {
    "png-rgb-40mp": ("PNG, RGB, 8000×5000", 8000, 5000),
    "png-rgba-40mp": ("PNG, RGBA, 8000×5000", 8000, 5000),
    "png-16bit-grey-40mp": ("PNG, 16-bit grey, 8000×5000", 8000, 5000),
    "jpeg-rotated-40mp": ("JPEG, Orientation=6, 8000×5000", 8000, 5000),
    "jpeg-cmyk-24mp": ("JPEG, CMYK, 6000×4000", 6000, 4000),
    "gif-animated-3x3mp": ("GIF, 3 frames of 2200×1500", 2200, 1500),
    "pillow-before-png-rgb-40mp": ("PNG, RGB, 8000×5000 (Pillow, before)", 8000, 5000),
}


def make(case: str, directory: Path) -> Path:
    import pyvips

    _what, width, height = CASES[case]
    x = pyvips.Image.xyz(width, height)
    ramp = (x[0] * (255 / width)).bandjoin([x[1] * (255 / height), x[0] * 0 + 128])
    rgb = ramp.cast("uchar").copy(interpretation="srgb")
    path = directory / f"{case}.img"
    if case.endswith("png-rgb-40mp"):
        rgb.pngsave(str(path), compression=9)
    elif case == "png-rgba-40mp":
        rgb.bandjoin(200).copy(interpretation="srgb").pngsave(str(path), compression=9)
    elif case == "png-16bit-grey-40mp":
        (rgb[0].cast("ushort") * 257).copy(interpretation="grey16").pngsave(
            str(path), compression=9, bitdepth=16
        )
    elif case == "jpeg-rotated-40mp":
        rotated = rgb.copy()
        rotated.set_type(pyvips.GValue.gint_type, "orientation", 6)
        rotated.jpegsave(str(path), Q=85)
    elif case == "jpeg-cmyk-24mp":
        rgb.icc_transform("cmyk", input_profile="srgb").jpegsave(str(path), Q=85)
    elif case == "gif-animated-3x3mp":
        banded = ((rgb / 32).cast("uchar") * 32).copy(interpretation="srgb")  # LZW-friendly
        frames = [banded, banded.flip("horizontal"), banded.flip("vertical")]
        strip = pyvips.Image.arrayjoin(frames, across=1)
        strip.set_type(pyvips.GValue.gint_type, "page-height", height)
        strip.gifsave(str(path), effort=1)
    return path


def status(field: str) -> int:
    """A /proc/self/status figure (VmRSS, VmHWM) in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(field)


def child(case: str, step: str, path: str, media: str) -> None:
    """Run one step in this process and print its figures as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ["MEDIA_ROOT"] = media
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageOps

    from articles.models import MediaImage
    from articles.renditions import image_renditions

    data = Path(path).read_bytes()
    name = Path(path).name
    baseline = status("VmRSS")
    started = time.perf_counter()
    if case.startswith("pillow-before"):
        Image.MAX_IMAGE_PIXELS = None
        with Image.open(path) as image:
            image = ImageOps.exif_transpose(image)
            image.load()
            image = image.convert("RGB")
            for width in (480, 960, 1600):
                copy = image.copy()
                copy.thumbnail((width, width * 10), Image.Resampling.LANCZOS)
    elif step == "check":
        from newsroom.images import validate_image_upload

        validate_image_upload(SimpleUploadedFile(name, data))
    else:
        image_renditions(MediaImage(image=f"bench/{name}"), force=True)
    elapsed = time.perf_counter() - started
    peak = status("VmHWM")
    print(json.dumps({"baseline": baseline, "peak": peak, "seconds": elapsed}))


def run(case: str, step: str, path: Path, media: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", case, step, str(path), str(media)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"{case} {step} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", choices=sorted(CASES), action="append")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    cases = args.case or list(CASES)
    print("| image | on disk | step | baseline RSS | peak over baseline | time |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    worst = 0
    with tempfile.TemporaryDirectory() as tmp:
        media = Path(tmp) / "media"
        (media / "bench").mkdir(parents=True)
        for case in cases:
            path = make(case, media / "bench")
            steps = ["resize"] if case.startswith("pillow-before") else ["check", "renditions"]
            for step in steps:
                figures = run(case, step, path, media)
                over = (figures["peak"] - figures["baseline"]) / 1e6
                if not case.startswith("pillow-before"):
                    worst = max(worst, over)
                print(
                    f"| {CASES[case][0]} | {path.stat().st_size / 1e6:.2f} MB | {step} "
                    f"| {figures['baseline'] / 1e6:.0f} MB | **{over:.0f} MB** "
                    f"| {figures['seconds']:.1f} s |",
                    flush=True,
                )
    print(f"\nWorst peak over baseline (libvips pipeline): {worst:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
