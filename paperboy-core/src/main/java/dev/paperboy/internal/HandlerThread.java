package dev.paperboy.internal;

/**
 * A platform thread of the {@link HandlerPool}, carrying its {@link HandlingScope} in a field: the
 * scope is opened and closed around every handler call, and a field of the current thread is found
 * without the thread-local lookup that was a quarter of a handler thread's time per record with no
 * work in the handler. Virtual threads cannot be subclassed; they keep their scope in the
 * thread-local, as any other thread does.
 */
final class HandlerThread extends Thread {
  private final HandlingScope scope = HandlingScope.create();

  HandlerThread(Runnable task, String name) {
    super(task, name);
    setDaemon(true);
  }

  HandlingScope scope() {
    return scope;
  }
}
