/** Flink sinks that write results to local files in the seed's layouts (.npy rows, JSON lists). */
package io.clipdecomp.connectors.files;
