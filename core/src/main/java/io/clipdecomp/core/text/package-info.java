/** Tokenisation, text embeddings and zero-shot classifiers. */
package io.clipdecomp.core.text;
