package org.medbeam.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.config.ChainConfig;

/**
 * Which transforms are random: MONAI names every random transform {@code Rand…} (plus {@code
 * OneOf}, which picks one of its items at random), and every such class here must carry {@link
 * RandomizableTrait} — and no other class may — or a caching dataset would freeze random draws
 * into its cache (or recompute deterministic work every epoch).
 */
class RandomizableTraitTest {
  /** Every concrete transform class compiled into this module. */
  static List<Class<?>> transformClasses() throws IOException, URISyntaxException {
    Path root = Path.of(Compose.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String rel = root.relativize(f).toString().replace('\\', '/');
        if (!rel.endsWith(".class") || rel.contains("$")) {
          continue;
        }
        Class<?> c;
        try {
          c = Class.forName(rel.substring(0, rel.length() - 6).replace('/', '.'));
        } catch (ClassNotFoundException | LinkageError e) {
          throw new AssertionError(rel, e);
        }
        boolean transform = MapTransform.class.isAssignableFrom(c)
            || Transform.class.isAssignableFrom(c)
            || RandomizableTransform.class.isAssignableFrom(c);
        if (transform && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
          out.add(c);
        }
      }
    }
    return out;
  }

  @Test
  void everyRandomTransformCarriesTheTraitAndNoOtherDoes() throws Exception {
    List<Class<?>> classes = transformClasses();
    assertTrue(classes.size() > 100, "found " + classes.size() + " transform classes");
    List<String> wrong = new ArrayList<>();
    int random = 0;
    for (Class<?> c : classes) {
      String n = c.getSimpleName();
      boolean named = n.startsWith("Rand") || n.equals("OneOf");
      boolean marked = RandomizableTrait.class.isAssignableFrom(c);
      random += marked ? 1 : 0;
      if (named != marked) {
        wrong.add(c.getName() + (marked ? " is marked but not named Rand…" : " lacks the mark"));
      }
    }
    assertEquals(List.of(), wrong);
    assertTrue(random >= 30, random + " random transforms");
  }

  @Test
  void splitAtTheFirstRandomTransformKeepsEveryDraw() {
    Compose chain = ChainConfig.fromText("["
        + "{\"_target_\": \"ScaleIntensityd\", \"keys\": \"image\"},"
        + "{\"_target_\": \"Compose\", \"transforms\": ["
        + "  {\"_target_\": \"RandGaussianNoised\", \"keys\": \"image\", \"prob\": 1.0}]},"
        + "{\"_target_\": \"RandFlipd\", \"keys\": \"image\", \"prob\": 0.5, \"spatial_axis\": 0}"
        + "]");
    assertFalse(RandomizableTrait.isRandom(chain.transforms().get(0)));
    assertTrue(RandomizableTrait.isRandom(chain.transforms().get(1)), "a Compose holding one");
    int k = chain.getIndexOfFirst(RandomizableTrait::isRandom);
    assertEquals(1, k);
    assertEquals(-1, chain.getIndexOfFirst(t -> false));

    float[] v = new float[4 * 3 * 2];
    for (int i = 0; i < v.length; i++) {
      v[i] = i * 0.5f;
    }
    Sample s = Sample.of("case-1", "image", Volume.of(v, 1, 4, 3, 2));
    TransformContext ctx = TransformContext.of(7).withEpoch(3);
    Sample whole = chain.apply(s, ctx);
    Sample prefix = chain.applyAll(s, ctx, 0, k).get(0);
    Sample split = chain.applyAll(prefix, ctx, k, chain.transforms().size()).get(0);
    assertEquals(whole, split, "prefix then suffix draws as the whole chain does");
    Sample otherEpoch = chain.apply(s, TransformContext.of(7).withEpoch(4));
    assertFalse(whole.equals(otherEpoch), "another epoch draws anew");
  }

  @Test
  void rangeIsChecked() {
    Compose c = Compose.of();
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> c.applyAll(Sample.of("x"), TransformContext.of(0),
            0, 1));
    assertEquals("Compose range [0, 1) must lie within [0, 0]", e.getMessage());
  }
}
