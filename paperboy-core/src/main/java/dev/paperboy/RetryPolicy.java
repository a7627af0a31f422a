package dev.paperboy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * How often a failed record is handled again before it counts as an error, how long the engine
 * waits between attempts, and which errors are worth retrying at all. Immutable; made by the named
 * factories and narrowed by {@link #noRetryFor}, {@link #retryOnlyFor} and {@link #retryIf}, which
 * return a new policy.
 *
 * <p>Retries run on the partition's lane: the partition's later records wait (order is kept), the
 * other partitions keep flowing (a backoff holds no handler thread: the lane's next attempt is
 * scheduled on a timer), and the poll thread keeps polling (the partition's records keep arriving
 * until its pending limit pauses it), so a long backoff never exceeds {@code max.poll.interval.ms}.
 * A shutdown or revocation cuts a backoff short; the record is then not committed and is delivered
 * again. A failed bulk batch is not retried as a whole: its records are retried one by one.
 *
 * <p>An error this policy does not retry ({@link #retries(Exception)} is false) counts as an error
 * after its first attempt: it goes straight to the dead-letter topic or the error policy. An error
 * is retried when all conditions agree: no {@link #noRetryFor} class matches it, a {@link
 * #retryOnlyFor} class matches it (if any was given), and every {@link #retryIf} predicate accepts
 * it. A class matches an error when the error or one of its causes is an instance of it.
 *
 * <pre>{@code
 * // attempts 1..5, waiting 100 ms, 200 ms, 400 ms, 800 ms between them
 * RetryPolicy.ofExponentialBackoff(5, Duration.ofMillis(100), 2.0, Duration.ofSeconds(5))
 *     .noRetryFor(IllegalArgumentException.class) // a bad record stays bad: no retry
 * }</pre>
 */
public final class RetryPolicy {
  private static final RetryPolicy NONE =
      new RetryPolicy(1, 0, 1.0, 0, Set.of(), Set.of(), List.of());

  private final int maxAttempts;
  private final long initialBackoffMs;
  private final double multiplier;
  private final long maxBackoffMs;
  private final Set<Class<? extends Throwable>> noRetryFor;
  private final Set<Class<? extends Throwable>> retryOnlyFor;
  private final List<Predicate<? super Exception>> retryIf;

  private RetryPolicy(
      int maxAttempts,
      long initialBackoffMs,
      double multiplier,
      long maxBackoffMs,
      Set<Class<? extends Throwable>> noRetryFor,
      Set<Class<? extends Throwable>> retryOnlyFor,
      List<Predicate<? super Exception>> retryIf) {
    this.maxAttempts = maxAttempts;
    this.initialBackoffMs = initialBackoffMs;
    this.multiplier = multiplier;
    this.maxBackoffMs = maxBackoffMs;
    this.noRetryFor = noRetryFor;
    this.retryOnlyFor = retryOnlyFor;
    this.retryIf = retryIf;
  }

  /** One attempt, no retry: the default. */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * Up to {@code maxAttempts} attempts in all; before attempt {@code n + 1} the engine waits {@code
   * initialBackoff * multiplier^(n - 1)}, capped at {@code maxBackoff}. Every error is retried.
   *
   * @throws IllegalArgumentException naming the offending argument
   */
  public static RetryPolicy ofExponentialBackoff(
      int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
    }
    if (initialBackoff == null || initialBackoff.isNegative()) {
      throw new IllegalArgumentException("initialBackoff must be >= 0: " + initialBackoff);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be >= 1: " + multiplier);
    }
    if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff must be >= initialBackoff (" + initialBackoff + "): " + maxBackoff);
    }
    return new RetryPolicy(
        maxAttempts,
        initialBackoff.toMillis(),
        multiplier,
        maxBackoff.toMillis(),
        Set.of(),
        Set.of(),
        List.of());
  }

  /** {@code maxAttempts} attempts with the same {@code backoff} between them. */
  public static RetryPolicy ofFixedBackoff(int maxAttempts, Duration backoff) {
    return ofExponentialBackoff(maxAttempts, backoff, 1.0, backoff);
  }

  /**
   * This policy, except that an error is never retried when it or one of its causes is an instance
   * of one of {@code types} (a record that fails validation fails again). Adds to the classes given
   * before; wins over {@link #retryOnlyFor}.
   *
   * @throws IllegalArgumentException if {@code types} is null, empty or holds null
   */
  @SafeVarargs
  public final RetryPolicy noRetryFor(Class<? extends Throwable>... types) {
    if (types == null) {
      throw new IllegalArgumentException("noRetryFor exception classes must not be null");
    }
    List<Class<? extends Throwable>> added = new ArrayList<>();
    for (Class<? extends Throwable> type : types) {
      added.add(type); // a loop, not List.of(types): the array must not escape (@SafeVarargs)
    }
    return with(union(noRetryFor, added, "noRetryFor"), retryOnlyFor, retryIf);
  }

  /**
   * This policy, except that an error is retried only when it or one of its causes is an instance
   * of one of {@code types} (a timeout, a lost connection). Adds to the classes given before.
   *
   * @throws IllegalArgumentException if {@code types} is null, empty or holds null
   */
  @SafeVarargs
  public final RetryPolicy retryOnlyFor(Class<? extends Throwable>... types) {
    if (types == null) {
      throw new IllegalArgumentException("retryOnlyFor exception classes must not be null");
    }
    List<Class<? extends Throwable>> added = new ArrayList<>();
    for (Class<? extends Throwable> type : types) {
      added.add(type); // a loop, not List.of(types): the array must not escape (@SafeVarargs)
    }
    return with(noRetryFor, union(retryOnlyFor, added, "retryOnlyFor"), retryIf);
  }

  /**
   * This policy, except that an error is retried only when {@code condition} accepts it (as well as
   * every condition given before). The condition gets the error as the handler's {@code onError}
   * (or {@code onBulkError}) returned it; it runs on a handler thread, so it must be fast,
   * thread-safe and must not throw.
   *
   * @throws IllegalArgumentException if {@code condition} is null
   */
  public RetryPolicy retryIf(Predicate<? super Exception> condition) {
    if (condition == null) {
      throw new IllegalArgumentException("retryIf condition must not be null");
    }
    List<Predicate<? super Exception>> conditions = new ArrayList<>(retryIf);
    conditions.add(condition);
    return with(noRetryFor, retryOnlyFor, List.copyOf(conditions));
  }

  /** The most attempts, the first included; 1 means no retry. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Milliseconds to wait after failed attempt number {@code attempt} (counted from 1). */
  public long backoffMs(int attempt) {
    double backoff = initialBackoffMs * Math.pow(multiplier, Math.max(0, attempt - 1));
    return (long) Math.min(backoff, maxBackoffMs);
  }

  /**
   * Whether this policy retries {@code error}, whatever the number of attempts made so far: false
   * for a policy of one attempt ({@link #none()}) and for an error the conditions exclude. The
   * engine retries a failed record while this is true and attempts remain; when it is false, the
   * error goes straight to the dead-letter topic or the error policy.
   *
   * @throws IllegalArgumentException if {@code error} is null
   */
  public boolean retries(Exception error) {
    if (error == null) {
      throw new IllegalArgumentException("error must not be null");
    }
    if (maxAttempts == 1 || matches(error, noRetryFor)) {
      return false;
    }
    if (!retryOnlyFor.isEmpty() && !matches(error, retryOnlyFor)) {
      return false;
    }
    for (Predicate<? super Exception> condition : retryIf) {
      if (!condition.test(error)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Equal when attempts, backoff and the exception classes are equal and the {@link #retryIf}
   * conditions are the same objects, in the same order.
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RetryPolicy other)) {
      return false;
    }
    return maxAttempts == other.maxAttempts
        && initialBackoffMs == other.initialBackoffMs
        && Double.compare(multiplier, other.multiplier) == 0
        && maxBackoffMs == other.maxBackoffMs
        && noRetryFor.equals(other.noRetryFor)
        && retryOnlyFor.equals(other.retryOnlyFor)
        && retryIf.equals(other.retryIf);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        maxAttempts, initialBackoffMs, multiplier, maxBackoffMs, noRetryFor, retryOnlyFor, retryIf);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("RetryPolicy{");
    if (maxAttempts == 1) {
      s.append("none");
    } else {
      s.append("maxAttempts=")
          .append(maxAttempts)
          .append(", initialBackoffMs=")
          .append(initialBackoffMs)
          .append(", multiplier=")
          .append(multiplier)
          .append(", maxBackoffMs=")
          .append(maxBackoffMs);
    }
    if (!noRetryFor.isEmpty()) {
      s.append(", noRetryFor=").append(names(noRetryFor));
    }
    if (!retryOnlyFor.isEmpty()) {
      s.append(", retryOnlyFor=").append(names(retryOnlyFor));
    }
    if (!retryIf.isEmpty()) {
      s.append(", retryIf=").append(retryIf.size()).append(" condition(s)");
    }
    return s.append('}').toString();
  }

  private RetryPolicy with(
      Set<Class<? extends Throwable>> noRetryFor,
      Set<Class<? extends Throwable>> retryOnlyFor,
      List<Predicate<? super Exception>> retryIf) {
    return new RetryPolicy(
        maxAttempts, initialBackoffMs, multiplier, maxBackoffMs, noRetryFor, retryOnlyFor, retryIf);
  }

  private static Set<Class<? extends Throwable>> union(
      Set<Class<? extends Throwable>> before,
      List<Class<? extends Throwable>> added,
      String method) {
    if (added.isEmpty()) {
      throw new IllegalArgumentException(method + " needs at least one exception class");
    }
    if (added.contains(null)) {
      throw new IllegalArgumentException(method + " exception classes must not be null");
    }
    Set<Class<? extends Throwable>> union = new LinkedHashSet<>(before);
    union.addAll(added);
    return Collections.unmodifiableSet(union);
  }

  /** Whether {@code error} or one of its causes is an instance of one of {@code types}. */
  private static boolean matches(Throwable error, Set<Class<? extends Throwable>> types) {
    if (types.isEmpty()) {
      return false;
    }
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(t)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String names(Set<Class<? extends Throwable>> types) {
    return types.stream().map(Class::getName).collect(Collectors.joining(", ", "[", "]"));
  }
}
