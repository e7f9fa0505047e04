"""Writes the small .mat files GtSegsMatDatasetTest reads, in the layout of ImageNet-Segmentation's gtsegs_ijcv.mat.

MATLAB 7.3 files are HDF5 behind a 512-byte header block. As in gtsegs_ijcv.mat, /value/img and /value/gt are
[n, 1] object references; image i is stored [3, W, H] uint8 (MATLAB's column-major [H, W, 3]), its mask is a
one-cell array holding a reference to a [W, H] uint8 array of 0/1.

Pixel (x, y) of channel c holds 40 x + 10 y + 3 c + 1; mask (x, y) is 1 where (x + 2 y) % 3 == 0, except image 2,
whose mask is all foreground. bad_layout.mat stores /value/img as plain uint8 instead of references.

Run with python3 and h5py (Debian's python3-h5py 3.7): python3 make_mat.py
"""
import h5py
import numpy as np

SIZES = [(5, 3), (2, 4), (3, 3)]  # (W, H)
HEADER = b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: clipdecomp test file HDF5 schema 1.00 ."


def pixels(w, h):
    x, y, c = np.meshgrid(np.arange(w), np.arange(h), np.arange(3), indexing="ij")
    return (40 * x + 10 * y + 3 * c + 1).astype(np.uint8).transpose(2, 0, 1)  # [3, W, H]


def mask(i, w, h):
    if i == 2:
        return np.ones((w, h), np.uint8)
    x, y = np.meshgrid(np.arange(w), np.arange(h), indexing="ij")
    return ((x + 2 * y) % 3 == 0).astype(np.uint8)  # [W, H]


def matlab_header(path):
    with open(path, "r+b") as f:
        block = HEADER.ljust(116, b" ") + b"\0" * 8 + b"\x00\x02IM"
        f.write(block.ljust(512, b"\0"))


def write(path, references=True):
    with h5py.File(path, "w", userblock_size=512) as f:
        refs = f.create_group("#refs#")
        value = f.create_group("value")
        value.attrs["MATLAB_class"] = np.bytes_("struct")
        imgs = np.empty((len(SIZES), 1), dtype=h5py.ref_dtype)
        gts = np.empty((len(SIZES), 1), dtype=h5py.ref_dtype)
        for i, (w, h) in enumerate(SIZES):
            img = refs.create_dataset(f"img{i}", data=pixels(w, h))
            img.attrs["MATLAB_class"] = np.bytes_("uint8")
            gt = refs.create_dataset(f"gt{i}", data=mask(i, w, h))
            gt.attrs["MATLAB_class"] = np.bytes_("uint8")
            cell = refs.create_dataset(f"cell{i}", data=np.array([[gt.ref]], dtype=h5py.ref_dtype))
            cell.attrs["MATLAB_class"] = np.bytes_("cell")
            imgs[i, 0] = img.ref
            gts[i, 0] = cell.ref
        if references:
            value.create_dataset("img", data=imgs).attrs["MATLAB_class"] = np.bytes_("cell")
        else:
            value.create_dataset("img", data=np.zeros((len(SIZES), 1), np.uint8))
        value.create_dataset("gt", data=gts).attrs["MATLAB_class"] = np.bytes_("cell")
    matlab_header(path)


if __name__ == "__main__":
    write("small_gtsegs.mat")
    write("bad_layout.mat", references=False)
