/** Avro records on topics and in state (generated from {@code src/main/avro}) and their small helpers. */
package io.clipdecomp.schemas;
