package dev.paperboy.it;

import dev.paperboy.Context;
import dev.paperboy.DeadLetterPolicy;
import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Runs an engine whose configuration holds secrets (a SASL JAAS config with a password, SSL
 * passwords) for a few seconds against a broker that does not speak SASL, so every log line about
 * its configuration and its failures is printed. Arguments: bootstrap servers, topic, the secret,
 * seconds to run.
 */
public final class SecretConfigMain {
  private SecretConfigMain() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    String secret = args[2];
    long seconds = Long.parseLong(args[3]);
    PaperboyEngine<String, String> engine =
        new PaperboyEngine<>(
            EngineOptions.builder()
                .deadLetter(DeadLetterPolicy.defaults())
                .shutdownHook(false)
                .build()) {
          @Override
          protected List<PaperboyHandler<String, String>> handlers() {
            return List.of(
                new PaperboyHandler<>() {
                  @Override
                  public String topic() {
                    return topic;
                  }

                  @Override
                  public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {}
                });
          }

          @Override
          protected Map<String, Object> configureConsumer() {
            return Map.of(
                "bootstrap.servers",
                bootstrap,
                "group.id",
                "secret-group",
                "key.deserializer",
                StringDeserializer.class,
                "value.deserializer",
                StringDeserializer.class,
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"paperboy\" password=\""
                    + secret
                    + "\";",
                "ssl.truststore.password",
                secret,
                "ssl.key.password",
                secret);
          }
        };
    Thread stopper =
        new Thread(
            () -> {
              try {
                Thread.sleep(seconds * 1_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              engine.stop();
            });
    stopper.start();
    try {
      engine.start();
    } finally {
      stopper.interrupt();
    }
  }
}
