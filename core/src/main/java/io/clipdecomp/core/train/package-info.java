/** Contrastive training of a small CLIP on the shapes world, with DJL autograd through the inference forward pass. */
package io.clipdecomp.core.train;
