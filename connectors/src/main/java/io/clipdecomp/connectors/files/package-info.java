/** File sinks for results: decomposition arrays written row by row into seed-compatible .npy files. */
package io.clipdecomp.connectors.files;
