package org.medbeam.workflows.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;
import org.medbeam.io.dicom.DicomSeriesWriter;
import org.medbeam.workflows.demo.SyntheticCt;

class OutputNamesTest {
  @TempDir Path tmp;

  @Test
  void tagValuesCannotNameAPathOutsideTheFolder() {
    String n = OutputNames.forSeries("1.2.3", Metadata.of(
        "PatientID", "../../root", "SeriesNumber", "7", "SeriesDescription", "/etc/passwd\u0000x"));
    assertFalse(n.contains("/") || n.contains("\\") || n.startsWith(".") || n.contains("\u0000"), n);
    assertEquals("root_7_etc_passwd_x_" + org.medbeam.workflows.Hashing.sha256("1.2.3").substring(0, 8), n);
    String dots = OutputNames.forSeries("id", Metadata.of("SeriesDescription", "...."));
    assertTrue(dots.startsWith("series_"), dots);
    String fromFile = OutputNames.forSeries("/data/ct.nii.gz", Metadata.of(Metadata.FILENAME, "/data/ct.nii.gz"));
    assertTrue(fromFile.startsWith("ct_"), fromFile);
    String longName = OutputNames.forSeries("x", Metadata.of("SeriesDescription", "a".repeat(500)));
    assertTrue(longName.length() <= 96 + 9, longName);
  }

  @Test
  void hostileTagsEndToEndStayInsideTheOutput() throws Exception {
    Volume ct = SyntheticCt.generate(5, 0, 32).image;
    Path dicom = tmp.resolve("in/dicom");
    DicomSeriesWriter.create().withModality("CT").withPatientId("../../../../tmp/pwn")
        .withSeriesDescription("../../../../etc/cron.d/x").withUidSeed("hostile")
        .write(ct, dicom.resolve("s"));
    Path out = tmp.resolve("out");
    InferJob.Summary s = InferJobTest.run("--input=" + dicom, "--output=" + out);
    assertEquals(1, s.written, s.line());
    List<Path> files;
    try (Stream<Path> w = Files.walk(tmp)) {
      files = w.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".nii.gz")).toList();
    }
    assertEquals(1, files.size(), files.toString());
    assertTrue(files.get(0).startsWith(out.resolve("masks")), files.get(0).toString());
  }
}
