/** Zero-shot foreground segmentation from per-token class scores, with the original's metrics and datasets. */
package io.clipdecomp.core.segment;
