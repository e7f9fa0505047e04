/** CLIP in Java on DJL NDArrays: configuration, weights, the vision and text towers. */
package io.clipdecomp.core.model;
