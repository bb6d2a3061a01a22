package org.medbeam.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Failure;
import org.medbeam.core.Metadata;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.io.numpy.NumpyWriter;

public class MedicalImageIOTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  /** Three good .npy files and one corrupt one. */
  private Path archive() throws IOException {
    Path dir = tmp.newFolder("in").toPath();
    for (int i = 0; i < 3; i++) {
      short[] d = new short[24];
      for (int j = 0; j < d.length; j++) {
        d[j] = (short) (i * 100 + j);
      }
      Volume v = Volume.wrap(d, DType.INT16, new int[] {1, 4, 3, 2}, Affine.identity());
      try (var out = Files.newOutputStream(dir.resolve("case" + i + ".npy"))) {
        NumpyWriter.create().write(v, "case" + i + ".npy", out);
      }
    }
    Files.write(dir.resolve("broken.npy"), new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 9});
    return dir;
  }

  static List<String> ids(Iterable<Sample> samples) {
    List<String> l = new ArrayList<>();
    samples.forEach(s -> l.add(s.id()));
    return l;
  }

  @Test
  public void readsGoodFilesAndReportsBadOnesOnDirectRunner() throws Exception {
    String dir = archive().toString();
    String broken = dir + "/broken.npy";
    WithFailures.Result<PCollection<Sample>, Failure> r =
        p.apply(MedicalImageIO.read().from(dir + "/*.npy"));
    PAssert.that(r.output())
        .satisfies(
            samples -> {
              List<String> ids = ids(samples);
              assertEquals(3, ids.size());
              for (Sample s : samples) {
                Volume v = s.volume("image");
                assertEquals(DType.INT16, v.dtype());
                assertEquals(s.id(), v.meta().getString(Metadata.FILENAME));
                int i = Integer.parseInt(s.id().replaceAll(".*case(\\d)\\.npy", "$1"));
                assertEquals(i * 100 + 5, (int) v.getDouble(5));
              }
              return null;
            });
    PAssert.that(r.failures())
        .satisfies(
            fs -> {
              Failure f = fs.iterator().next();
              assertEquals(broken, f.source());
              assertEquals("read", f.stage());
              assertEquals("ImageReadException", f.errorClass());
              assertTrue(f.message(), f.message().contains("broken.npy"));
              return null;
            });
    PAssert.thatSingleton(r.failures().apply(Count.globally())).isEqualTo(1L);
    p.run().waitUntilFinish();
  }

  @Test
  public void writeNamesOutputsAndReportsFailures() throws Exception {
    Path dir = archive();
    Path out = tmp.newFolder("out").toPath();
    WithFailures.Result<PCollection<Sample>, Failure> r =
        p.apply(MedicalImageIO.read().from(dir + "/case*.npy").withKey("img"));
    PCollection<Sample> withBad =
        r.output().apply(
            "DropKeyOfCase2",
            MapElements.into(org.apache.beam.sdk.values.TypeDescriptor.of(Sample.class))
                .via(s -> s.id().endsWith("case2.npy") ? s.without("img") : s));
    WithFailures.Result<PCollection<String>, Failure> w =
        withBad.apply(
            MedicalImageIO.write().to(out.toString()).withKey("img").withOutputPostfix("copy")
                .withOutputExt(".npy"));
    PAssert.that(w.output())
        .containsInAnyOrder(out + "/case0/case0_copy.npy", out + "/case1/case1_copy.npy");
    PAssert.that(
            w.failures().apply("Stages", MapElements.into(TypeDescriptors.strings()).via(Failure::stage)))
        .containsInAnyOrder("write");
    p.run().waitUntilFinish();
    Volume back = LoadImage.create().apply(out + "/case1/case1_copy.npy");
    assertEquals(105, (int) back.getDouble(5));
  }

  @Test
  public void sameReadOnFlinkMiniCluster() throws Exception {
    Path dir = archive();
    Path out = tmp.newFolder("flink").toPath();
    FlinkPipelineOptions o = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    o.setRunner(FlinkRunner.class);
    o.setFlinkMaster("[local]");
    o.setParallelism(2);
    Pipeline flink = Pipeline.create(o);
    WithFailures.Result<PCollection<Sample>, Failure> r =
        flink.apply(MedicalImageIO.read().from(dir + "/*.npy"));
    r.output().apply(MedicalImageIO.write().to(out.toString()).withOutputExt(".npy").withSeparateFolder(false));
    r.failures()
        .apply(MapElements.into(TypeDescriptors.strings()).via(Failure::toJson))
        .apply(org.apache.beam.sdk.io.TextIO.write().to(out + "/failures").withSuffix(".jsonl").withoutSharding());
    flink.run().waitUntilFinish();
    for (int i = 0; i < 3; i++) {
      Volume v = LoadImage.create().apply(out + "/case" + i + "_trans.npy");
      assertEquals(i * 100 + 23, (int) v.getDouble(23));
    }
    String failures = Files.readString(out.resolve("failures.jsonl"));
    assertTrue(failures, failures.contains("broken.npy") && failures.contains("\"stage\":\"read\""));
  }
}
