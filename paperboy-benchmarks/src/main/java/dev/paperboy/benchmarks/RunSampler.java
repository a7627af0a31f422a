package dev.paperboy.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches this JVM during a run. A daemon thread samples the used heap every 10 ms until the run is
 * done (its peak is mostly how far the young generation fills between collections) and then reads
 * the CPU time the process used, the CPU time of the broker's process ({@link Broker#PID_PROPERTY})
 * and what other processes took of the machine; a GC listener keeps the largest heap left after a
 * collection, which is closer to what the consumer really holds (fetched records, batches, pending
 * work), in all heap pools and in the old generation alone. With live samples (the heap benchmark,
 * {@code bench.liveHeapSamples}) it also forces a full collection each time another share of the
 * records was handled ({@code 1/samples}) and keeps the heap left each time (peak, median, least):
 * the live set, free of the collector's choice of when to collect the old generation.
 */
final class RunSampler implements Runnable {
  private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final BooleanSupplier done;
  private final Set<String> heapPools = new HashSet<>();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener gcListener = this::onNotification;
  private final AtomicLong peakAfterGc = new AtomicLong();
  private final AtomicLong peakOldAfterGc = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final DoubleSupplier progress;
  private final int liveSamples;
  private final long cpuStartNanos;
  private final List<Long> ownPids;
  private final long brokerPid;
  private final long brokerCpuStartNanos;
  private final MachineCpu machineStart;
  private final ThreadCpu threadCpu;
  private final Thread thread;
  private final List<Long> liveBytes = new ArrayList<>();

  private volatile boolean stopped;
  private volatile long peakUsed;
  private volatile long peakLive = -1;
  private int liveSamplesTaken;
  private volatile long cpuNanos;
  private volatile long brokerCpuNanos = -1;
  private volatile double othersCpuShare = Double.NaN;
  private volatile String threadCpuReport = "";
  private final double tailFrom;
  private volatile long tailFromNanos = -1;
  private volatile double tailFromShare = Double.NaN;

  private RunSampler(
      BooleanSupplier done, DoubleSupplier progress, int liveSamples, double tailFrom) {
    this.tailFrom = tailFrom;
    this.done = done;
    this.progress = progress;
    this.liveSamples = liveSamples;
    this.cpuStartNanos = processCpuNanos();
    this.brokerPid = Long.getLong(Broker.PID_PROPERTY, -1);
    this.ownPids = ownPids(brokerPid);
    this.brokerCpuStartNanos = processCpuNanos(brokerPid);
    this.machineStart = MachineCpu.take(ownPids);
    this.threadCpu = ConsumerStats.enabled() ? new ThreadCpu() : null;
    this.thread = new Thread(this, "run-sampler");
    thread.setDaemon(true);
  }

  /**
   * Collects garbage, then samples until {@code done} is true or {@link #stop()}. Call it right
   * before the run starts.
   */
  static RunSampler start(BooleanSupplier done) {
    return start(done, () -> 0, 0);
  }

  /**
   * As {@link #start(BooleanSupplier)}, and forces a full collection each time {@code progress}
   * (the handled share of the records, 0 to 1) passed another {@code 1 / liveSamples}; none for 0.
   */
  static RunSampler start(BooleanSupplier done, DoubleSupplier progress, int liveSamples) {
    return start(done, progress, liveSamples, Double.NaN);
  }

  /**
   * As {@link #start(BooleanSupplier, DoubleSupplier, int)}, and notes when {@code progress} first
   * reached {@code tailFrom} (NaN: never looks), for a rate of the pass's tail ({@link
   * #tailFromNanos()}).
   */
  static RunSampler start(
      BooleanSupplier done, DoubleSupplier progress, int liveSamples, double tailFrom) {
    System.gc();
    RunSampler sampler = new RunSampler(done, progress, liveSamples, tailFrom);
    sampler.listen();
    sampler.peakAfterGc.set(sampler.used());
    sampler.peakUsed = sampler.used();
    sampler.thread.start();
    return sampler;
  }

