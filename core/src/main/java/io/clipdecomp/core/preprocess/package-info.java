/** Image decoding and CLIP preprocessing that reproduce Pillow 9.4 + torchvision 0.14 to the exact 8-bit value. */
package io.clipdecomp.core.preprocess;
