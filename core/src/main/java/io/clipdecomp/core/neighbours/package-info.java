/** Nearest neighbours by one head (nns.ipynb): bounded top-K search over per-head contributions, image grids. */
package io.clipdecomp.core.neighbours;
