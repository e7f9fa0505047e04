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
# the start-up check's JPEG and Pillow's pixels for it, shipped in the jar
SELF_CHECK = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "../../main/resources/io/clipdecomp/core/preprocess/self-check-440")


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


def bmp_bytes(pixels, bits, palette=None, top_down=False, masks=None, rle8=False):
    """A BMP (BITMAPINFOHEADER) of 1/4/8-bit indices with a palette, 16-bit 5-5-5 (or masks), 24- or 32-bit BGR(X)."""
    h, w = pixels.shape[:2]
    rows = []
    for y in range(h):
        row = pixels[y]
        if bits in (1, 4, 8) and not rle8:
            data = pack_row(row, bits)
        elif bits == 16:
            if masks is None:
                v = (row[:, 0].astype(np.uint16) >> 3 << 10) | (row[:, 1].astype(np.uint16) >> 3 << 5) | (row[:, 2] >> 3)
            else:
                v = (row[:, 0].astype(np.uint16) >> 3 << 11) | (row[:, 1].astype(np.uint16) >> 2 << 5) | (row[:, 2] >> 3)
            data = v.astype("<u2").tobytes()
        elif bits == 24:
            data = row[:, ::-1].astype(np.uint8).tobytes()
        elif bits == 32:
            data = np.dstack([row[:, 2], row[:, 1], row[:, 0], np.full(w, 77)]).astype(np.uint8).tobytes()
        if rle8:
            out = bytearray()
            x = 0
            while x < w:
                n = 1
                while x + n < w and n < 255 and row[x + n] == row[x]:
                    n += 1
                out += bytes([n, int(row[x])])
                x += n
            rows.append(bytes(out) + b"\0\0")
        else:
            rows.append(data + b"\0" * (-len(data) % 4))
    order = rows if top_down else rows[::-1]
    body = b"".join(order) + (b"\0\1" if rle8 else b"")
    compression = 1 if rle8 else 3 if masks is not None else 0
    pal = b"" if palette is None else b"".join(bytes([b, g, r, 0]) for r, g, b in palette)
    extra = b"" if masks is None else struct.pack("<III", *masks)
    offset = 14 + 40 + len(extra) + len(pal)
    header = struct.pack("<IiiHHIIiiII", 40, w, -h if top_down else h, 1, bits, compression, len(body), 2835, 2835,
                         0 if palette is None else len(palette), 0)
    return b"BM" + struct.pack("<IHHI", offset + len(body), 0, 0, offset) + header + extra + pal + body


def bmp_corpus():
    p = photo(37, 29, 8)
    image = Image.fromarray(p)
    yield "bmp-rgb-24bit.bmp", pillow_bytes(image, "BMP")
    yield "bmp-rgba-32bit.bmp", pillow_bytes(Image.fromarray(np.dstack([p, p[..., 0]]), "RGBA"), "BMP")
    yield "bmp-gray-8bit.bmp", pillow_bytes(image.convert("L"), "BMP")
    yield "bmp-palette-8bit.bmp", pillow_bytes(image.quantize(100), "BMP")
    yield "bmp-1bit.bmp", pillow_bytes(image.convert("1"), "BMP")
    q16 = image.quantize(16)
    palette = np.asarray(q16.getpalette()[:48]).reshape(16, 3)
    yield "bmp-palette-4bit.bmp", bmp_bytes(np.asarray(q16), 4, palette=palette)
    yield "bmp-palette-rle8.bmp", bmp_bytes(np.asarray(q16), 8, palette=palette, rle8=True)
    yield "bmp-rgb-555.bmp", bmp_bytes(p, 16)
    yield "bmp-rgb-565.bmp", bmp_bytes(p, 16, masks=(0xF800, 0x07E0, 0x001F))
    yield "bmp-rgbx-32bit.bmp", bmp_bytes(p, 32)
    yield "bmp-rgb-top-down.bmp", bmp_bytes(p, 24, top_down=True)


