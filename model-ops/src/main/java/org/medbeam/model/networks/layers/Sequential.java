package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.medbeam.model.networks.MonaiModule;

/**
 * {@code torch.nn.Sequential}: children applied in order. Children added with {@link #add(Block)}
 * are named {@code "0"}, {@code "1"}, ... as PyTorch numbers them; {@link #add(String, Block)}
 * gives an {@code OrderedDict}-style name.
 */
public class Sequential extends MonaiModule {
  private final List<Block> order = new ArrayList<>();

  public Sequential() {}

  /** A sequential of the given children, named "0", "1", ... */
  public Sequential(Block... children) {
    for (Block b : children) {
      add(b);
    }
  }

  /** Appends {@code child} named by its position. */
  public final Sequential add(Block child) {
    return add(Integer.toString(order.size()), child);
  }

  /** Appends {@code child} under {@code name}. */
  public final Sequential add(String name, Block child) {
    module(name, child);
    order.add(child);
    return this;
  }

  public final int size() {
    return order.size();
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    NDArray y = x;
    for (Block b : order) {
      NDArray next = call(b, ps, y, training);
      release(y, x, next);
      y = next;
    }
    return y;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Shape s = in[0];
    for (Block b : order) {
      s = trace(b, s);
    }
    return new Shape[] {s};
  }
}
