package org.medbeam.workflows.infer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.medbeam.workflows.Hashing;

/**
 * What earlier runs finished, for incremental reruns: one small marker per written series under
 * {@code <output>/.medbeam/done/<key>.json}, written after the series' mask has been renamed into
 * place, so a killed run never leaves a marker for a missing or half-written mask.
 *
 * <p>The key is SHA-256 over the series id, its source fingerprint (files, sizes, SOP Instance
 * UIDs — or file size and modification time for non-DICOM inputs), the config's SHA-256 and the
 * model's SHA-256: new or changed series, a new config or a new model all miss.
 */
public final class RunState implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String output;
  private final String configSha;
  private final String modelSha;
  private final Set<String> done;

  private RunState(String output, String configSha, String modelSha, Set<String> done) {
    this.output = output;
    this.configSha = configSha;
    this.modelSha = modelSha;
    this.done = done;
  }

  /** Reads the markers under {@code output} (none with {@code force}). */
  public static RunState load(String output, String configSha, String modelSha, boolean force)
      throws IOException {
    Set<String> done = new HashSet<>();
    if (!force) {
      MatchResult m = FileSystems.match(markerDir(output) + "*.json", EmptyMatchTreatment.ALLOW);
      if (m.status() == MatchResult.Status.OK) {
        for (MatchResult.Metadata md : m.metadata()) {
          String name = md.resourceId().getFilename();
          done.add(name.substring(0, name.length() - ".json".length()));
        }
      }
    }
    return new RunState(output, configSha, modelSha, done);
  }

  static String markerDir(String output) {
    return (output.endsWith("/") ? output : output + "/") + ".medbeam/done/";
  }

  /** The key of a series (or file) with this source fingerprint under this config and model. */
  public String key(String id, String fingerprint) {
    return Hashing.sha256(id + "\n" + fingerprint + "\n" + configSha + "\n" + modelSha);
  }

  public boolean isDone(String id, String fingerprint) {
    return done.contains(key(id, fingerprint));
  }

  public int doneCount() {
    return done.size();
  }

  /** Writes the marker of a finished series (atomically: temp + rename). */
  public void markDone(String id, String fingerprint, String json) throws IOException {
    String path = markerDir(output) + key(id, fingerprint) + ".json";
    ResourceId target = FileSystems.matchNewResource(path, false);
    ResourceId tmp = FileSystems.matchNewResource(path + ".tmp-" + UUID.randomUUID(), false);
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(tmp, MimeTypes.TEXT))) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    FileSystems.rename(List.of(tmp), List.of(target));
  }
}