def tiff_bytes(samples, bits, photometric, extra_samples=(), big_endian=False):
    """An uncompressed one-strip TIFF of samples (h, w, c) at 8 or 16 bits, for what Pillow cannot write."""
    h, w = samples.shape[:2]
    c = samples.reshape(h, w, -1).shape[2]
    e = ">" if big_endian else "<"
    data = samples.astype((e + "u2") if bits == 16 else np.uint8).tobytes()
    tags = [(256, 4, [w]), (257, 4, [h]), (258, 3, [bits] * c), (259, 3, [1]), (262, 3, [photometric]),
            (273, 4, [0]), (277, 3, [c]), (278, 4, [h]), (279, 4, [len(data)]), (284, 3, [1])]
    if extra_samples:
        tags.append((338, 3, list(extra_samples)))
    tags.sort()
    ifd_size = 2 + 12 * len(tags) + 4
    blob_at = 8 + ifd_size
    blobs = b""
    entries = b""
    data_at = None
    for tag, kind, values in tags:
        size = 2 if kind == 3 else 4
        packed = struct.pack(e + ("H" if kind == 3 else "I") * len(values), *values)
        if tag == 273:
            data_at = len(entries)
        if len(packed) <= 4:
            entries += struct.pack(e + "HHI", tag, kind, len(values)) + packed + b"\0" * (4 - len(packed))
        else:
            entries += struct.pack(e + "HHII", tag, kind, len(values), blob_at + len(blobs))
            blobs += packed
    strip = blob_at + len(blobs)
    entries = bytearray(entries)
    entries[data_at + 8:data_at + 12] = struct.pack(e + "I", strip)
    head = (b"MM\0*" if big_endian else b"II*\0") + struct.pack(e + "I", 8)
    return head + struct.pack(e + "H", len(tags)) + bytes(entries) + b"\0\0\0\0" + blobs + data


def tiff_corpus():
    r = np.random.RandomState(31)
    p = photo(43, 31, 9)
    image = Image.fromarray(p)
    gray = image.convert("L")
    wide = (p.astype(np.uint16) * 257 + r.randint(0, 256, p.shape)).astype(np.uint16)
    wide_gray = (np.asarray(gray).astype(np.uint16) * 3).astype(np.uint16)
    yield "tiff-rgb.tif", pillow_bytes(image, "TIFF")
    yield "tiff-rgb-lzw.tif", pillow_bytes(image, "TIFF", compression="tiff_lzw")
    yield "tiff-rgb-deflate.tif", pillow_bytes(image, "TIFF", compression="tiff_adobe_deflate")
    yield "tiff-rgb-packbits.tif", pillow_bytes(image, "TIFF", compression="packbits")
    yield "tiff-rgb-lzw-predictor.tif", pillow_bytes(image, "TIFF", compression="tiff_lzw", tiffinfo={317: 2})
    yield "tiff-rgb-jpeg.tif", pillow_bytes(image, "TIFF", compression="jpeg")
    yield "tiff-rgba.tif", pillow_bytes(Image.fromarray(np.dstack([p, p[..., 1]]), "RGBA"), "TIFF")
    yield "tiff-gray.tif", pillow_bytes(gray, "TIFF")
    yield "tiff-bilevel.tif", pillow_bytes(gray.convert("1"), "TIFF")
    yield "tiff-bilevel-g4.tif", pillow_bytes(gray.convert("1"), "TIFF", compression="group4")
    yield "tiff-palette.tif", pillow_bytes(image.quantize(60), "TIFF")
    yield "tiff-cmyk.tif", pillow_bytes(image.convert("CMYK"), "TIFF")
    yield "tiff-gray-16bit.tif", pillow_bytes(Image.fromarray(wide_gray, "I;16"), "TIFF")
    yield "tiff-gray-16bit-predictor.tif", pillow_bytes(Image.fromarray(wide_gray, "I;16"), "TIFF",
                                                        compression="tiff_adobe_deflate", tiffinfo={317: 2})
    yield "tiff-rgb-16bit.tif", tiff_bytes(wide, 16, 2)
    yield "tiff-rgb-16bit-big-endian.tif", tiff_bytes(wide, 16, 2, big_endian=True)


def gif_corpus():
    p = photo(41, 33, 10)
    image = Image.fromarray(p)
    yield "gif-palette.gif", pillow_bytes(image.quantize(64), "GIF")
    yield "gif-gray.gif", pillow_bytes(image.convert("L"), "GIF")
    yield "gif-transparent.gif", pillow_bytes(image.quantize(32), "GIF", transparency=3)
    yield "gif-interlaced.gif", pillow_bytes(image.quantize(64), "GIF", interlace=True)
    frames = [image.quantize(64), Image.fromarray(photo(41, 33, 11)).quantize(64)]
    yield "gif-animated.gif", pillow_bytes(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=50)


