package org.medbeam.model;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import ai.djl.nn.convolutional.Conv3d;
import java.nio.file.Path;
import java.util.Map;

/** A DJL-native test network: one 1×1×1 Conv3d, 1 → 2 channels (weights come from .params). */
public final class Conv1x1BlockFactory implements BlockFactory {
  private static final long serialVersionUID = 1L;

  public static Block block() {
    return Conv3d.builder().setKernelShape(new Shape(1, 1, 1)).setFilters(2).build();
  }

  @Override
  public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
    return block();
  }
}
