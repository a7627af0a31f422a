package dev.paperboy;

/**
 * A fatal engine error: a configuration Paperboy refuses, or a failure that stopped the engine (a
 * handler error under {@code failOnException(true)}, an unrecoverable consumer error). The message
 * names what went wrong and where; the cause, if any, is the original exception.
 */
public class PaperboyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a message only. */
  public PaperboyException(String message) {
    super(message);
  }

  /** An error caused by {@code cause}. */
  public PaperboyException(String message, Throwable cause) {
    super(message, cause);
  }
}
