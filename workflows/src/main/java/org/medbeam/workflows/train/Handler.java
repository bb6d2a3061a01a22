package org.medbeam.workflows.train;

/**
 * A MONAI event handler: {@link #attach} registers its callbacks on a workflow's {@link Events}
 * (MONAI's {@code handler.attach(engine)}).
 */
@FunctionalInterface
public interface Handler {
  void attach(Workflow engine);
}
