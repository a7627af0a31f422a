package dev.paperboy.examples;

import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Consumer configurations for secured clusters and schema registries. */
public final class ConsumerConfigExamples {
  private ConsumerConfigExamples() {}

  /** SASL/SCRAM over TLS, credentials from the environment. */
  public static Map<String, Object> saslSsl() {
    // tag::sasl[]
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker-1:9093,broker-2:9093",
            ConsumerConfig.GROUP_ID_CONFIG, "orders-service",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL",
            SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512",
            SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\""
                    + System.getenv("KAFKA_USER")
                    + "\""
                    + " password=\""
                    + System.getenv("KAFKA_PASSWORD")
                    + "\";",
            SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, "/etc/kafka/truststore.p12",
            SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, System.getenv("TRUSTSTORE_PASSWORD"));
    // end::sasl[]
    return config;
  }

  /** Mutual TLS. */
  public static Map<String, Object> mutualTls() {
    // tag::mtls[]
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker-1:9094",
            ConsumerConfig.GROUP_ID_CONFIG, "orders-service",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL",
            SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, "/etc/kafka/client.p12",
            SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, System.getenv("KEYSTORE_PASSWORD"),
            SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, "/etc/kafka/truststore.p12",
            SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, System.getenv("TRUSTSTORE_PASSWORD"));
    // end::mtls[]
    return config;
  }

  /** Avro values through Confluent's schema registry (its deserializer on your classpath). */
  public static Map<String, Object> schemaRegistry() {
    // tag::schema-registry[]
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            "broker-1:9092",
            ConsumerConfig.GROUP_ID_CONFIG,
            "orders-service",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            "io.confluent.kafka.serializers.KafkaAvroDeserializer",
            "schema.registry.url",
            "https://schema-registry:8081",
            "specific.avro.reader",
            true);
    // end::schema-registry[]
    return config;
  }
}
