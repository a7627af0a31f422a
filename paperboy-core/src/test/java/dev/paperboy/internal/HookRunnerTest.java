package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.Context;
import dev.paperboy.PaperboyBulkHandler;
import dev.paperboy.PaperboyHandler;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class HookRunnerTest {
  private static final ConsumerRecord<String, String> RECORD =
      new ConsumerRecord<>("t", 0, 7, "k", "v");
  private static final ConsumerRecord<String, String> TOMBSTONE =
      new ConsumerRecord<>("t", 0, 8, "k", null);

  @Test
  void callsTheRecordHooksInOrder() {
    ScriptedHandler handler = new ScriptedHandler();

    Exception error = HookRunner.runRecord(handler, RECORD);

    assertThat(error).isNull();
    assertThat(handler.calls)
        .containsExactly("defineContext", "didReceiveMessage", "onMessage:7", "onFinishHandling:1");
  }

  @Test
  void tombstoneGoesToOnTombstone() {
    ScriptedHandler handler = new ScriptedHandler();

    HookRunner.runRecord(handler, TOMBSTONE);

    assertThat(handler.calls).contains("onTombstone:8").doesNotContain("onMessage:8");
  }

  @Test
  void contextFromDefineContextReachesEveryHook() {
    ScriptedHandler handler = new ScriptedHandler();

    HookRunner.runRecord(handler, RECORD);

    assertThat(handler.contexts)
        .hasSize(3)
        .allSatisfy(c -> assertThat((String) c.get("id")).isEqualTo("ctx"));
  }

  @Test
  void errorGoesThroughOnErrorAndFinishStillRuns() {
    ScriptedHandler handler = new ScriptedHandler();
    handler.failure = new IllegalStateException("boom");

    Exception error = HookRunner.runRecord(handler, RECORD);

    assertThat(error).isSameAs(handler.failure);
    assertThat(handler.calls)
        .containsExactly(
            "defineContext",
            "didReceiveMessage",
            "onMessage:7",
            "onError:boom",
            "onFinishHandling:1");
  }

  @Test
  void onErrorReturningNullSwallowsTheError() {
    ScriptedHandler handler = new ScriptedHandler();
    handler.failure = new IllegalStateException("boom");
    handler.swallow = true;

    assertThat(HookRunner.runRecord(handler, RECORD)).isNull();
  }

  @Test
  void onErrorMayReplaceTheError() {
    ScriptedHandler handler = new ScriptedHandler();
    handler.failure = new IllegalStateException("boom");
    handler.replacement = new IllegalArgumentException("replaced");

    assertThat(HookRunner.runRecord(handler, RECORD)).isSameAs(handler.replacement);
  }

  @Test
  void didReceiveMessageReturningNullSkipsTheRecord() {
    ScriptedHandler handler = new ScriptedHandler();
    handler.skip = true;

    Exception error = HookRunner.runRecord(handler, RECORD);

    assertThat(error).isNull();
    assertThat(handler.calls).doesNotContain("onMessage:7").contains("onFinishHandling:1");
  }

  @Test
  void failingFinishBecomesTheError() {
    ScriptedHandler handler = new ScriptedHandler();
    handler.finishFailure = new IllegalStateException("finish");

    assertThat(HookRunner.runRecord(handler, RECORD)).isSameAs(handler.finishFailure);
  }

  @Test
  void failingFinishIsSuppressedUnderAnEarlierError() {
    ScriptedHandler handler = new ScriptedHandler();
    handler.failure = new IllegalStateException("boom");
    handler.finishFailure = new IllegalStateException("finish");

    Exception error = HookRunner.runRecord(handler, RECORD);

    assertThat(error).isSameAs(handler.failure);
    assertThat(error.getSuppressed()).containsExactly(handler.finishFailure);
  }

  @Test
  void nullContextBecomesAnEmptyOne() {
    ScriptedHandler handler = new ScriptedHandler();
    handler.nullContext = true;

    assertThat(HookRunner.runRecord(handler, RECORD)).isNull();
    assertThat(handler.contexts).allSatisfy(c -> assertThat(c).isNotNull());
  }

  @Test
  void bulkHandlerGetsItsBatchHooks() {
    ScriptedBulkHandler handler = new ScriptedBulkHandler();
    Context ctx = new Context();

    Exception error = HookRunner.runBulk(handler, List.of(RECORD, TOMBSTONE), ctx);

    assertThat(error).isNull();
    assertThat(handler.calls).containsExactly("didReceiveBulkMessages:2", "onBulk:2");
  }

  @Test
  void bulkErrorGoesThroughOnBulkError() {
    ScriptedBulkHandler handler = new ScriptedBulkHandler();
    handler.failure = new IllegalStateException("bulk boom");

    Exception error = HookRunner.runBulk(handler, List.of(RECORD), new Context());

    assertThat(error).isSameAs(handler.failure);
    assertThat(handler.calls)
        .containsExactly("didReceiveBulkMessages:1", "onBulk:1", "onBulkError");
  }

  @Test
  void emptiedBatchSkipsOnBulk() {
    ScriptedBulkHandler handler = new ScriptedBulkHandler();
    handler.emptyBatch = true;

    assertThat(HookRunner.runBulk(handler, List.of(RECORD), new Context())).isNull();
    assertThat(handler.calls).containsExactly("didReceiveBulkMessages:1");
  }

  static class ScriptedHandler extends PaperboyHandler<String, String> {
    final List<String> calls = new ArrayList<>();
    final List<Context> contexts = new ArrayList<>();
    Exception failure;
    Exception replacement;
    Exception finishFailure;
    boolean swallow;
    boolean skip;
    boolean nullContext;

    @Override
    public String topic() {
      return "t";
    }

    @Override
    public Context defineContext() {
      calls.add("defineContext");
      if (nullContext) {
        return null;
      }
      Context ctx = new Context();
      ctx.put("id", "ctx");
      return ctx;
    }

    @Override
    public ConsumerRecord<String, String> didReceiveMessage(
        ConsumerRecord<String, String> msg, Context ctx) {
      calls.add("didReceiveMessage");
      contexts.add(ctx);
      return skip ? null : msg;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> msg, Context ctx) throws Exception {
      calls.add("onMessage:" + msg.offset());
      contexts.add(ctx);
      if (failure != null) {
        throw failure;
      }
    }

    @Override
    public void onTombstone(ConsumerRecord<String, String> msg, Context ctx) {
      calls.add("onTombstone:" + msg.offset());
    }

    @Override
    public Exception onError(Exception e, ConsumerRecord<String, String> msg, Context ctx) {
      calls.add("onError:" + e.getMessage());
      if (swallow) {
        return null;
      }
      return replacement != null ? replacement : e;
    }

    @Override
    public void onFinishHandling(List<ConsumerRecord<String, String>> msgs, Context ctx) {
      calls.add("onFinishHandling:" + msgs.size());
      contexts.add(ctx);
      if (finishFailure != null) {
        throw (RuntimeException) finishFailure;
      }
    }
  }

  static class ScriptedBulkHandler extends PaperboyBulkHandler<String, String> {
    final List<String> calls = new ArrayList<>();
    Exception failure;
    boolean emptyBatch;

    @Override
    public String topic() {
      return "t";
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
      calls.add("onMessage:" + msg.offset());
    }

    @Override
    public List<ConsumerRecord<String, String>> didReceiveBulkMessages(
        List<ConsumerRecord<String, String>> msgs, Context ctx) {
      calls.add("didReceiveBulkMessages:" + msgs.size());
      return emptyBatch ? List.of() : msgs;
    }

    @Override
    public void onBulk(List<ConsumerRecord<String, String>> msgs, Context ctx) throws Exception {
      calls.add("onBulk:" + msgs.size());
      if (failure != null) {
        throw failure;
      }
    }

    @Override
    public Exception onBulkError(
        Exception e, List<ConsumerRecord<String, String>> msgs, Context ctx) {
      calls.add("onBulkError");
      return e;
    }
  }
}
