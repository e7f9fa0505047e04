/** Bounded Flink sources over the core's datasets (ImageFolder, ImageNet, Waterbirds, shapes, npy). */
package io.clipdecomp.connectors.dataset;
