package org.medbeam.workflows.infer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code predictions.csv}: the prediction rows of {@code predictions.jsonl} as one RFC 4180 line
 * per series, for spreadsheets. Nested values are flattened into fixed columns so every run's
 * file has the same header: shape and spacing as {@code x|y|z}, label volumes as {@code
 * label:ml} pairs joined by {@code ;}, and one column per stage timing.
 */
final class PredictionsCsv {
  static final String[] TIMINGS = {"preprocess", "inference", "postprocess", "write"};
  static final String HEADER = "id,source,mask,shape,spacing,dtype,label_volumes_ml,"
      + "preprocess_ms,inference_ms,postprocess_ms,write_ms,key";

  private static final ObjectMapper JSON = new ObjectMapper();

  private PredictionsCsv() {}

  /** The CSV line of one prediction row (a JSON object as {@link WriteResultsFn} emits it). */
  static String line(String jsonRow) {
    JsonNode r;
    try {
      r = JSON.readTree(jsonRow);
    } catch (IOException e) {
      throw new UncheckedIOException("not a prediction row: " + jsonRow, e);
    }
    List<String> cells = new ArrayList<>();
    cells.add(text(r, "id"));
    cells.add(text(r, "source"));
    cells.add(text(r, "mask"));
    cells.add(joined(r.get("shape"), "|"));
    cells.add(joined(r.get("spacing"), "|"));
    cells.add(text(r, "dtype"));
    StringBuilder volumes = new StringBuilder();
    JsonNode ml = r.get("label_volumes_ml");
    if (ml != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = ml.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        volumes.append(volumes.length() == 0 ? "" : ";").append(e.getKey()).append(':')
            .append(e.getValue().asText());
      }
    }
    cells.add(volumes.toString());
    JsonNode timings = r.get("timings_ms");
    for (String stage : TIMINGS) {
      cells.add(timings != null && timings.has(stage) ? timings.get(stage).asText() : "");
    }
    cells.add(text(r, "key"));
    List<String> quotedCells = new ArrayList<>();
    for (String c : cells) {
      quotedCells.add(quoted(c));
    }
    return String.join(",", quotedCells);
  }

  private static String text(JsonNode r, String field) {
    JsonNode v = r.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  private static String joined(JsonNode array, String sep) {
    if (array == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (JsonNode v : array) {
      b.append(b.length() == 0 ? "" : sep).append(v.asText());
    }
    return b.toString();
  }

  /** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled. */
  static String quoted(String cell) {
    if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0
        && cell.indexOf('\r') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }
}
