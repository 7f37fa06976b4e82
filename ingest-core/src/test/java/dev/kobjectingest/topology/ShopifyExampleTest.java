package dev.kobjectingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.mapping.RuleLoader;
import dev.kobjectingest.mapping.WriteModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shopify's order and fulfillment JSON, connected with rules only (mapping-rules/examples/shopify).
 */
class ShopifyExampleTest {
  private static final Path DIR = Path.of("..", "mapping-rules", "examples", "shopify");
  private TopologyFixture t;

  @AfterEach
  void close() {
    t.close();
  }

  private static String payload(String name) throws Exception {
    return Files.readString(DIR.resolve("payloads").resolve(name));
  }

  @Test
  void shopifyOrdersAndFulfillmentsBecomeTypedOrders() throws Exception {
    t = new TopologyFixture(RuleLoader.load(DIR), WriteModel.NESTED);
    t.learnCustomer("externalId:shopify-207119551", "cust-9");

    t.publish("shopify.orders", "450789469", payload("order.json"));
    t.publish("shopify.fulfillments", "255858046", payload("fulfillment.json"));

    assertThat(t.customerCommands())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.lookups())
                    .containsExactly(
                        "externalId:shopify-207119551",
                        "email:bob.norman@mail.example.com",
                        "phone:+13125551212"));
    List<OrderCommand> cmds = t.orderCommands();
    assertThat(cmds).hasSize(2);
    OrderCommand first = cmds.get(0);
    assertThat(first.orderId()).isEqualTo("450789469");
    assertThat(first.order().path("title").asText()).isEqualTo("Shopify order #1001");
    var custom = first.order().path("custom");
    assertThat(custom.path("totalPriceNum").decimalValue()).isEqualByComparingTo("598.94");
    assertThat(custom.path("orderCreatedAt").asText()).isEqualTo("2008-01-10T16:00:00Z");
    assertThat(custom.path("fulfillmentStatusStr").asText()).isEqualTo("unfulfilled");
    assertThat(custom.path("cancelledBool").asBoolean()).isFalse();
    assertThat(custom.path("shippingStatusStr").asText()).isEqualTo("failure");
    assertThat(first.order().path("tags"))
        .extracting(n -> n.asText())
        .containsExactly("imported", "vip");
    assertThat(first.order().path("data").path("lineItems")).hasSize(3);
    assertThat(first.order().path("data").path("lineItems").path(0).path("price").asText())
        .isEqualTo("199.00");

    OrderCommand second = cmds.get(1);
    assertThat(second.order().path("custom").path("shippingStatusStr").asText())
        .isEqualTo("in_transit");
    assertThat(second.order().path("data").path("fulfillments")).hasSize(1);
  }

  @Test
  void theRelModelMakesOneItemPerShopifyLineItem() throws Exception {
    t = new TopologyFixture(RuleLoader.load(DIR), WriteModel.REL);
    t.learnCustomer("externalId:shopify-207119551", "cust-9");

    t.publish("shopify.orders", "450789469", payload("order.json"));

    OrderCommand cmd = t.orderCommands().get(0);
    assertThat(cmd.items())
        .extracting(i -> i.path("title").asText())
        .containsExactly(
            "IPod Nano - 8gb - green", "IPod Nano - 8gb - red", "IPod Nano - 8gb - black");
    assertThat(cmd.items().get(0).path("custom").path("priceNum").asDouble()).isEqualTo(199.0);
    assertThat(cmd.items().get(0).path("externalId").asText()).isEqualTo("450789469:466157049");
  }
}
