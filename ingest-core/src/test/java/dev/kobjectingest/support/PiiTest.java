package dev.kobjectingest.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PiiTest {
  @Test
  void emailsKeepOnlyTheirTopLevelDomain() {
    assertThat(Pii.mask("no customer janedoe@example.com here"))
        .isEqualTo("no customer *******.com here");
  }

  @Test
  void phoneNumbersKeepTheirLastFourDigits() {
    assertThat(Pii.mask("phone (555) 867-5309 and +1 555 867 5309"))
        .isEqualTo("phone *******5309 and *******5309");
  }

  @Test
  void ordinaryNumbersAndTextStay() {
    assertThat(Pii.mask("offset 42 at 2026-11-23, order AB-1234, 429 after 3 attempts"))
        .isEqualTo("offset 42 at 2026-11-23, order AB-1234, 429 after 3 attempts");
    assertThat(Pii.mask(null)).isNull();
  }
}
