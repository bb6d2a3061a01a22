package org.medbeam.model.networks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DJL {@link Block} that mirrors one {@code torch.nn.Module} of MONAI: its child modules and
 * parameters carry MONAI's attribute names (so {@link NamedParameters#of} reproduces {@code
 * named_parameters()}), all parameter shapes are fixed by the constructor arguments, and {@link
 * #apply} computes the forward pass on arrays in MONAI's layout {@code (B, C, X, Y[, Z])} (the
 * spatial axes in the order of MONAI's {@code (B, C, H, W[, D])}).
 *
 * <p>Subclasses implement {@link #apply} and {@link #outputShapes}; the latter must pass every
 * child through {@link #trace}, which is how children are initialised with their true input shapes.
 *
 * <p>Memory: operations whose receiver is a parameter would attach their results to the parameter's
 * manager and outlive the step; use {@link #local} for every array derived from a parameter so it
 * belongs to the input's manager.
 */
public abstract class MonaiModule extends AbstractBlock {
  private static final byte VERSION = 1;

  private final Map<String, Block> modules = new LinkedHashMap<>();
  private final Map<String, Parameter> params = new LinkedHashMap<>();
  private final Map<String, Parameter> buffers = new LinkedHashMap<>();
  private InitContext initContext;

  protected MonaiModule() {
    super(VERSION);
  }

  /** Registers a child module under MONAI's attribute name ({@code "conv"}, {@code "0"}, ...). */
  protected final <B extends Block> B module(String name, B block) {
    if (modules.containsKey(name)) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": module name '" + name + "' registered twice");
    }
    modules.put(name, block);
    return addChildBlock(name, block);
  }

  /** Adds a trainable parameter with MONAI's name ({@code "weight"}, {@code "bias"}). */
  protected final Parameter parameter(
      String name, Parameter.Type type, Shape shape, Initializer initializer) {
    return addNamed(name, type, shape, initializer, true);
  }

  /** Adds a non-trainable buffer ({@code running_mean}, {@code running_var}). */
  protected final Parameter buffer(
      String name, Parameter.Type type, Shape shape, Initializer initializer) {
    return addNamed(name, type, shape, initializer, false);
  }

  private Parameter addNamed(
      String name, Parameter.Type type, Shape shape, Initializer init, boolean grad) {
    Parameter p =
        Parameter.builder()
            .setName(name)
            .setType(type)
            .optShape(shape)
            .optInitializer(init)
            .optRequiresGrad(grad)
            .build();
    if (params.containsKey(name) || buffers.containsKey(name)) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": parameter name '" + name + "' registered twice");
    }
    (grad ? params : buffers).put(name, addParameter(p));
    return p;
  }

  /** Child modules by MONAI name, in registration order. */
  public final Map<String, Block> modules() {
    return Collections.unmodifiableMap(modules);
  }

  /** This module's own parameters by MONAI name, in registration order. */
  public final Map<String, Parameter> namedDirectParameters() {
    return Collections.unmodifiableMap(params);
  }

  /** This module's own buffers (running statistics) by MONAI name, in registration order. */
  public final Map<String, Parameter> namedDirectBuffers() {
    return Collections.unmodifiableMap(buffers);
  }

  /**
   * The forward pass.
   *
   * @param ps where parameter values live (a Trainer's or Predictor's store)
   * @param x input {@code (B, C, X, Y[, Z])}
   * @param training train mode (batch statistics, dropout) as MONAI's {@code net.train()}
   */
  public abstract NDArray apply(ParameterStore ps, NDArray x, boolean training);

  /** Output shapes for the given input shapes; every child must go through {@link #trace}. */
  protected abstract Shape[] outputShapes(Shape[] inputShapes);

  /** Passes {@code input} through {@code child} in shape space (and initialises it). */
  protected final Shape trace(Block child, Shape... input) {
    if (initContext != null) {
      child.initialize(initContext.manager, initContext.dataType, input);
    }
    return child.getOutputShapes(input)[0];
  }

  /** Calls {@code child} on one array. */
  protected static NDArray call(Block child, ParameterStore ps, NDArray x, boolean training) {
    if (child instanceof MonaiModule) {
      return ((MonaiModule) child).apply(ps, x, training);
    }
    return child.forward(ps, new NDList(x), training).singletonOrThrow();
  }

  /** The value of {@code p} for a forward pass on {@code like}'s device. */
  protected static NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean training) {
    return ps.getValue(p, like.getDevice(), training);
  }

  /**
   * Closes the temporaries {@code arrays} now (as Python frees a tensor whose last reference goes),
   * except any that is identical to one of {@code keep} (an input, the result). Autograd keeps what
   * the backward pass needs on its own, so this is safe in training mode too, and it keeps the
   * working set of a forward pass close to PyTorch's.
   */
  protected static void release(NDArray[] arrays, NDArray... keep) {
    outer:
    for (NDArray a : arrays) {
      if (a == null) {
        continue;
      }
      for (NDArray k : keep) {
        if (a == k) {
          continue outer;
        }
      }
      a.close();
    }
  }

  /** {@link #release(NDArray[], NDArray...)} for one temporary. */
  protected static void release(NDArray a, NDArray... keep) {
    release(new NDArray[] {a}, keep);
  }

  /** Attaches {@code derived} (computed from a parameter) to {@code owner}'s manager. */
  protected static NDArray local(NDArray owner, NDArray derived) {
    derived.attach(owner.getManager());
    return derived;
  }

  @Override
  protected final NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(ps, inputs.singletonOrThrow(), training));
  }

  @Override
  public final Shape[] getOutputShapes(Shape[] inputShapes) {
    return outputShapes(inputShapes);
  }

  @Override
  protected final void initializeChildBlocks(
      NDManager manager, DataType dataType, Shape... inputShapes) {
    if (modules.isEmpty()) {
      return;
    }
    initContext = new InitContext(manager, dataType);
    try {
      outputShapes(inputShapes);
    } finally {
      initContext = null;
    }
    for (Map.Entry<String, Block> e : modules.entrySet()) {
      if (!e.getValue().isInitialized()) {
        throw new IllegalStateException(
            getClass().getSimpleName()
                + ": child '"
                + e.getKey()
                + "' was not reached by outputShapes(); every child must go through trace()");
      }
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + modules.keySet();
  }

  private static final class InitContext {
    final NDManager manager;
    final DataType dataType;

    InitContext(NDManager manager, DataType dataType) {
      this.manager = manager;
      this.dataType = dataType;
    }
  }
}
