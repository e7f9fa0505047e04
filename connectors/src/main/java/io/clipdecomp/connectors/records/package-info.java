/** Conversions between the core's results and the Avro records that carry them on topics and between operators. */
package io.clipdecomp.connectors.records;