def pnm_corpus():
    r = np.random.RandomState(41)
    p = photo(29, 23, 12)
    gray = np.asarray(Image.fromarray(p).convert("L"))
    yield "pnm-rgb.ppm", b"P6\n# a comment\n29 23\n255\n" + p.tobytes()
    yield "pnm-gray.pgm", b"P5 29 23 255\n" + gray.tobytes()
    yield "pnm-rgb-maxval-100.ppm", b"P6\n29 23\n100\n" + (p.astype(np.uint16) * 100 // 255).astype(np.uint8).tobytes()
    yield "pnm-gray-maxval-31.pgm", b"P5\n29 23\n31\n" + (gray >> 3).astype(np.uint8).tobytes()
    wide = (p.astype(np.uint32) * 1000 // 255).astype(">u2")
    yield "pnm-rgb-maxval-1000.ppm", b"P6\n29 23\n1000\n" + wide.tobytes()
    yield "pnm-gray-16bit.pgm", b"P5\n29 23\n65535\n" + (gray.astype(np.uint32) * 3).astype(">u2").tobytes()
    yield "pnm-gray-maxval-4095.pgm", b"P5\n29 23\n4095\n" + (gray.astype(np.uint32) * 16).astype(">u2").tobytes()
    plain = " ".join(str(v) for v in p.reshape(-1))
    yield "pnm-rgb-plain.ppm", ("P3\n29 23\n255\n" + plain + "\n").encode()
    yield "pnm-gray-plain.pgm", ("P2\n29 23\n255\n" + " ".join(str(v) for v in gray.reshape(-1)) + "\n").encode()
    bits = (gray > 128).astype(np.uint8)
    yield "pnm-bitmap.pbm", b"P4\n29 23\n" + b"".join(pack_row(row, 1) for row in bits)
    yield "pnm-bitmap-plain.pbm", ("P1\n29 23\n" + "\n".join(" ".join(str(v) for v in row) for row in bits)
                                   + "\n").encode()


def webp_corpus():
    p = photo(45, 35, 13)
    rgba = Image.fromarray(np.dstack([p, np.asarray(Image.fromarray(p).convert("L"))]), "RGBA")
    image = Image.fromarray(p)
    yield "webp-lossy.webp", pillow_bytes(image, "WEBP", quality=80)
    yield "webp-lossless.webp", pillow_bytes(image, "WEBP", lossless=True)
    yield "webp-lossy-alpha.webp", pillow_bytes(rgba, "WEBP", quality=80)
    yield "webp-lossless-alpha.webp", pillow_bytes(rgba, "WEBP", lossless=True)
    frames = [image, Image.fromarray(photo(45, 35, 14))]
    yield "webp-animated.webp", pillow_bytes(frames[0], "WEBP", save_all=True, append_images=frames[1:], quality=80)


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
    corpora = [jpeg_corpus, png_corpus, bmp_corpus, tiff_corpus, gif_corpus, pnm_corpus, webp_corpus]
    for name, data in (item for corpus in corpora for item in corpus()):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        rows.append([name] + expected(os.path.join(OUT, name)))
    # 4:4:0 (chroma halved vertically), where IJG libjpeg 6b's upsampling differs from libjpeg-turbo's by up to
    # 35 levels; strong vertical chroma changes make the difference show
    self_check = cjpeg(photo(24, 16, 99), "-sample", "1x2", "-quality", "95")
    os.makedirs(os.path.dirname(SELF_CHECK), exist_ok=True)
    with open(SELF_CHECK + ".jpg", "wb") as f:
        f.write(self_check)
    with open(SELF_CHECK + ".rgb", "wb") as f:
        f.write(np.asarray(Image.open(io.BytesIO(self_check)).convert("RGB")).tobytes())
    with open(os.path.join(OUT, "expected.tsv"), "w") as f:
        f.write("# Pillow %s on the files of this folder; made by core/src/test/python/pillow_corpus.py, size %d\n"
                % (PIL.__version__, SIZE))
        f.write("\t".join(["name", "mode", "width", "height", "rgb", "before", "after"]) + "\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    print("%d files in %s" % (len(rows), os.path.normpath(OUT)))


if __name__ == "__main__":
    sys.exit(main())
