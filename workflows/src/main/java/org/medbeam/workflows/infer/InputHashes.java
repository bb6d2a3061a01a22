package org.medbeam.workflows.infer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.medbeam.core.Parallel;
import org.medbeam.workflows.Hashing;

/**
 * SHA-256 of every input file, for the run manifest, with a cache under {@code
 * <output>/.medbeam/hashes.tsv} keyed by (path, size, modification time), so a nightly rerun
 * hashes only the files that arrived or changed.
 */
final class InputHashes {
  private InputHashes() {}

  /** One input file in the manifest. */
  static final class Entry {
    final String path;
    final long size;
    final String sha256;

    Entry(String path, long size, String sha256) {
      this.path = path;
      this.size = size;
      this.sha256 = sha256;
    }
  }

  static List<Entry> compute(List<MatchResult.Metadata> files, String output, int threads)
      throws IOException {
    Path cacheFile = output.contains("://") ? null : Path.of(output, ".medbeam", "hashes.tsv");
    Map<String, String> cache = new ConcurrentHashMap<>();
    if (cacheFile != null && Files.exists(cacheFile)) {
      for (String line : Files.readAllLines(cacheFile, StandardCharsets.UTF_8)) {
        int tab = line.lastIndexOf('\t');
        if (tab > 0) {
          cache.put(line.substring(0, tab), line.substring(tab + 1));
        }
      }
    }
    String[] shas = new String[files.size()];
    String[] keys = new String[files.size()];
    IOException[] error = new IOException[1];
    Parallel.forRange(files.size(), Math.max(1, threads), (from, to) -> {
      for (int i = from; i < to; i++) {
        MatchResult.Metadata m = files.get(i);
        keys[i] = m.resourceId() + "\t" + m.sizeBytes() + "\t" + m.lastModifiedMillis();
        String sha = cache.get(keys[i]);
        if (sha == null) {
          try {
            sha = Hashing.sha256File(m.resourceId().toString());
          } catch (IOException e) {
            synchronized (error) {
              error[0] = e;
            }
            sha = "";
          }
        }
        shas[i] = sha;
      }
    });
    if (error[0] != null) {
      throw error[0];
    }
    List<Entry> out = new ArrayList<>();
    Map<String, String> fresh = new LinkedHashMap<>();
    for (int i = 0; i < files.size(); i++) {
      out.add(new Entry(files.get(i).resourceId().toString(), files.get(i).sizeBytes(), shas[i]));
      fresh.put(keys[i], shas[i]);
    }
    if (cacheFile != null) {
      Files.createDirectories(cacheFile.getParent());
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, String> e : fresh.entrySet()) {
        sb.append(e.getKey()).append('\t').append(e.getValue()).append('\n');
      }
      Path tmp = cacheFile.resolveSibling("hashes.tsv.tmp");
      Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
      Files.move(tmp, cacheFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    return out;
  }
}
