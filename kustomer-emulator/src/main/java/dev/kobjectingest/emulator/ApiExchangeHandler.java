package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path of every HTTP exchange: the control API, or an API request through authentication,
 * injected outages, the search and org budgets, injected 429/5xx, its route handler, and the
 * response (held back or dropped as the fault spec says).
 */
final class ApiExchangeHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ApiExchangeHandler.class);

  /**
   * How long an injected 429 tells the client to wait: another client's burst, not a whole window.
   */
  private static final long INJECTED_429_RESET_SECONDS = 2;

  private final Clock clock;
  private final Router router;
  private final ControlApi control;
  private final OrgRateLimiter budget;
  private final SearchRateLimiter searches;
  private final FaultInjector faults;
  private final EmulatorStats stats;
  private final ScheduledExecutorService scheduler;
  private final byte[] expectedAuthorization;

  ApiExchangeHandler(
      EmulatorConfig config,
      Router router,
      ControlApi control,
      OrgRateLimiter budget,
      SearchRateLimiter searches,
      FaultInjector faults,
      EmulatorStats stats,
      ScheduledExecutorService scheduler) {
    this.clock = config.clock();
    this.router = router;
    this.control = control;
    this.budget = budget;
    this.searches = searches;
    this.faults = faults;
    this.stats = stats;
    this.scheduler = scheduler;
    this.expectedAuthorization = ("Bearer " + config.apiKey()).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(HttpExchange ex) {
    try {
      String path = ex.getRequestURI().getRawPath();
      if (path.startsWith("/__emulator/")) {
        send(
            ex,
            control.handle(ex.getRequestMethod(), path, ex.getRequestBody().readAllBytes()),
            Map.of(),
            0);
      } else {
        handleApi(ex, path);
      }
    } catch (IOException e) {
      LOG.debug("client went away: {}", e.toString());
      ex.close();
    } catch (RuntimeException e) {
      LOG.error("emulator bug while handling {} {}", ex.getRequestMethod(), ex.getRequestURI(), e);
      sendQuietly(
          ex,
          ApiResponse.error(
              ApiException.jsonApi(500, "internal", "Internal Server Error", e.toString())),
          Map.of());
    }
  }

  private void handleApi(HttpExchange ex, String path) throws IOException {
    long nowMillis = clock.millis();
    String method = ex.getRequestMethod();
    Router.Match match = router.match(method, path);
    stats.request(match == null ? method + " (no route)" : method + " " + match.route().template());

    if (!authorized(ex)) {
      send(
          ex,
          ApiResponse.error(
              ApiException.jsonApi(
                  401, "unauthorized", "Unauthorized", "a valid Bearer API key is required")),
          budgetHeaders(budget.peek(nowMillis)),
          0);
      return;
    }
    FaultInjector.Kind fault = faults.before(nowMillis);
    if (fault == FaultInjector.Kind.OUTAGE) {
      stats.fault("outage");
      // A gateway answering for a down service: no rate-limit headers, as from a real proxy.
      send(
          ex,
          ApiResponse.error(
              ApiException.jsonApi(503, "service_unavailable", "Service Unavailable", "outage")),
          Map.of(),
          0);
      return;
    }
    boolean search = match != null && match.route().template().equals(ApiRoutes.SEARCH);
    OrgRateLimiter.Decision decision = admit(ex, search, nowMillis);
    if (decision == null || sentInjectedError(ex, fault, decision, nowMillis)) {
      return;
    }
    ApiResponse response = dispatch(ex, method, path, match, nowMillis);
    if (faults.dropAfter()) {
      // The work is done but the client never hears of it: closing before any header is sent
      // resets the connection, the case a retried create must survive without duplicating.
      stats.fault("drop");
      stats.dropped();
      ex.close();
      return;
    }
    send(ex, response, budgetHeaders(decision), faults.delayMillis());
  }

  /**
   * Spends the request's budgets: a search's own, then the org's. Null when one refuses, the 429
   * sent; a search the org refuses gives its search token back.
   */
  private OrgRateLimiter.Decision admit(HttpExchange ex, boolean search, long nowMillis) {
    if (search) {
      // Searches have their own budget besides the org's; a search either refuses spends neither.
      OrgRateLimiter.Decision searchDecision = searches.acquire(nowMillis);
      if (!searchDecision.allowed()) {
        stats.searchThrottled();
        send(
            ex,
            tooManyRequests("search_rate_limited", "search rate limit exceeded"),
            budgetHeaders(searchDecision),
            0);
        return null;
      }
    }
    OrgRateLimiter.Decision decision = budget.acquire(nowMillis);
    if (!decision.allowed()) {
      if (search) {
        searches.release(nowMillis);
      }
      send(
          ex,
          tooManyRequests("too_many_requests", "org rate limit exceeded"),
          budgetHeaders(decision),
          0);
      return null;
    }
    if (search) {
      stats.search();
    }
    return decision;
  }

  /** Sends the injected 429 or 5xx the fault spec asks for; false when it asks for neither. */
  private boolean sentInjectedError(
      HttpExchange ex, FaultInjector.Kind fault, OrgRateLimiter.Decision decision, long nowMillis) {
    if (fault == FaultInjector.Kind.TOO_MANY_REQUESTS) {
      stats.fault("429");
      long reset = (nowMillis + 999) / 1000 + INJECTED_429_RESET_SECONDS;
      send(
          ex,
          tooManyRequests("too_many_requests", "org rate limit exceeded"),
          budgetHeaders(new OrgRateLimiter.Decision(false, decision.limit(), 0, reset)),
          0);
      return true;
    }
    if (fault == FaultInjector.Kind.ERROR_5XX) {
      stats.fault("5xx");
      int status = faults.serverErrorStatus();
      send(
          ex,
          ApiResponse.error(
              ApiException.jsonApi(status, "server_error", "Server Error", "injected fault")),
          Map.of(),
          0);
      return true;
    }
    return false;
  }

  private ApiResponse dispatch(
      HttpExchange ex, String method, String path, Router.Match match, long nowMillis)
      throws IOException {
    if (match == null) {
      return router.pathExists(path)
          ? ApiResponse.error(
              ApiException.jsonApi(
                  405, "method_not_allowed", "Method Not Allowed", method + " " + path))
          : ApiResponse.error(
              ApiException.notFound("not_found", "no route " + method + " " + path));
    }
    ApiRequest request =
        new ApiRequest(
            match.params(),
            Router.query(ex.getRequestURI().getRawQuery()),
            ex.getRequestBody().readAllBytes(),
            Instant.ofEpochMilli(nowMillis));
    try {
      return match.route().handler().handle(request);
    } catch (ApiException e) {
      return ApiResponse.error(e);
    }
  }

  private boolean authorized(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    return header != null
        && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expectedAuthorization);
  }

  private static ApiResponse tooManyRequests(String code, String detail) {
    ObjectNode error = Json.object().put("code", code).put("message", detail);
    error.putObject("meta");
    return new ApiResponse(429, ApiException.wrap(error), Map.of());
  }

  private static Map<String, String> budgetHeaders(OrgRateLimiter.Decision d) {
    if (d.allowed()) {
      return Map.of(
          "x-ratelimit-limit", String.valueOf(d.limit()),
          "x-ratelimit-remaining", String.valueOf(d.remaining()));
    }
    return Map.of(
        "x-ratelimit-limit", String.valueOf(d.limit()),
        "x-ratelimit-remaining", "0",
        "x-ratelimit-reset", String.valueOf(d.resetEpochSeconds()));
  }

  private void send(
      HttpExchange ex, ApiResponse response, Map<String, String> headers, long delayMillis) {
    if (delayMillis > 0) {
      // sendQuietly handles its own I/O errors; nothing reaches the future.
      Future<?> unused =
          scheduler.schedule(
              () -> sendQuietly(ex, response, headers), delayMillis, TimeUnit.MILLISECONDS);
    } else {
      sendQuietly(ex, response, headers);
    }
  }

  private void sendQuietly(HttpExchange ex, ApiResponse response, Map<String, String> headers) {
    try (ex) {
      var h = ex.getResponseHeaders();
      headers.forEach(h::set);
      response.headers().forEach(h::set);
      if (!ex.getRequestURI().getRawPath().startsWith("/__emulator/")) {
        stats.status(response.status());
      }
      if (response.body() == null) {
        ex.sendResponseHeaders(response.status(), -1);
        return;
      }
      byte[] bytes = Json.bytes(response.body());
      h.set("Content-Type", "application/json; charset=utf-8");
      ex.sendResponseHeaders(response.status(), bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      LOG.debug("could not send response: {}", e.toString());
    }
  }
}