  /** Stops sampling, waiting for the sampler thread; then the peaks are final. */
  void stop() throws InterruptedException {
    stopped = true;
    thread.join();
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(gcListener);
      } catch (ListenerNotFoundException e) {
        // Never registered with this one: nothing to remove.
      }
    }
  }

  /** CPU time of the whole process from start until the run was done; -1 if unknown. */
  long cpuNanos() {
    return cpuNanos;
  }

  /**
   * CPU time of the process running the broker from start until the run was done: the broker's own
   * JVM, or the harness JVM that holds it; -1 if unknown (no {@link Broker#PID_PROPERTY}).
   */
  long brokerCpuNanos() {
    return brokerCpuNanos;
  }

  /**
   * The share of the machine's CPU other processes took during the run: all but this JVM, its
   * parent (the harness) and the broker's process; NaN when unknown.
   */
  double othersCpuShare() {
    return othersCpuShare;
  }

  /** With {@code bench.consumerStats}: CPU per thread group, GC and JIT; else empty. */
  String threadCpuReport() {
    return threadCpuReport;
  }

  /** The most heap in use at any sample, in bytes. */
  long peakUsed() {
    return peakUsed;
  }

  /** The most heap in use right after a collection (or after the initial one), in bytes. */
  long peakAfterGc() {
    return peakAfterGc.get();
  }

  /** The most old-generation heap in use right after a collection, in bytes. */
  long peakOldAfterGc() {
    return peakOldAfterGc.get();
  }

  /** The most heap in use right after a forced full collection, in bytes; -1 without samples. */
  long peakLive() {
    return peakLive;
  }

  /**
   * The median of the heap in use right after each forced full collection, in bytes (of an even
   * number, the lower middle one); -1 without samples. Call it after {@link #stop()}.
   */
  long medianLive() {
    return liveBytes.isEmpty()
        ? -1
        : liveBytes.stream().sorted().toList().get((liveBytes.size() - 1) / 2);
  }

  /** The least heap in use right after a forced full collection, in bytes; -1 without samples. */
  long leastLive() {
    return liveBytes.stream().mapToLong(Long::longValue).min().orElse(-1);
  }

  /** Collections during the run (forced ones included). */
  long collections() {
    return collections.get();
  }

  @Override
  public void run() {
    long next = System.nanoTime();
    while (!stopped && !done.getAsBoolean()) {
      sample();
      sampleTail();
      sampleLive();
      next += INTERVAL_NANOS;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    sample();
    long cpuEnd = processCpuNanos();
    cpuNanos = cpuStartNanos < 0 || cpuEnd < 0 ? -1 : cpuEnd - cpuStartNanos;
    long brokerCpuEnd = processCpuNanos(brokerPid);
    brokerCpuNanos =
        brokerCpuStartNanos < 0 || brokerCpuEnd < 0 ? -1 : brokerCpuEnd - brokerCpuStartNanos;
    othersCpuShare = MachineCpu.take(ownPids).othersShareSince(machineStart);
    if (threadCpu != null) {
      threadCpuReport = threadCpu.report();
    }
  }

  private static List<Long> ownPids(long brokerPid) {
    List<Long> pids = new ArrayList<>();
    pids.add(ProcessHandle.current().pid());
    ProcessHandle.current().parent().ifPresent(parent -> pids.add(parent.pid()));
    if (brokerPid > 0 && !pids.contains(brokerPid)) {
      pids.add(brokerPid);
    }
    return pids;
  }

  /**
   * CPU time of another process so far ({@code /proc/<pid>/stat} on Linux, in clock ticks), -1 if
   * unknown.
   */
  private static long processCpuNanos(long pid) {
    if (pid <= 0) {
      return -1;
    }
    return ProcessHandle.of(pid)
        .flatMap(process -> process.info().totalCpuDuration())
        .map(Duration::toNanos)
        .orElse(-1L);
  }

  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private void sample() {
    long used = used();
    if (used > peakUsed) {
      peakUsed = used;
    }
  }

  /**
   * Notes the time, and the share handled exactly then, of the first sample past the tail's start.
   */
  private void sampleTail() {
    if (tailFromNanos < 0 && !Double.isNaN(tailFrom)) {
      double share = progress.getAsDouble();
      if (share >= tailFrom) {
        tailFromShare = share;
        tailFromNanos = System.nanoTime();
      }
    }
  }

  /**
   * The {@link System#nanoTime()} of the first sample (every 10 ms) at which the handled share of
   * the records had reached the tail's start, or -1 (none asked for, or not seen before the end);
   * {@link #tailFromShare()} is the share handled at that sample.
   */
  long tailFromNanos() {
    return tailFromNanos;
  }

  /** The share of the records handled at {@link #tailFromNanos()}; NaN without it. */
  double tailFromShare() {
    return tailFromShare;
  }

  /** Forces a full collection once the records passed the next share; keeps the heap left. */
  private void sampleLive() {
    if (liveSamplesTaken >= liveSamples
        || progress.getAsDouble() < (liveSamplesTaken + 1) / (double) (liveSamples + 1)) {
      return;
    }
    liveSamplesTaken++;
    System.gc();
    long live = used();
    liveBytes.add(live);
    peakLive = Math.max(peakLive, live);
    HeapHistograms.write(liveSamplesTaken, progress.getAsDouble(), live);
  }

  private long used() {
    return memory.getHeapMemoryUsage().getUsed();
  }

  private void listen() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter) {
        NotificationEmitter emitter = (NotificationEmitter) gc;
        emitter.addNotificationListener(gcListener, null, null);
        emitters.add(emitter);
      }
    }
  }

  private void onNotification(Notification notification, Object handback) {
    boolean gc =
        GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
            notification.getType());
    if (!gc || stopped || done.getAsBoolean()) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long after = 0;
    long oldAfter = 0;
    for (Map.Entry<String, MemoryUsage> pool :
        info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        after += pool.getValue().getUsed();
        if (isOldGeneration(pool.getKey())) {
          oldAfter += pool.getValue().getUsed();
        }
      }
    }
    collections.incrementAndGet();
    peakAfterGc.accumulateAndGet(after, Math::max);
    peakOldAfterGc.accumulateAndGet(oldAfter, Math::max);
  }

  /** G1 Old Gen, PS Old Gen, Tenured Gen, ZGC Old Generation... */
  private static boolean isOldGeneration(String pool) {
    return pool.contains("Old") || pool.contains("Tenured");
  }
}
