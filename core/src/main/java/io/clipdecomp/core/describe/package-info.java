/** Descriptions of one image by texts: overall, and per head through the head's TextSpan texts. */
package io.clipdecomp.core.describe;
