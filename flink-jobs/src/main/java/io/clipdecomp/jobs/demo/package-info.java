/** The embedded end-to-end demo: in-process Kafka, a Flink MiniCluster, the bundled model, synthetic images. */
package io.clipdecomp.jobs.demo;
