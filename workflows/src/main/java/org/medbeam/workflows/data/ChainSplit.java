package org.medbeam.workflows.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.medbeam.core.Sample;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.RandomizableTrait;
import org.medbeam.transforms.TransformContext;
import org.medbeam.transforms.config.ChainConfig;
import org.medbeam.workflows.Hashing;

/**
 * A transform chain split where MONAI's caching datasets split it: the deterministic prefix
 * (items before the first {@link RandomizableTrait random} one, run once and cached) and the
 * random suffix (run every epoch). Both halves run through {@link Compose#applyAll(Sample,
 * TransformContext, int, int)}, so every item draws exactly as in the whole chain: the
 * suffix's draws depend on (seed, sample id, position in the whole chain, epoch) only.
 *
 * <p>The {@link #prefixFingerprint() fingerprint} names the prefix in cache keys: the SHA-256 of
 * the prefix's config in canonical JSON (sorted keys) when the chain came from a config, else of
 * the prefix's Java serialization (stable within one medbeam version).
 */
public final class ChainSplit implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Compose chain;
  private final int split;
  private final String prefixFingerprint;

  private ChainSplit(Compose chain, int split, String prefixFingerprint) {
    this.chain = chain;
    this.split = split;
    this.prefixFingerprint = prefixFingerprint;
  }

  /** Splits {@code chain}; the prefix is fingerprinted by its Java serialization. */
  public static ChainSplit of(Compose chain) {
    int k = splitIndex(chain);
    return new ChainSplit(chain, k, serializedFingerprint(chain, k));
  }

  /**
   * Splits the chain a config node describes (a list of specs or a {@code Compose} spec); the
   * prefix is fingerprinted by its canonical JSON and the lazy flag.
   */
  public static ChainSplit fromConfig(Object node, String where) {
    Compose chain = ChainConfig.toCompose(node == null ? List.of() : node, where);
    int k = splitIndex(chain);
    List<?> items;
    if (node instanceof List) {
      items = (List<?>) node;
    } else if (node instanceof Map && ((Map<?, ?>) node).get("transforms") instanceof List) {
      items = (List<?>) ((Map<?, ?>) node).get("transforms");
    } else if (node == null) {
      items = List.of();
    } else {
      items = List.of(node);
    }
    try {
      ObjectMapper m = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS,
          true);
      String canonical = m.writeValueAsString(Map.of("lazy", chain.lazy(),
          "prefix", items.subList(0, Math.min(k, items.size()))));
      return new ChainSplit(chain, k, Hashing.sha256("config:" + canonical));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int splitIndex(Compose chain) {
    int k = chain.getIndexOfFirst(RandomizableTrait::isRandom);
    return k < 0 ? chain.transforms().size() : k;
  }

  private static String serializedFingerprint(Compose chain, int k) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeBoolean(chain.lazy());
      for (Object t : chain.transforms().subList(0, k)) {
        out.writeObject(t);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("the chain's deterministic prefix is not serializable ("
          + e.getMessage() + "); build it from a config or make its transforms Serializable", e);
    }
    return Hashing.sha256(bytes.toByteArray());
  }

  /** The whole chain. */
  public Compose chain() {
    return chain;
  }

  /** Index of the first random item (the chain's length when none is). */
  public int splitIndex() {
    return split;
  }

  /** True when the chain has a random suffix. */
  public boolean hasRandomSuffix() {
    return split < chain.transforms().size();
  }

  public String prefixFingerprint() {
    return prefixFingerprint;
  }

  /** Runs the deterministic prefix (epoch-independent; multi-sample items may fan out). */
  public List<Sample> applyPrefix(Sample sample, TransformContext context) {
    return chain.applyAll(sample, context, 0, split);
  }

  /** Runs the random suffix on a cached sample, drawing for {@code context}'s epoch. */
  public List<Sample> applySuffix(Sample sample, TransformContext context) {
    return chain.applyAll(sample, context, split, chain.transforms().size());
  }

  /** The prefix as a chain of its own (for Beam: {@code MedicalTransforms.apply(prefix())}). */
  public Compose prefix() {
    return Compose.of(chain.transforms().subList(0, split)).withLazy(chain.lazy());
  }

  @Override
  public String toString() {
    return "ChainSplit(prefix " + split + " of " + chain.transforms().size() + " items)";
  }
}
