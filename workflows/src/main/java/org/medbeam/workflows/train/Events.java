package org.medbeam.workflows.train;

/**
 * The engine events of MONAI's workflows (ignite's {@code Events}): a {@link Workflow} fires them
 * in this order — {@code STARTED}, then per epoch {@code EPOCH_STARTED}, per iteration {@code
 * ITERATION_STARTED} / {@code ITERATION_COMPLETED}, {@code EPOCH_COMPLETED}, and finally {@code
 * COMPLETED} (or {@code EXCEPTION_RAISED} when a step throws).
 */
public enum Events {
  STARTED,
  EPOCH_STARTED,
  ITERATION_STARTED,
  ITERATION_COMPLETED,
  EPOCH_COMPLETED,
  COMPLETED,
  EXCEPTION_RAISED
}
