package dev.paperboy.internal;

import dev.paperboy.HandlingInterceptor;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link HandlingInterceptor}s as one: begins them in order and ends them in reverse,
 * and keeps what any of them throws from reaching the handling. With none, it costs one check.
 */
final class Interceptors {
  private static final Logger log = LoggerFactory.getLogger(Interceptors.class);
  static final Interceptors NONE = new Interceptors(List.of());

  private final List<HandlingInterceptor> interceptors;

  Interceptors(List<HandlingInterceptor> interceptors) {
    this.interceptors = List.copyOf(interceptors);
  }

  /** Begins an attempt at one record; costs nothing (no list is made) without interceptors. */
  HandlingInterceptor.Scope beginRecord(ConsumerRecord<?, ?> record, int attempt) {
    if (interceptors.isEmpty()) {
      return HandlingInterceptor.Scope.NONE;
    }
    return begin(List.of(record), false, attempt);
  }

  /** Begins an attempt at {@code records}; the returned scope ends it. */
  HandlingInterceptor.Scope begin(
      List<? extends ConsumerRecord<?, ?>> records, boolean batch, int attempt) {
    if (interceptors.isEmpty()) {
      return HandlingInterceptor.Scope.NONE;
    }
    List<HandlingInterceptor.Scope> scopes = new ArrayList<>(interceptors.size());
    for (HandlingInterceptor interceptor : interceptors) {
      try {
        HandlingInterceptor.Scope scope = interceptor.begin(records, batch, attempt);
        scopes.add(scope == null ? HandlingInterceptor.Scope.NONE : scope);
      } catch (RuntimeException e) {
        log.warn("HandlingInterceptor {} threw on begin; ignored", interceptor, e);
      }
    }
    return error -> {
      for (int i = scopes.size() - 1; i >= 0; i--) {
        try {
          scopes.get(i).end(error);
        } catch (RuntimeException e) {
          log.warn("HandlingInterceptor scope threw on end; ignored", e);
        }
      }
    };
  }
}
