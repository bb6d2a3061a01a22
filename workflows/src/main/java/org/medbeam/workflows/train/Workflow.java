package org.medbeam.workflows.train;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.medbeam.model.networks.MonaiModule;

/**
 * The event engine under MONAI's {@code SupervisedTrainer} and {@code SupervisedEvaluator} (an
 * ignite {@code Engine}): callbacks registered per {@link Events} run in registration order when
 * the event fires; {@link #terminate()} ends the run after the current iteration (ignite's {@code
 * engine.terminate()}).
 */
public abstract class Workflow {
  protected final EngineState state = new EngineState();
  private final Map<Events, List<Consumer<Workflow>>> listeners = new EnumMap<>(Events.class);
  private volatile boolean terminate;

  /** Registers {@code callback} for {@code event}. */
  public final void addEventHandler(Events event, Consumer<Workflow> callback) {
    listeners.computeIfAbsent(event, e -> new ArrayList<>()).add(callback);
  }

  /** Attaches handlers in order. */
  public final void attach(Handler... handlers) {
    for (Handler h : handlers) {
      h.attach(this);
    }
  }

  /** Fires {@code event}: every callback registered for it, in order. */
  protected final void fire(Events event) {
    List<Consumer<Workflow>> l = listeners.get(event);
    if (l != null) {
      for (Consumer<Workflow> c : List.copyOf(l)) {
        c.accept(this);
      }
    }
  }

  public final EngineState state() {
    return state;
  }

  /** Asks the run to stop after the current iteration. */
  public final void terminate() {
    terminate = true;
  }

  /** True once {@link #terminate()} was called (cleared when a run starts). */
  public final boolean shouldTerminate() {
    return terminate;
  }

  protected final void clearTerminate() {
    terminate = false;
  }

  /** The network this workflow trains or evaluates. */
  public abstract MonaiModule network();

  /** The network's MONAI Bundle-style config ({@code _target_} and arguments), for checkpoints. */
  public abstract Map<String, Object> networkConfig();
}
