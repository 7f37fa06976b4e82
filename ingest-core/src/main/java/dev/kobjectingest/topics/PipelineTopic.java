package dev.kobjectingest.topics;

/** One topic the pipeline uses, with its role and the setting or rule that names it. */
public record PipelineTopic(String name, TopicRole role, String namedBy) {}
