package dev.paperboy;

import java.util.HashMap;
import java.util.Map;

/**
 * Scratch space shared by the hooks of one handling: one record in single mode, one batch in bulk
 * mode. {@link PaperboyHandler#defineContext()} creates it; every later hook of that handling gets
 * the same instance, and the next handling gets a new one.
 *
 * <p>A context is used by one handler thread at a time and is not thread-safe.
 */
public final class Context {
  private Map<String, Object> values;

  /** An empty context. */
  public Context() {}

  /** Stores {@code value} under {@code key}, replacing what was there. */
  public void put(String key, Object value) {
    if (values == null) {
      values = new HashMap<>();
    }
    values.put(key, value);
  }

  /**
   * The value stored under {@code key}, or {@code null} if there is none. The value is cast to the
   * type the caller expects; a wrong expectation fails with a {@link ClassCastException} at the
   * caller.
   */
  @SuppressWarnings("unchecked")
  public <T> T get(String key) {
    return values == null ? null : (T) values.get(key);
  }

  /** Whether a value (possibly {@code null}) is stored under {@code key}. */
  public boolean contains(String key) {
    return values != null && values.containsKey(key);
  }

  @Override
  public String toString() {
    return "Context" + (values == null ? "{}" : values.toString());
  }
}
