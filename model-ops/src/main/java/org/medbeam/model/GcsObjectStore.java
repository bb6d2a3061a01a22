package org.medbeam.model;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Google Cloud Storage through {@code google-cloud-storage}, with Application Default
 * Credentials. Created only when a {@code gs://} model is requested.
 */
final class GcsObjectStore implements RemoteObjectStore {
  private final Storage storage;

  private GcsObjectStore(Storage storage) {
    this.storage = storage;
  }

  /** The default client; a clear error when the library is missing from the classpath. */
  static RemoteObjectStore create() {
    try {
      return new GcsObjectStore(StorageOptions.getDefaultInstance().getService());
    } catch (NoClassDefFoundError e) {
      throw new IllegalStateException(
          "gs:// model URIs need com.google.cloud:google-cloud-storage on the classpath (it is a"
              + " dependency of medbeam-model-ops; was it excluded?)",
          e);
    }
  }

  @Override
  public ObjectInfo stat(String bucket, String name) throws IOException {
    try {
      Blob b = storage.get(BlobId.of(bucket, name));
      if (b == null) {
        throw new IOException("gs://" + bucket + "/" + name + " does not exist");
      }
      return new ObjectInfo(b.getGeneration(), b.getSize(), b.getCrc32c());
    } catch (StorageException e) {
      throw new IOException("cannot read metadata of gs://" + bucket + "/" + name + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void download(String bucket, String name, long generation, Path target)
      throws IOException {
    try {
      storage.downloadTo(BlobId.of(bucket, name, generation), target);
    } catch (StorageException e) {
      throw new IOException("cannot download gs://" + bucket + "/" + name + "#" + generation
          + ": " + e.getMessage(), e);
    }
  }
}
