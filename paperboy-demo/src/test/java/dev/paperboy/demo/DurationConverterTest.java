package dev.paperboy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  @Test
  void readsShortFormsWithUnits() {
    assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(DurationConverter.parse(" 10 S ")).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void readsABareNumberAsSeconds() {
    assertThat(DurationConverter.parse("45")).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void readsIsoDurations() {
    assertThat(DurationConverter.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationConverter.parse("pt2s")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void refusesWhatIsNoDuration() {
    for (String text : new String[] {"", "soon", "30x", "-5s", "PT", "99999999999999999999s"}) {
      assertThatThrownBy(() -> DurationConverter.parse(text))
          .as(text)
          .isInstanceOf(TypeConversionException.class)
          .hasMessageContaining("is not a duration");
    }
  }
}
