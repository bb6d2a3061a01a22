package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.medbeam.model.networks.MonaiModule;

/**
 * {@code torch.nn.ModuleList}: children named {@code "0"}, {@code "1"}, ... that the owning network
 * calls itself; like PyTorch's, it has no forward pass of its own.
 */
public final class ModuleList extends MonaiModule {
  private final List<Block> items = new ArrayList<>();

  public ModuleList add(Block child) {
    module(Integer.toString(items.size()), child);
    items.add(child);
    return this;
  }

  public Block get(int i) {
    return items.get(i);
  }

  public int size() {
    return items.size();
  }

  public List<Block> items() {
    return Collections.unmodifiableList(items);
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    throw new UnsupportedOperationException("a ModuleList has no forward pass; call its items");
  }

  /** Not called by owners (they trace the items); reports the input unchanged. */
  @Override
  protected Shape[] outputShapes(Shape[] in) {
    return in;
  }

  /** Initialised when every item is (owners initialise the items with their true shapes). */
  @Override
  public boolean isInitialized() {
    for (Block b : items) {
      if (!b.isInitialized()) {
        return false;
      }
    }
    return true;
  }

  @Override
  protected void saveMetadata(DataOutputStream os) {
    // no input shapes of its own
  }

  @Override
  protected void loadMetadata(byte loadVersion, DataInputStream is) {
    // nothing saved
  }
}
