package dev.kobjectingest.mapping;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads a raw payload into plain Java values (maps, lists, strings, numbers). Everything the rest
 * of the pipeline could not carry is refused here, as {@code invalid-json}, so that no later stage
 * (a repartition topic, a state store, the sink) meets it: trailing content after the document, and
 * nesting deeper than {@link #MAX_DEPTH} (the pipeline wraps a payload's values in a few levels of
 * its own, and Jackson refuses to write past 1,000).
 */
public final class Payloads {
  /** Deepest nesting of objects and arrays a payload may have. Real order payloads use under 10. */
  public static final int MAX_DEPTH = 100;

  static final ObjectMapper JSON =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Payloads() {}

  /** The payload as maps, lists and scalars; a {@link MappingException} when it is not one JSON. */
  public static Object parse(byte[] payload) throws MappingException {
    if (payload == null || payload.length == 0) {
      throw invalid("the payload is empty");
    }
    try {
      return JSON.readValue(payload, Object.class);
    } catch (StreamConstraintsException e) {
      throw invalid("the payload nests objects or arrays deeper than " + MAX_DEPTH + " levels");
    } catch (IOException e) {
      throw invalid("the payload is not JSON: " + firstLine(detail(e)));
    }
  }

  /** Jackson's own words without the location suffix, which repeats part of the payload. */
  private static String detail(IOException e) {
    return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
  }

  private static MappingException invalid(String message) {
    return new MappingException(MappingException.Reason.INVALID_JSON, "", message);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() <= 200 ? line : line.substring(0, 197) + "...";
  }
}
