package dev.kobjectingest.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The memory setting the benchmark measures is the one the image ships and the README documents.
 */
class ContainerMemoryTest {
  @Test
  void theImageTheReadmeAndTheBenchmarkCarryTheSameSetting() throws Exception {
    String dockerfile = Files.readString(Path.of("..", "docker", "Dockerfile"));
    String readme = Files.readString(Path.of("..", "README.md"));

    assertThat(dockerfile)
        .contains("JAVA_TOOL_OPTIONS=\"" + ContainerMemory.JAVA_OPTIONS + "\"")
        .contains("MALLOC_ARENA_MAX=2")
        .contains("INGEST_MEMORY_ROCKSDB_MIB=32");
    assertThat(readme)
        .contains("JAVA_TOOL_OPTIONS=\"" + ContainerMemory.JAVA_OPTIONS + "\"")
        .contains("MALLOC_ARENA_MAX=2");
  }
}
