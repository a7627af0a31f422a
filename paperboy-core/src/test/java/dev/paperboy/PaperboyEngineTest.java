package dev.paperboy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.internal.PacedMockConsumer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
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
  void closeOfAnEngineNeverStartedReturnsAtOnce() {
    TestEngine engine = new TestEngine(List.of(new Handler("a")));

    engine.close();

    assertThat(engine.state()).isEqualTo(EngineState.CREATED);
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

  static final class TestEngine extends PaperboyEngine<String, String> {
    final Map<String, Object> config =
        new HashMap<>(Map.of("bootstrap.servers", "in-memory:9092", "group.id", "g"));
    final AtomicReference<Map<String, Object>> created = new AtomicReference<>();
    final List<? extends PaperboyHandler<String, String>> handlers;
    List<List<? extends PaperboyHandler<String, String>>> steps = List.of();
    boolean stopOnCreate;

    TestEngine(List<? extends PaperboyHandler<String, String>> handlers) {
      super(EngineOptions.builder().shutdownHook(false).build());
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
      created.set(config);
      if (stopOnCreate) {
        stop();
      }
      return new PacedMockConsumer<>();
    }
  }
}
