/** End-to-end throughput of the decomposition pipeline through Kafka and Flink. */
package io.clipdecomp.jobs.bench;
