package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short digest of a body the sink wrote, kept in its id table so the same body is never written
 * twice: 96 bits of SHA-256, enough that two different bodies of one object never share one.
 */
final class Digests {
  private Digests() {}

  static String of(ObjectNode body) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(body.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
