package dev.paperboy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.EngineOptions;
import org.junit.jupiter.api.Test;

class OptionsExampleTest {

  @Test
  void readmeOptionsBlockSpellsOutTheDefaults() {
    EngineOptions spelledOut = OptionsExample.defaults();

    assertThat(spelledOut).isEqualTo(EngineOptions.defaults());
  }
}
