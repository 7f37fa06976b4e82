package dev.kobjectingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoercionTest {
  private static String coerce(String name, Object value) throws MappingException {
    return Coercion.coerce(name, value, "order.custom." + name).toString();
  }

  @Test
  void numbersGivenAsStringsBecomeNumbers() throws Exception {
    assertThat(coerce("totalNum", "12.50")).isEqualTo("12.5");
    assertThat(coerce("totalNum", 36)).isEqualTo("36");
    assertThat(coerce("totalNum", "-3")).isEqualTo("-3");
    assertThat(coerce("totalNum", 1e3)).isEqualTo("1000");
    assertThatThrownBy(() -> coerce("totalNum", "12,50 EUR"))
        .isInstanceOf(MappingException.class)
        .hasMessage("order.custom.totalNum: '12,50 EUR' is not a number");
  }

  @Test
  void datesInSeveralFormatsBecomeIsoUtc() throws Exception {
    assertThat(coerce("placedAt", "2019-05-04T05:47:31+10:00"))
        .isEqualTo("\"2019-05-03T19:47:31Z\"");
    assertThat(coerce("placedAt", "2019-05-04T05:47:31Z")).isEqualTo("\"2019-05-04T05:47:31Z\"");
    assertThat(coerce("placedAt", "2019-05-04 05:47:31")).isEqualTo("\"2019-05-04T05:47:31Z\"");
    assertThat(coerce("placedAt", "2019-05-04")).isEqualTo("\"2019-05-04T00:00:00Z\"");
    assertThat(coerce("placedAt", "Sat, 4 May 2019 05:47:31 GMT"))
        .isEqualTo("\"2019-05-04T05:47:31Z\"");
    assertThat(coerce("placedAt", 1556948851)).isEqualTo("\"2019-05-04T05:47:31Z\"");
    assertThat(coerce("placedAt", 1556948851000L)).isEqualTo("\"2019-05-04T05:47:31Z\"");
    assertThatThrownBy(() -> coerce("placedAt", "yesterday"))
        .hasMessageContaining("is not a date-time");
  }

  @Test
  void booleansAcceptWordsAndBits() throws Exception {
    assertThat(coerce("giftBool", "yes")).isEqualTo("true");
    assertThat(coerce("giftBool", "FALSE")).isEqualTo("false");
    assertThat(coerce("giftBool", 1)).isEqualTo("true");
    assertThatThrownBy(() -> coerce("giftBool", "maybe")).hasMessageContaining("is not a boolean");
  }

  @Test
  void textHasALimitAndNoStructures() throws Exception {
    assertThat(coerce("noteStr", 42)).isEqualTo("\"42\"");
    assertThat(coerce("noteStr", "x".repeat(1024))).hasSize(1026);
    assertThatThrownBy(() -> coerce("noteStr", "x".repeat(1025)))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("1025 characters, over Kustomer's limit of 1024");
    assertThatThrownBy(() -> coerce("noteStr", Map.of("a", 1)))
        .hasMessageContaining("object cannot be a text attribute");
    assertThatThrownBy(() -> coerce("noteStr", List.of(1)))
        .hasMessageContaining("list cannot be a text attribute");
  }

  @Test
  void urlsMustBeHttp() throws Exception {
    assertThat(coerce("trackingUrl", "https://t.example/1")).isEqualTo("\"https://t.example/1\"");
    assertThatThrownBy(() -> coerce("trackingUrl", "ftp://x/1"))
        .hasMessageContaining("not an http(s) URL");
  }

  @Test
  void nullStaysNullSoTheAttributeIsCleared() throws Exception {
    assertThat(coerce("noteStr", null)).isEqualTo("null");
  }

  @Test
  void reasonsDoNotCopyLongValues() {
    assertThatThrownBy(() -> coerce("totalNum", "a".repeat(500)))
        .hasMessageContaining("...")
        .hasMessageNotContaining("a".repeat(100));
  }
}
