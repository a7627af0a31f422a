package dev.paperboy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserTableTest {
  private final UserTable table = new UserTable();

  @Test
  void acceptsAnOrderOfAKnownUser() {
    table.apply("u-1", "{}");

    table.placeOrder("u-1", 250);

    assertThat(table.orderChecks()).isEqualTo(new Summary.OrderChecks(1, 0, 0, 0, 250));
  }

  @Test
  void rejectsAnOrderOfADeletedUser() {
    table.apply("u-1", "{}");
    table.apply("u-1", null);

    table.placeOrder("u-1", 250);

    assertThat(table.orderChecks()).isEqualTo(new Summary.OrderChecks(0, 0, 1, 0, 0));
    assertThat(table.known()).isZero();
    assertThat(table.deleted()).isEqualTo(1);
  }

  @Test
  void anOrderOvertakingItsUserWaitsAndIsAcceptedWhenTheUserArrives() {
    table.placeOrder("u-1", 100);
    table.placeOrder("u-1", 50);
    Summary.OrderChecks before = table.orderChecks();

    table.apply("u-1", "{}");

    assertThat(before).isEqualTo(new Summary.OrderChecks(0, 0, 0, 2, 0));
    assertThat(table.orderChecks()).isEqualTo(new Summary.OrderChecks(2, 2, 0, 0, 150));
    assertThat(table.known()).isEqualTo(1);
  }

  @Test
  void aWaitingOrderIsRejectedWhenItsUserTurnsOutDeleted() {
    table.placeOrder("u-1", 100);

    table.apply("u-1", null);

    assertThat(table.orderChecks()).isEqualTo(new Summary.OrderChecks(0, 0, 1, 0, 0));
  }
}
