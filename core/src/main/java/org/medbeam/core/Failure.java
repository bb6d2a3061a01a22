package org.medbeam.core;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * One element that a stage could not process: which sample, from which source, at which stage,
 * and why. Every element-wise step in medbeam routes failures here instead of dropping them; a
 * pipeline writes them as JSON lines ({@link #toJson()}).
 */
@DefaultCoder(FailureCoder.class)
public final class Failure {
  private final String sampleId;
  private final String source;
  private final String stage;
  private final String errorClass;
  private final String message;

  private Failure(String sampleId, String source, String stage, String errorClass, String message) {
    this.sampleId = Objects.requireNonNullElse(sampleId, "");
    this.source = Objects.requireNonNullElse(source, "");
    this.stage = Objects.requireNonNullElse(stage, "");
    this.errorClass = Objects.requireNonNullElse(errorClass, "");
    this.message = Objects.requireNonNullElse(message, "");
  }

  public static Failure of(
      String sampleId, String source, String stage, String errorClass, String message) {
    return new Failure(sampleId, source, stage, errorClass, message);
  }

  /**
   * From an exception: its simple class name and a message that includes the causes, so a wrapped
   * error still says what went wrong.
   */
  public static Failure of(String sampleId, String source, String stage, Throwable error) {
    return new Failure(sampleId, source, stage, error.getClass().getSimpleName(), describe(error));
  }

  /** The message of an error and of its causes, joined by {@code ": caused by "}. */
  public static String describe(Throwable error) {
    StringBuilder sb = new StringBuilder(String.valueOf(error.getMessage()));
    Throwable cause = error.getCause();
    int depth = 0;
    while (cause != null && cause != error && depth++ < 5) {
      sb.append(": caused by ").append(cause.getClass().getSimpleName()).append(": ")
          .append(cause.getMessage());
      cause = cause.getCause();
    }
    if (error.getMessage() == null && error.getCause() == null) {
      // an exception without a message (NullPointerException in old code): keep where it came from
      StringWriter sw = new StringWriter();
      error.printStackTrace(new PrintWriter(sw));
      String[] lines = sw.toString().split("\n");
      sb.setLength(0);
      sb.append(lines.length > 1 ? lines[1].trim() : error.toString());
    }
    return sb.toString();
  }

  public String sampleId() {
    return sampleId;
  }

  public String source() {
    return source;
  }

  public String stage() {
    return stage;
  }

  public String errorClass() {
    return errorClass;
  }

  public String message() {
    return message;
  }

  /** One JSON object on one line: {@code {"id":…,"source":…,"stage":…,"error":…,"message":…}}. */
  public String toJson() {
    return "{\"id\":" + Json.quote(sampleId) + ",\"source\":" + Json.quote(source) + ",\"stage\":"
        + Json.quote(stage) + ",\"error\":" + Json.quote(errorClass) + ",\"message\":"
        + Json.quote(message) + "}";
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Failure)) {
      return false;
    }
    Failure f = (Failure) o;
    return sampleId.equals(f.sampleId)
        && source.equals(f.source)
        && stage.equals(f.stage)
        && errorClass.equals(f.errorClass)
        && message.equals(f.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sampleId, source, stage, errorClass, message);
  }

  @Override
  public String toString() {
    return toJson();
  }
}
