/**
 * Throughput benchmarks of the Paperboy engine against a plain {@code KafkaConsumer} loop and peer
 * libraries (Spring Kafka, Confluent Parallel Consumer) on an embedded broker. Not API: run it with
 * the Maven profile described in the module's README.
 */
package dev.paperboy.benchmarks;
