/** The synthetic shapes world: scenes with known truth, their captions, tokenizer and dataset layouts. */
package io.clipdecomp.core.shapes;
