package dev.kobjectingest.sink;

import dev.kobjectingest.kustomer.ApiPath;
import dev.kobjectingest.kustomer.KustomerResponse;
import java.util.Set;

/**
 * Refuses to start a sink that would duplicate every order already in Kustomer: an owned klass
 * ({@code kustomer.klass.owned=true}) means an order the id store has never seen is new and is
 * created without a lookup, which is only true when the store holds everything this pipeline wrote.
 * An empty store next to a klass that already holds objects means another deployment, a lost or
 * recreated {@code topics.sink-ids}, or another integration wrote them.
 */
final class OwnedKlassCheck {
  /** The klass does not exist yet: nothing can be duplicated. */
  private static final int NOT_FOUND = 404;

  private OwnedKlassCheck() {}

  /**
   * One request, and only when the store is empty. Every create is preceded by a pending mark in
   * the store, so an object a starting sibling instance just created has its mark in the store by
   * the time the klass shows it: the store is read again before refusing.
   */
  static void verify(KustomerApi api, SinkIds store, String klass, String storeTopic)
      throws CallFailure, InterruptedException {
    if (!store.isEmpty()) {
      return;
    }
    KustomerResponse r = api.call("GET", ApiPath.kobjects(klass, 1), null, Set.of(NOT_FOUND));
    if (r.status() == NOT_FOUND || r.body().path("data").isEmpty()) {
      return;
    }
    store.catchUp();
    if (store.isEmpty()) {
      throw new IllegalStateException(
          "klass "
              + klass
              + " already holds KObjects but this pipeline's id store ("
              + storeTopic
              + ") is empty, so with kustomer.klass.owned=true every order would be created again."
              + " Set kustomer.klass.owned=false (each order is looked up before its first write),"
              + " or point topics.sink-ids at the store of the deployment that wrote them");
    }
  }
}
