package dev.kobjectingest.sink;

import dev.kobjectingest.mapping.WriteModel;
import java.net.URI;
import java.time.Duration;

/**
 * How the sink talks to Kustomer and what it writes there ({@code kustomer.*}, {@code model}).
 *
 * @param failWhenKlassMissing with bootstrap off, stop the instance instead of dead-lettering
 * @param klassOwned only this pipeline writes the order klass, so unknown orders are new
 * @param customersCreateFirst create unknown identities before looking them up
 */
record KustomerSettings(
    URI baseUrl,
    Duration connectTimeout,
    Duration requestTimeout,
    WriteModel model,
    String orderKlass,
    String itemKlass,
    String itemsRel,
    String orderRel,
    boolean klassBootstrap,
    boolean failWhenKlassMissing,
    boolean klassOwned,
    boolean customersCreateFirst,
    Duration unreachableAfter) {}
