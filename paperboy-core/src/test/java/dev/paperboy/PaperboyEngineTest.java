package dev.paperboy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.internal.PacedMockConsumer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class PaperboyEngineTest {

  @Test
  void refusesAutoCommitNamingTheSettingBeforeCreatingAConsumer() {
    TestEngine engine = new TestEngine(List.of(new Handler("a")));
    engine.config.put("enable.auto.commit", "true");

    assertThatThrownBy(engine::start)
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("enable.auto.commit=true is not allowed");
    assertThat(engine.created.get()).isNull();
    assertThat(engine.state()).isEqualTo(EngineState.FAILED);
  }

  @Test
  void refusesAutoCommitGivenAsABoolean() {
    TestEngine engine = new TestEngine(List.of(new Handler("a")));
    engine.config.put("enable.auto.commit", Boolean.TRUE);

    assertThatThrownBy(engine::start).hasMessageContaining("enable.auto.commit=true");
  }

  @Test
  void turnsAutoCommitOffWhereItWasLeftOut() {
    TestEngine engine = new TestEngine(List.of(new Handler("a")));
    engine.stopOnCreate = true;

    engine.start();

    assertThat(engine.created.get()).containsEntry("enable.auto.commit", false);
  }

  @Test
  void leavesTheReceiveBufferToTheSystemUnlessSet() {
    TestEngine unset = new TestEngine(List.of(new Handler("a")));
    unset.stopOnCreate = true;
    TestEngine set = new TestEngine(List.of(new Handler("a")));
    set.stopOnCreate = true;
    set.config.put("receive.buffer.bytes", 131_072);

    unset.start();
    set.start();

    assertThat(unset.created.get()).containsEntry("receive.buffer.bytes", -1);
    assertThat(set.created.get()).containsEntry("receive.buffer.bytes", 131_072);
  }

  @Test
  void keepsAnExplicitFalse() {
    TestEngine engine = new TestEngine(List.of(new Handler("a")));
    engine.config.put("enable.auto.commit", "false");
    engine.stopOnCreate = true;

    engine.start();

    assertThat(engine.created.get()).containsEntry("enable.auto.commit", "false");
  }

  @Test
  void refusesNoHandlers() {
    assertThatThrownBy(() -> new TestEngine(List.of()).start())
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("no handlers");
  }

  @Test
  void refusesTwoHandlersForOneTopic() {
    TestEngine engine = new TestEngine(List.of(new Handler("orders"), new Handler("orders")));

    assertThatThrownBy(engine::start)
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("two handlers for topic orders");
  }

  @Test
  void namesBothHandlerClassesOfOneTopic() {
    TestEngine engine = new TestEngine(List.of(new Handler("orders"), new OtherHandler()));

    assertThatThrownBy(engine::start)
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining(Handler.class.getName())
        .hasMessageContaining(OtherHandler.class.getName());
  }

  @Test
  void refusesAConfigurationWithoutBootstrapServersBeforeCreatingAConsumer() {
    TestEngine engine = new TestEngine(List.of(new Handler("a")));
    engine.config.remove("bootstrap.servers");

    assertThatThrownBy(engine::start)
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("bootstrap.servers is missing or blank");
    assertThat(engine.created.get()).isNull();
    assertThat(engine.state()).isEqualTo(EngineState.FAILED);
  }

  @Test
  void listsEveryConfigurationErrorInOneException() {
    TestEngine engine = new TestEngine(List.of(new Handler("a")));
    engine.config.put("group.protocol", "consumer");
    engine.config.put("session.timeout.ms", 45_000);
    engine.config.put("heartbeat.interval.ms", 3_000);

    assertThatThrownBy(engine::start)
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("session.timeout.ms cannot be set with group.protocol=consumer")
        .hasMessageContaining("heartbeat.interval.ms cannot be set with group.protocol=consumer");
    assertThat(engine.created.get()).isNull();
  }

  @Test
  void keepsTheConfigurationWarningsItLogged() {
    TestEngine engine = new TestEngine(List.of(new Handler("a")));
    engine.config.put("auto.offset.rest", "earliest");
    engine.stopOnCreate = true;

    engine.start();

    assertThat(engine.configFindings())
        .extracting(ConfigDoctor.Finding::setting)
        .containsExactly("auto.offset.rest", "isolation.level");
  }

  @Test
  void refusesABlankTopic() {
    assertThatThrownBy(() -> new TestEngine(List.of(new Handler(" "))).start())
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("blank topic");
  }

  @Test
  void refusesAStepTopicNoHandlerConsumes() {
    TestEngine engine = new TestEngine(List.of(new Handler("a")));
    engine.steps = List.of(List.of(new Handler("b")));

    assertThatThrownBy(engine::start)
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("step 0 names topic b");
  }

  @Test
  void aBuiltEngineRefusesAStepTopicNoHandlerConsumesTheSameWay() {
    PaperboyEngine<String, String> engine =
        PaperboyEngine.builder(new StringDeserializer(), new StringDeserializer())
            .bootstrapServers("localhost:9092")
            .groupId("g")
            .handler("a", (msg, ctx) -> {})
            .step("b")
            .consumerFactory(config -> new MockConsumer<>("earliest"))
            .build();

    assertThatThrownBy(engine::start)
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("step 0 names topic b");
  }

  @Test
  void addingAListenerAfterStartIsRefused() {
    TestEngine engine = new TestEngine(List.of(new Handler("a")));
    engine.stopOnCreate = true;
    engine.start();

    assertThatThrownBy(() -> engine.addListener(PaperboyListener.NONE))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void statusBeforeStartIsCreatedWithNothingOwned() {
    EngineStatus status = new TestEngine(List.of(new Handler("a"))).status();

    assertThat(status.state()).isEqualTo(EngineState.CREATED);
    assertThat(status.lag()).isEqualTo(-1);
    assertThat(status.partitions()).isEmpty();
  }

  @Test
  void startsOnce() {
    TestEngine engine = new TestEngine(List.of(new Handler("a")));
    engine.stopOnCreate = true;
    engine.start();

    assertThatThrownBy(engine::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void stopBeforeStartMakesStartReturnAtOnce() {
    TestEngine engine = new TestEngine(List.of(new Handler("a")));

    engine.stop();
    engine.start();

    assertThat(engine.created.get()).isNull();
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
  }

  @Test
  void listenersHearEveryMoveFromTheFirstWhateverEndsTheStart() {
    TestEngine refused = new TestEngine(List.of(new Handler("a")));
    refused.config.put("enable.auto.commit", "true");
    List<String> refusedMoves = movesOf(refused);
    TestEngine stoppedFirst = new TestEngine(List.of(new Handler("a")));
    List<String> stoppedFirstMoves = movesOf(stoppedFirst);
    TestEngine ran = new TestEngine(List.of(new Handler("a")));
    ran.stopOnCreate = true;
    List<String> ranMoves = movesOf(ran);

    assertThatThrownBy(refused::start).isInstanceOf(PaperboyException.class);
    stoppedFirst.stop();
    stoppedFirst.start();
    ran.start();

    assertThat(refusedMoves).containsExactly("CREATED>FAILED");
    assertThat(stoppedFirstMoves).containsExactly("CREATED>STOPPED");
    assertThat(ranMoves)
        .containsExactly("CREATED>STARTING", "STARTING>STOPPING", "STOPPING>STOPPED");
  }

  @Test
  void aStopWhileStartingGoesThroughStoppingBeforeAnyConsumerExists() {
    TestEngine engine = new TestEngine(List.of(new Handler("a")));
    List<String> moves = movesOf(engine);
    engine.addListener(
        new PaperboyListener() {
          @Override
          public void onStateChanged(EngineState from, EngineState to) {
            if (to == EngineState.STARTING) {
              engine.stop(); // as a stop during the tables' restore, which comes right after
            }
          }
        });

    engine.start();

    assertThat(moves).containsExactly("CREATED>STARTING", "STARTING>STOPPING", "STOPPING>STOPPED");
    assertThat(engine.created.get()).isNull();
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
  }

  @Test
  void theStartupTimeoutCountsFromStartNotFromTheLoop() {
    TestEngine engine =
        new TestEngine(
            List.of(new Handler("a")),
            EngineOptions.builder().shutdownHook(false).startupTimeoutMs(200));
    engine.creationNanos = TimeUnit.MILLISECONDS.toNanos(300); // more than the whole timeout

    assertThatThrownBy(engine::start)
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("did not start within startupTimeoutMs=200");
    // given up at the loop's first check, not after polling for another 200 ms
    assertThat(engine.consumer.polls.get()).isLessThanOrEqualTo(1);
  }

  @Test
  void aConsumerThatCannotBeCreatedLeavesNoDeadLetterProducerOpen() {
    MockProducer<byte[], byte[]> deadLetters =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    TestEngine engine =
        new TestEngine(
            List.of(new Handler("a")),
            EngineOptions.builder().shutdownHook(false).deadLetter(DeadLetterPolicy.defaults())) {
          @Override
          protected Producer<byte[], byte[]> createDeadLetterProducer(Map<String, Object> config) {
            return deadLetters;
          }

          @Override
          protected Consumer<String, String> createConsumer(Map<String, Object> config) {
            throw new IllegalStateException("no consumer today");
          }
        };
    List<String> moves = movesOf(engine);

    assertThatThrownBy(engine::start).hasMessage("no consumer today");
    assertThat(deadLetters.closed()).isTrue();
    assertThat(moves).containsExactly("CREATED>STARTING", "STARTING>FAILED");
  }

  /** The state changes {@code engine}'s listeners hear, as {@code FROM>TO}. */
  private static List<String> movesOf(TestEngine engine) {
    List<String> moves = new CopyOnWriteArrayList<>();
    engine.addListener(
        new PaperboyListener() {
          @Override
          public void onStateChanged(EngineState from, EngineState to) {
            moves.add(from + ">" + to);
          }
        });
    return moves;
  }

  @Test
  void closeOfAnEngineNeverStartedReturnsAtOnce() {
    TestEngine engine = new TestEngine(List.of(new Handler("a")));

    engine.close();

    assertThat(engine.state()).isEqualTo(EngineState.CREATED);
  }

  @Test
  void theProducerClosesWithinWhatHandlersLeftOfTheShutdownTimeout() throws Exception {
    CountDownLatch handling = new CountDownLatch(1);
    PaperboyHandler<String, String> stuck =
        new PaperboyHandler<>() {
          @Override
          public String topic() {
            return "a";
          }

          @Override
          public void onMessage(ConsumerRecord<String, String> msg, Context ctx)
              throws InterruptedException {
            handling.countDown();
            new CountDownLatch(1).await(); // until the engine gives up on it and interrupts it
          }
        };
    List<Duration> producerCloseTimeouts = new CopyOnWriteArrayList<>();
    TestEngine engine =
        new TestEngine(
            List.of(stuck), EngineOptions.builder().shutdownHook(false).shutdownTimeoutMs(1_500)) {
          @Override
          protected Sender sender() {
            return Sender.create();
          }

          @Override
          protected Producer<byte[], byte[]> createProducer(Map<String, Object> config) {
            return new MockProducer<>(
                true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
              @Override
              public void close(Duration timeout) {
                producerCloseTimeouts.add(timeout);
                super.close(timeout);
              }
            };
          }
        };
    engine.consumer.schedulePollTask(
        () -> {
          engine.consumer.rebalance(List.of(new TopicPartition("a", 0)));
          engine.consumer.updateBeginningOffsets(Map.of(new TopicPartition("a", 0), 0L));
          engine.consumer.addRecord(new ConsumerRecord<>("a", 0, 0, "k", "v"));
        });
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      Future<?> run = runner.submit(engine::start);
      assertThat(handling.await(10, TimeUnit.SECONDS)).isTrue();

      engine.stop(); // the handler takes all of the 1.5 s the shutdown timeout gives
      run.get(10, TimeUnit.SECONDS);

      // what is left is nothing, so the producer gets the minimum, not another 1.5 s
      assertThat(producerCloseTimeouts).containsExactly(Duration.ofSeconds(1));
    } finally {
      runner.shutdownNow();
    }
  }

  static final class Handler extends PaperboyHandler<String, String> {
    private final String topic;

    Handler(String topic) {
      this.topic = topic;
    }

    @Override
    public String topic() {
      return topic;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {}
  }

  static final class OtherHandler extends PaperboyHandler<String, String> {
    @Override
    public String topic() {
      return "orders";
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {}
  }

  static class TestEngine extends PaperboyEngine<String, String> {
    final Map<String, Object> config =
        new HashMap<>(Map.of("bootstrap.servers", "in-memory:9092", "group.id", "g"));
    final AtomicReference<Map<String, Object>> created = new AtomicReference<>();
    final List<? extends PaperboyHandler<String, String>> handlers;
    List<List<? extends PaperboyHandler<String, String>>> steps = List.of();
    boolean stopOnCreate;
    long creationNanos;

    final PacedMockConsumer<String, String> consumer = new PacedMockConsumer<>();

    TestEngine(List<? extends PaperboyHandler<String, String>> handlers) {
      this(handlers, EngineOptions.builder().shutdownHook(false));
    }

    TestEngine(
        List<? extends PaperboyHandler<String, String>> handlers, EngineOptions.Builder options) {
      super(options.build());
      this.handlers = handlers;
    }

    @Override
    protected List<? extends PaperboyHandler<String, String>> handlers() {
      return handlers;
    }

    @Override
    protected List<List<? extends PaperboyHandler<String, String>>> steps() {
      return steps;
    }

    @Override
    protected Map<String, Object> configureConsumer() {
      return config;
    }

    @Override
    protected Consumer<String, String> createConsumer(Map<String, Object> config) {
      long until = System.nanoTime() + creationNanos; // a start that takes its time before the loop
      while (System.nanoTime() - until < 0) {
        LockSupport.parkNanos(until - System.nanoTime());
      }
      created.set(config);
      if (stopOnCreate) {
        stop();
      }
      return consumer;
    }
  }
}
