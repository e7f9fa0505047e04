/** The exact decomposition of image embeddings into heads, tokens and MLPs, and its seed-compatible files. */
package io.clipdecomp.core.decompose;
