package dev.kobjectingest.kustomer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Kustomer API request of a plan: method, path (with ids, or {@code <placeholders>} for ids not
 * known yet), body, and when it is made ({@code null} for always).
 */
public record ApiCall(String method, String path, JsonNode body, String when) {}
