#!/usr/bin/python3
"""Decode + preprocess speed of clipdecomp against Pillow 9.4, one thread each, on the same files, in one run.

clipdecomp's figures come from `bin/clipdecomp bench`, which writes its generated image set (baseline JPEGs of
4000x3000, 1024x768 and 500x375, PNGs of the two smaller sizes) into a folder and times decode + preprocess there
(CPU time of its one thread, after as long again of warm-up). Pillow is timed right after on the very same files,
the same way, doing what the reference's loaders and transform do in one Python process: Image.open().convert('RGB'),
resize (bicubic, shorter side to 224), center crop, ToTensor and Normalize (numpy, float32).

Run from the project root:  /usr/bin/python3 core/src/test/python/preprocess_speed.py [SECONDS]
(needs python3-pil and python3-numpy; the bench builds the jar first if it is stale).
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import PIL
from PIL import Image

SIZE = 224
MEAN = np.array([0.48145466, 0.4578275, 0.40821073], dtype=np.float32)
STD = np.array([0.26862954, 0.26130258, 0.27577711], dtype=np.float32)


def pillow_preprocess(path):
    im = Image.open(path).convert("RGB")
    w, h = im.size
    nw, nh = (SIZE, int(SIZE * h / w)) if w <= h else (int(SIZE * w / h), SIZE)
    im = im.resize((nw, nh), Image.BICUBIC)
    left, top = int(round((nw - SIZE) / 2.0)), int(round((nh - SIZE) / 2.0))
    a = np.asarray(im.crop((left, top, left + SIZE, top + SIZE)), dtype=np.float32) / np.float32(255)
    return ((a - MEAN) / STD).transpose(2, 0, 1)


def pillow_ms(path, seconds):
    """CPU milliseconds per image, after as long again of warm-up."""
    for timed in (False, True):
        n, cpu, wall = 0, time.process_time(), time.perf_counter()
        while time.perf_counter() - wall < seconds:
            pillow_preprocess(path)
            n += 1
    return 1e3 * (time.process_time() - cpu) / n


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    assert PIL.__version__ == "9.4.0", "the reference is Pillow 9.4.0, this is " + PIL.__version__
    work = tempfile.mkdtemp(prefix="preprocess-speed-")
    images, out = os.path.join(work, "images"), os.path.join(work, "out")
    os.makedirs(images)
    # the bench generates the set into the (empty) folder, so it runs first
    subprocess.run(["bin/clipdecomp", "bench", "--pipeline-images", "0", "--textspan-images", "0", "--seconds", "2",
                    "--preprocess-seconds", str(seconds), "--preprocess-images", images, "--out-dir", out],
                   check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "bench_ViT-B-16.json")) as f:
        bench = json.load(f)
    files = sorted(os.listdir(images))
    pillow = {name: pillow_ms(os.path.join(images, name), seconds) for name in files}
    print("decode + preprocess to 3x224x224, one thread, CPU ms per image (%s, %d cores, load %.1f)"
          % (os.uname().machine, os.cpu_count(), os.getloadavg()[0]))
    print("%-22s %12s %12s %16s" % ("file", "clipdecomp", "Pillow 9.4", "Pillow/clipdecomp"))
    for name in files:
        java = 1e3 / bench["preprocess.%s.cpuImagesPerSecond" % name]
        print("%-22s %12.1f %12.1f %16.2f" % (name, java, pillow[name], pillow[name] / java))
    print("model (ViT-B-16, random weights, %d threads): %.2f forward images/s"
          % (bench["threads"], bench["forwardImagesPerSecond"]))


if __name__ == "__main__":
    main()
