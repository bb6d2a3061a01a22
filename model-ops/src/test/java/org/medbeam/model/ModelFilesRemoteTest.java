package org.medbeam.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gs:// cache logic against an in-memory object store (no cloud access from these machines;
 * {@link GcsObjectStore} is the thin google-cloud-storage adapter behind the same interface).
 */
class ModelFilesRemoteTest {
  /** Objects with generations; a CRC32C per version, optionally wrong to simulate corruption. */
  static final class MemoryStore implements RemoteObjectStore {
    final Map<String, byte[]> objects = new HashMap<>();
    final Map<String, Long> generations = new HashMap<>();
    int downloads;
    boolean corruptChecksum;

    void upload(String name, byte[] data) {
      objects.put(name, data);
      generations.merge(name, 1L, Long::sum);
    }

    @Override
    public ObjectInfo stat(String bucket, String name) throws IOException {
      byte[] d = objects.get(bucket + "/" + name);
      if (d == null) {
        throw new IOException("gs://" + bucket + "/" + name + " does not exist");
      }
      Path tmp = Files.createTempFile("crc", ".bin");
      try {
        Files.write(tmp, d);
        String crc = corruptChecksum ? "AAAAAA==" : ModelFiles.crc32c(tmp);
        return new ObjectInfo(generations.get(bucket + "/" + name), d.length, crc);
      } finally {
        Files.delete(tmp);
      }
    }

    @Override
    public void download(String bucket, String name, long generation, Path target)
        throws IOException {
      assertEquals(generations.get(bucket + "/" + name), generation, "asks for the stat'd version");
      downloads++;
      Files.write(target, objects.get(bucket + "/" + name));
    }
  }

  @Test
  void downloadsOncePerGenerationIntoTheCache(@TempDir Path cache) throws IOException {
    MemoryStore store = new MemoryStore();
    store.upload("bkt/models/seg.pt", "v1".getBytes(StandardCharsets.UTF_8));
    ModelFiles files = ModelFiles.using(cache, store);
    Path p1 = files.resolve("gs://bkt/models/seg.pt");
    assertEquals(cache.resolve("gs/bkt/models/seg.pt/1/seg.pt"), p1);
    assertEquals("v1", Files.readString(p1));
    files.resolve("gs://bkt/models/seg.pt");
    assertEquals(1, store.downloads, "cached");
    store.upload("bkt/models/seg.pt", "version 2".getBytes(StandardCharsets.UTF_8));
    Path p2 = files.resolve("gs://bkt/models/seg.pt");
    assertNotEquals(p1, p2);
    assertEquals("version 2", Files.readString(p2));
    assertEquals(2, store.downloads);
    try (Stream<Path> s = Files.walk(cache)) {
      assertFalse(s.anyMatch(p -> p.toString().endsWith(".part")), "no partial files left");
    }
  }

  @Test
  void aCorruptDownloadIsRejectedAndNotCached(@TempDir Path cache) throws IOException {
    MemoryStore store = new MemoryStore();
    store.upload("bkt/m.pt", new byte[] {1, 2, 3, 4});
    store.corruptChecksum = true;
    ModelFiles files = ModelFiles.using(cache, store);
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> files.resolve("gs://bkt/m.pt"));
    assertTrue(e.getMessage().contains("CRC32C of the download is"), e.getMessage());
    assertFalse(Files.exists(cache.resolve("gs/bkt/m.pt/1/m.pt")));
    store.corruptChecksum = false;
    assertArrayEquals(new byte[] {1, 2, 3, 4}, Files.readAllBytes(files.resolve("gs://bkt/m.pt")));
  }

  @Test
  void missingObjectNamesIt(@TempDir Path cache) {
    ModelFiles files = ModelFiles.using(cache, new MemoryStore());
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> files.resolve("gs://bkt/none.pt"));
    assertEquals("cannot fetch model gs://bkt/none.pt: gs://bkt/none.pt does not exist",
        e.getMessage());
  }

  @Test
  void crc32cIsGcsEncoding(@TempDir Path dir) throws IOException {
    // CRC32C("123456789") = 0xE3069283 (the standard check value); GCS sends base64 of the
    // big-endian bytes: 4waSgw==
    Path f = Files.writeString(dir.resolve("c.txt"), "123456789");
    assertEquals("4waSgw==", ModelFiles.crc32c(f));
  }
}
