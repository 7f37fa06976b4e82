package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a command topic may hold: anything else is an invalid command, dead-lettered at once. */
class CommandReadingTest {
  @Test
  void commandsWrittenByTheTopologyAreRead() throws Exception {
    assertThat(OrderCommandHandler.read(Commands.record(Commands.order("1001", "c1", 2))).changes())
        .isEqualTo(2);
    assertThat(
            CustomerCommandHandler.read(
                    Commands.record(Commands.customer("email:a@b.c", "email:a@b.c")))
                .identityKey())
        .isEqualTo("email:a@b.c");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "null",
        "{}",
        "{'orderId':'1','klass':'order','customerId':'c','order':{},'items':[],'relationships':[]}",
        "{'orderId':'1','model':'flat','klass':'order','customerId':'c','order':{},'items':[],"
            + "'relationships':[]}",
        "{'orderId':'1','model':'rel','klass':'order','customerId':'c','order':{},'items':[],"
            + "'relationships':[]}",
        "{'orderId':'1','model':'nested','klass':'order','order':{},'items':[],'relationships':[]}"
      })
  void anOrderCommandMissingWhatTheSinkNeedsIsInvalid(String json) {
    assertThatThrownBy(() -> OrderCommandHandler.read(Commands.record(bytes(json))))
        .isInstanceOf(CommandHandler.InvalidCommand.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "{'identityKey':'k','lookups':[],'customer':{}}",
        "{'identityKey':'k','lookups':['email:a@b.c'],'customer':null}",
        "{'identityKey':'k','lookups':['../x:1'],'customer':{}}",
        "{'identityKey':'k','lookups':['email'],'customer':{}}"
      })
  void aCustomerCommandMissingWhatTheSinkNeedsIsInvalid(String json) {
    assertThatThrownBy(() -> CustomerCommandHandler.read(Commands.record(bytes(json))))
        .isInstanceOf(CommandHandler.InvalidCommand.class);
  }

  @Test
  void anInvalidOrderCommandSortsFirstAmongItsKeys() {
    assertThat(new OrderCommandHandler(null, null, null).sequence(Commands.record(bytes("x"))))
        .isEqualTo(Long.MIN_VALUE);
  }

  private static byte[] bytes(String json) {
    return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }
}
