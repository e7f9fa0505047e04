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


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pack_row(values, bits):
    """One PNG row of samples packed at 1, 2, 4, 8 or 16 bits, big-endian."""
    if bits == 16:
        return np.asarray(values, dtype=">u2").tobytes()
    if bits == 8:
        return np.asarray(values, dtype=np.uint8).tobytes()
    out, acc, n = bytearray(), 0, 0
    for v in values:
        acc, n = acc << bits | int(v), n + bits
        if n == 8:
            out.append(acc)
            acc, n = 0, 0
    if n:
        out.append(acc << (8 - n))
    return bytes(out)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def png_bytes(samples, colour_type, bits, palette=None, trns=None, interlace=False):
    """A PNG of samples (h, w, channels) as stored, any colour type and bit depth, optionally Adam7-interlaced."""
    h, w = samples.shape[:2]
    flat = samples.reshape(h, w, -1)
    raw = bytearray()
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    for x0, y0, dx, dy in passes:
        sub = flat[y0::dy, x0::dx]
        if sub.size == 0:
            continue
        for row in sub:
            raw += b"\0" + pack_row(row.reshape(-1), bits)
    out = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bits, colour_type, 0, 0,
                                                                   1 if interlace else 0))
    if palette is not None:
        out += png_chunk(b"PLTE", bytes(np.asarray(palette, dtype=np.uint8).reshape(-1)))
    if trns is not None:
        out += png_chunk(b"tRNS", trns)
    return out + png_chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + png_chunk(b"IEND", b"")


def png_corpus():
    r = np.random.RandomState(21)
    p = photo(53, 41, 7)
    gray = np.asarray(Image.fromarray(p).convert("L"))
    alpha = np.clip(np.arange(53)[None, :] * 5 + r.randint(0, 40, (41, 53)), 0, 255).astype(np.uint8)
    alpha[:, :6] = 0
    alpha[:, -6:] = 255
    wide = (p.astype(np.uint16) * 257 + r.randint(0, 256, p.shape)).astype(np.uint16)
    wide_gray = (gray.astype(np.uint16) * 257 + r.randint(0, 256, gray.shape)).astype(np.uint16)
    wide_alpha = (alpha.astype(np.uint16) * 257 + r.randint(0, 256, alpha.shape)).astype(np.uint16)
    yield "png-gray-1bit.png", pillow_bytes(Image.fromarray(gray).convert("1"), "PNG")
    yield "png-gray-2bit.png", png_bytes(gray >> 6, 0, 2)
    yield "png-gray-4bit.png", png_bytes(gray >> 4, 0, 4)
    yield "png-gray-8bit.png", pillow_bytes(Image.fromarray(gray), "PNG")
    yield "png-gray-16bit.png", png_bytes(wide_gray, 0, 16)
    yield "png-gray-16bit-dark.png", png_bytes(wide_gray >> 7, 0, 16)
    yield "png-gray-trns.png", png_bytes(gray, 0, 8, trns=struct.pack(">H", int(gray[3, 3])))
    yield "png-la-8bit.png", pillow_bytes(Image.fromarray(np.dstack([gray, alpha]), "LA"), "PNG")
    yield "png-la-16bit.png", png_bytes(np.dstack([wide_gray, wide_alpha]), 4, 16)
    yield "png-rgb-8bit.png", pillow_bytes(Image.fromarray(p), "PNG")
    yield "png-rgb-16bit.png", png_bytes(wide, 2, 16)
    yield "png-rgb-trns.png", png_bytes(p, 2, 8, trns=bytes([0, int(p[0, 0, 0]), 0, int(p[0, 0, 1]), 0,
                                                              int(p[0, 0, 2])]))
    yield "png-rgba-8bit.png", pillow_bytes(Image.fromarray(np.dstack([p, alpha]), "RGBA"), "PNG")
    yield "png-rgba-16bit.png", png_bytes(np.dstack([wide, wide_alpha]), 6, 16)
    yield "png-rgb-interlaced.png", png_bytes(p, 2, 8, interlace=True)
    yield "png-gray-2bit-interlaced.png", png_bytes(gray >> 6, 0, 2, interlace=True)
    quantised = Image.fromarray(p).quantize(200)
    yield "png-palette-8bit.png", pillow_bytes(quantised, "PNG")
    yield "png-palette-8bit-trns.png", pillow_bytes(quantised, "PNG", transparency=5)
    for bits in (1, 2, 4):
        small = Image.fromarray(p).quantize(1 << bits)
        yield "png-palette-%dbit.png" % bits, pillow_bytes(small, "PNG", bits=bits)
    indices = (np.arange(53)[None, :] + np.arange(41)[:, None]) % 6
    yield "png-palette-short.png", png_bytes(indices.astype(np.uint8), 3, 8,
                                             palette=[[200, 10, 10], [10, 200, 10], [10, 10, 200]])


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
    for name, data in list(jpeg_corpus()) + list(png_corpus()):
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
