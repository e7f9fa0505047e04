/** Our own sets of short image descriptions, made from our vocabulary by templates, for TextSpan. */
package io.clipdecomp.core.descriptions;
