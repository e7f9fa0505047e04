/** Analyses over decompositions read from their files row by row: mean-ablation, labels, zero-shot predictions. */
package io.clipdecomp.core.analysis;
