/** Throughput measurements of the model and the decomposition, and their ratios. */
package io.clipdecomp.core.bench;
