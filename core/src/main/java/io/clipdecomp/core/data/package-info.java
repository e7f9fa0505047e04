/**
 * Dataset readers that list images in a fixed order and give each one's label and bytes (or preprocessed
 * pixels); decoding and preprocessing happen elsewhere.
 */
package io.clipdecomp.core.data;
