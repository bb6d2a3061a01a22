package org.medbeam.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;
import org.medbeam.io.numpy.NumpyReader;
import org.medbeam.io.pil.PILReader;

class LoadImageTest {
  @TempDir Path tmp;

  @Test
  void picksTheReaderBySuffix() throws Exception {
    LoadImage load = LoadImage.create();
    assertTrue(load.readerFor(ImageSource.of(IoFixtures.path("rgb.png"))) instanceof PILReader);
    assertTrue(load.readerFor(ImageSource.of(IoFixtures.path("two.npz"))) instanceof NumpyReader);
    Volume v = load.apply(IoFixtures.path("int16_c_3d.npy").toString());
    IoFixtures.assertMatches("int16_c_3d.npy", v, 0);
    assertEquals(IoFixtures.path("int16_c_3d.npy").toString(), v.meta().getString(Metadata.FILENAME));
  }

  @Test
  void fallsBackToContentWhenTheSuffixSaysNothing() throws Exception {
    Path noSuffix = tmp.resolve("scan0001");
    Files.copy(IoFixtures.path("grey8.png"), noSuffix);
    Volume v = LoadImage.create().apply(noSuffix.toString());
    IoFixtures.assertMatches("grey8.png", v, 0);
    Path junk = Files.write(tmp.resolve("junk"), new byte[] {1, 2, 3});
    ImageReadException e =
        assertThrows(ImageReadException.class, () -> LoadImage.create().apply(junk.toString()));
    assertTrue(e.getMessage().contains("no reader recognises this file"), e.getMessage());
  }

  /** A reader that claims .npy files and marks what it read. */
  static final class MarkingReader implements ImageReader {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
      return "marking";
    }

    @Override
    public boolean verifySuffix(String fileName) {
      return fileName.endsWith(".npy");
    }

    @Override
    public Volume read(ImageSource source, ReadLimits limits) {
      return Volume.of(new float[] {42}, 1, 1).withMeta("marked", true);
    }
  }

  @Test
  void followsMonaisReaderPriority() throws Exception {
    String npy = IoFixtures.path("int16_c_3d.npy").toString();
    // registered readers come before the defaults
    LoadImage registered = LoadImage.create().register(new MarkingReader());
    assertEquals(true, registered.apply(npy).meta().get("marked"));
    // a reader named by the caller comes before registered ones
    Volume named = registered.withReader("NumpyReader").apply(npy);
    IoFixtures.assertMatches("int16_c_3d.npy", named, 0);
    // newest registration first
    ImageReader numpy = NumpyReader.create();
    assertSame(numpy, registered.register(numpy).readerFor(ImageSource.of(IoFixtures.path("int16_c_3d.npy"))));
  }

  @Test
  void dtypeConvertsAndUnknownReaderNamesAreListed() throws Exception {
    Volume f = LoadImage.create().withDtype(DType.FLOAT32).apply(IoFixtures.path("int16_c_3d.npy").toString());
    assertEquals(DType.FLOAT32, f.dtype());
    IoFixtures.assertMatches("int16_c_3d.npy", f.astype(DType.INT16), 0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LoadImage.create().withReader("itk2"));
    assertTrue(e.getMessage().contains("known: ["), e.getMessage());
  }

  @Test
  void missingFileIsAnIoErrorNamingIt() {
    Exception e =
        assertThrows(Exception.class, () -> LoadImage.create().apply(tmp.resolve("nope.npy").toString()));
    assertTrue(e.getMessage().contains("nope.npy"), e.getMessage());
  }

  @Test
  void identityAffineForFormatsWithoutOne() throws Exception {
    assertEquals(Affine.identity(), LoadImage.create().apply(IoFixtures.path("rgb.bmp").toString()).affine());
  }
}
