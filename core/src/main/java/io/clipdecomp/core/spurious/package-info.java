/** Spurious cues (Waterbirds): per-group accuracy with chosen, automatically found or random heads mean-ablated. */
package io.clipdecomp.core.spurious;
