/** Kafka topics with Avro values, validating source/sink builders, topic administration and the in-process broker. */
package io.clipdecomp.connectors.kafka;
