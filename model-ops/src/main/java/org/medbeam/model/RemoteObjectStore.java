package org.medbeam.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An object store models are fetched from ({@code gs://} through {@link GcsObjectStore}). Kept
 * small so {@link ModelFiles}' cache logic does not depend on a cloud client.
 */
public interface RemoteObjectStore {
  /** What the cache needs to know about an object's current version. */
  final class ObjectInfo {
    private final long generation;
    private final long size;
    private final String crc32c;

    /**
     * @param generation the object's generation (version number)
     * @param size bytes
     * @param crc32c the CRC32C as the store reports it (base64 of the 4 big-endian bytes), or null
     *     when the store has none
     */
    public ObjectInfo(long generation, long size, String crc32c) {
      this.generation = generation;
      this.size = size;
      this.crc32c = crc32c;
    }

    public long generation() {
      return generation;
    }

    public long size() {
      return size;
    }

    public String crc32c() {
      return crc32c;
    }
  }

  /** The current version of {@code bucket/name}; an {@link IOException} naming it when absent. */
  ObjectInfo stat(String bucket, String name) throws IOException;

  /** Writes generation {@code generation} of {@code bucket/name} to {@code target}. */
  void download(String bucket, String name, long generation, Path target) throws IOException;
}
