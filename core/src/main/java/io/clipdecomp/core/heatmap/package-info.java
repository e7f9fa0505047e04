/** Per-patch text heatmaps (demo.ipynb): patch-by-text maps from the decomposition, upsampled and colour-mapped. */
package io.clipdecomp.core.heatmap;
