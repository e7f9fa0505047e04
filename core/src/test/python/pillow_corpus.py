#!/usr/bin/python3
"""Makes the image corpus of ImageCorpusTest and the pixels Pillow 9.4 gives for it.

Every file is generated here from seeded numpy content: JPEG variants by libjpeg-turbo's cjpeg and jpegtran
(Debian's libjpeg-turbo-progs), the other formats by Pillow or, where Pillow cannot write a variant, by the small
writers below. For each file the manifest records what Pillow 9.4 makes of it:

  name  mode  width  height  rgb  before  after

  rgb     sha256 of Image.open(f).convert('RGB') as bytes (row-major RGB)
  before  sha256 of the 8-bit crop of the decompose path: open, convert('RGB'), resize, center crop
  after   sha256 of the 8-bit crop of the demo path: open, resize and crop in the file's mode, convert('RGB')
          (or "error:<Pillow's exception>" when Pillow cannot do it)

Resize and crop are torchvision 0.14's on a PIL image (shorter side to SIZE with bicubic, the longer side
truncated, crop offsets rounded half to even), as in reference/openclip-public/MANIFEST.md section 2.

Run from this folder:  /usr/bin/python3 pillow_corpus.py
(needs: apt-get install python3-pil python3-numpy libjpeg-turbo-progs). Writes ../resources/<corpus folder>.
"""
import hashlib
import io
import os
import struct
import subprocess
import sys
import tempfile
import zlib

import numpy as np
import PIL
from PIL import Image

SIZE = 24
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "../resources/io/clipdecomp/core/preprocess/corpus")


