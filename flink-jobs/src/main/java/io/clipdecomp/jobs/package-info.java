/** The Flink jobs: the decomposition job's wiring, its Kafka variant and the streaming environment. */
package io.clipdecomp.jobs;