def photo(w, h, seed):
    """Smooth colour gradients, a few hard-edged shapes and noise: compresses like a photograph, exercises edges."""
    r = np.random.RandomState(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.empty((h, w, 3))
    for c in range(3):
        fx, fy, ph = r.uniform(0.5, 3.0), r.uniform(0.5, 3.0), r.uniform(0, 6.28)
        img[..., c] = 128 + 90 * np.sin(fx * 6.28 * x / w + ph) * np.cos(fy * 6.28 * y / h)
    for _ in range(4):
        cx, cy, rad = r.uniform(0, w), r.uniform(0, h), r.uniform(3, max(4, min(w, h) / 3))
        img[(x - cx) ** 2 + (y - cy) ** 2 < rad ** 2] = r.uniform(0, 255, 3)
    x0, y0 = r.randint(0, max(1, w - 4)), r.randint(0, max(1, h - 4))
    img[y0:y0 + h // 4 + 1, x0:x0 + w // 5 + 1] = r.uniform(0, 255, 3)
    img += r.uniform(-20, 20, img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def ppm_bytes(rgb):
    h, w = rgb.shape[:2]
    if rgb.ndim == 2:
        return b"P5\n%d %d\n255\n" % (w, h) + rgb.tobytes()
    return b"P6\n%d %d\n255\n" % (w, h) + rgb.tobytes()


def run(args, data):
    return subprocess.run(args, input=data, stdout=subprocess.PIPE, check=True).stdout


def cjpeg(pixels, *options):
    return run(["cjpeg", *options], ppm_bytes(pixels))


def jpegtran(jpeg, *options):
    return run(["jpegtran", *options], jpeg)


def segments(jpeg):
    """(marker, start, end) of each marker segment before the first scan's data, then the rest as marker 0."""
    out, at = [], 2
    while at < len(jpeg):
        marker = jpeg[at + 1]
        length = struct.unpack(">H", jpeg[at + 2:at + 4])[0]
        out.append((marker, at, at + 2 + length))
        at += 2 + length
        if marker == 0xDA:
            out.append((0, at, len(jpeg)))
            break
    return out


def without_segments(jpeg, markers):
    """The JPEG with its marker segments of the given types left out (e.g. DHT: Motion-JPEG style)."""
    body = b"".join(jpeg[s:e] for m, s, e in segments(jpeg) if m not in markers)
    return jpeg[:2] + body


def with_adobe_transform(jpeg, transform):
    """The JPEG with its JFIF marker replaced by an Adobe APP14 marker of the given colour transform."""
    adobe = b"\xff\xee" + struct.pack(">H", 14) + b"Adobe" + struct.pack(">HHHB", 100, 0, 0, transform)
    body = b"".join(jpeg[s:e] for m, s, e in segments(jpeg) if m not in (0xE0, 0xEE))
    return jpeg[:2] + adobe + body


def with_component_ids(jpeg, ids):
    """The JPEG with its frame's and scans' component ids renumbered (e.g. 'R', 'G', 'B'), JFIF marker dropped."""
    out = bytearray(jpeg[:2])
    for m, s, e in segments(jpeg):
        seg = bytearray(jpeg[s:e])
        if m == 0xE0:
            continue
        if 0xC0 <= m <= 0xCF and m not in (0xC4, 0xC8, 0xCC):
            old = [seg[10 + 3 * i] for i in range(seg[9])]
            for i in range(seg[9]):
                seg[10 + 3 * i] = ids[i]
            mapping = dict(zip(old, ids))
        elif m == 0xDA:
            for i in range(seg[4]):
                seg[5 + 2 * i] = mapping[seg[5 + 2 * i]]
        out += seg
    return bytes(out)


def pillow_bytes(image, fmt, **params):
    buf = io.BytesIO()
    image.save(buf, fmt, **params)
    return buf.getvalue()


def jpeg_corpus():
    p = photo(61, 45, 1)
    big = photo(203, 157, 2)
    gray = np.asarray(Image.fromarray(p).convert("L"))
    yield "jpeg-420.jpg", cjpeg(p, "-quality", "90")
    yield "jpeg-422.jpg", cjpeg(p, "-sample", "2x1")
    yield "jpeg-444.jpg", cjpeg(p, "-sample", "1x1")
    yield "jpeg-440.jpg", cjpeg(p, "-sample", "1x2")
    yield "jpeg-411.jpg", cjpeg(p, "-sample", "4x1")
    yield "jpeg-410.jpg", cjpeg(p, "-sample", "4x2")
    yield "jpeg-311.jpg", cjpeg(p, "-sample", "3x1")
    yield "jpeg-mixed-sampling.jpg", cjpeg(p, "-sample", "2x2,2x1,1x2")
    yield "jpeg-luma-subsampled.jpg", cjpeg(p, "-sample", "1x1,2x2,2x2")
    yield "jpeg-422-rotated-to-440.jpg", jpegtran(cjpeg(big, "-sample", "2x1"), "-rotate", "90")
    yield "jpeg-420-large.jpg", cjpeg(big, "-quality", "75")
    yield "jpeg-420-tiny-3x3.jpg", cjpeg(photo(3, 3, 3))
    yield "jpeg-422-tiny-4x1.jpg", cjpeg(photo(4, 1, 4), "-sample", "2x1")
    yield "jpeg-1x1.jpg", cjpeg(photo(1, 1, 5))
    yield "jpeg-progressive-420.jpg", cjpeg(big, "-progressive")
    yield "jpeg-progressive-444.jpg", cjpeg(p, "-progressive", "-sample", "1x1")
    yield "jpeg-progressive-440.jpg", cjpeg(p, "-progressive", "-sample", "1x2")
    yield "jpeg-arithmetic-420.jpg", cjpeg(big, "-arithmetic")
    yield "jpeg-arithmetic-440.jpg", cjpeg(p, "-arithmetic", "-sample", "1x2")
    yield "jpeg-arithmetic-progressive.jpg", cjpeg(big, "-arithmetic", "-progressive")
    yield "jpeg-arithmetic-restart.jpg", cjpeg(big, "-arithmetic", "-restart", "5B")
    yield "jpeg-restart-rows.jpg", cjpeg(big, "-restart", "1")
    yield "jpeg-restart-blocks.jpg", cjpeg(big, "-restart", "7B")
    yield "jpeg-progressive-restart.jpg", cjpeg(big, "-progressive", "-restart", "3B")
    yield "jpeg-optimized.jpg", cjpeg(big, "-optimize", "-quality", "95")
    yield "jpeg-quality-100.jpg", cjpeg(p, "-quality", "100", "-sample", "1x1")
    yield "jpeg-16bit-quant.jpg", cjpeg(big, "-quality", "6")
    yield "jpeg-16bit-quant-progressive.jpg", cjpeg(p, "-quality", "3", "-progressive")
    yield "jpeg-16bit-quant-arithmetic.jpg", cjpeg(p, "-quality", "4", "-arithmetic")
    yield "jpeg-gray.jpg", cjpeg(gray, "-grayscale")
    yield "jpeg-gray-progressive.jpg", cjpeg(gray, "-grayscale", "-progressive")
    yield "jpeg-rgb.jpg", cjpeg(p, "-rgb")
    yield "jpeg-rgb-ids.jpg", with_component_ids(cjpeg(p, "-sample", "1x1"), [ord("R"), ord("G"), ord("B")])
    yield "jpeg-adobe-ycc.jpg", with_adobe_transform(cjpeg(p), 1)
    yield "jpeg-no-huffman-tables.jpg", without_segments(cjpeg(big), [0xC4])
    cmyk = Image.fromarray(photo(45, 61, 6)).convert("CMYK")
    cmyk_jpeg = pillow_bytes(cmyk, "JPEG", quality=90)
    yield "jpeg-cmyk.jpg", cmyk_jpeg
    yield "jpeg-cmyk-no-adobe.jpg", without_segments(cmyk_jpeg, [0xEE])
    yield "jpeg-ycck.jpg", with_adobe_transform(cmyk_jpeg, 2)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90; Image.open ignores it
    yield "jpeg-exif-orientation.jpg", pillow_bytes(Image.fromarray(p), "JPEG", exif=exif.tobytes())
    yield "jpeg-icc.jpg", pillow_bytes(Image.fromarray(p), "JPEG", icc_profile=b"\0" * 300)


def resized_crop(im):
    """torchvision Resize(SIZE, BICUBIC) + CenterCrop(SIZE) on a PIL image."""
    w, h = im.size
    if w <= h:
        nw, nh = SIZE, int(SIZE * h / w)
    else:
        nw, nh = int(SIZE * w / h), SIZE
    im = im.resize((nw, nh), Image.BICUBIC)
    left, top = int(round((nw - SIZE) / 2.0)), int(round((nh - SIZE) / 2.0))
    return im.crop((left, top, left + SIZE, top + SIZE))


def sha(image):
    return hashlib.sha256(np.asarray(image, dtype=np.uint8).tobytes()).hexdigest()


def expected(path):
    with Image.open(path) as im:
        mode, (w, h) = im.mode, im.size
        rgb = im.convert("RGB")
    before = sha(resized_crop(rgb))
    try:
        with Image.open(path) as im:
            after = sha(resized_crop(im).convert("RGB"))
    except Exception as e:  # Pillow cannot resize some modes; the demo path then fails there too
        after = "error:" + type(e).__name__
    return [mode, str(w), str(h), sha(rgb), before, after]


def main():
    assert PIL.__version__ == "9.4.0", "the reference is Pillow 9.4.0, this is " + PIL.__version__
    os.makedirs(OUT, exist_ok=True)
    rows = []
    for name, data in jpeg_corpus():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        rows.append([name] + expected(os.path.join(OUT, name)))
    with open(os.path.join(OUT, "expected.tsv"), "w") as f:
        f.write("# Pillow %s on the files of this folder; made by core/src/test/python/pillow_corpus.py, size %d\n"
                % (PIL.__version__, SIZE))
        f.write("\t".join(["name", "mode", "width", "height", "rgb", "before", "after"]) + "\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    print("%d files in %s" % (len(rows), os.path.normpath(OUT)))


if __name__ == "__main__":
    sys.exit(main())
