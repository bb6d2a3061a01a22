package org.medbeam.workflows.train;

import ai.djl.training.optimizer.Optimizer;
import java.util.Map;
import org.medbeam.model.optimizers.LrSchedule;
import org.medbeam.model.optimizers.Novograd;
import org.medbeam.model.optimizers.PolynomialLR;
import org.medbeam.model.optimizers.WarmupCosineSchedule;
import org.medbeam.transforms.config.ConfigArgs;

/**
 * Optimizers and learning-rate schedules from MONAI Bundle-style configs.
 *
 * <ul>
 *   <li>optimizers: {@code {"_target_": "Adam", "lr": 1e-3, "weight_decay": 0, "betas": [0.9,
 *       0.999], "eps": 1e-8}} (DJL's Adam), {@code "SGD"} ({@code lr}, {@code momentum}, {@code
 *       weight_decay}), {@code "Novograd"} (MONAI's: {@code lr}, {@code betas}, {@code eps},
 *       {@code weight_decay}, {@code grad_averaging}, {@code amsgrad}); a {@code torch.optim.} or
 *       {@code monai.optimizers.} prefix is accepted;
 *   <li>schedules: {@code {"_target_": "WarmupCosineSchedule", "warmup_steps": 5, "t_total": 100}}
 *       (MONAI's), {@code "PolynomialLR"} ({@code total_iters}, {@code power}), {@code
 *       "StepLR"} ({@code step_size}, {@code gamma}), {@code "ConstantLR"}; plus {@code
 *       "epoch_level"} (default true: step per epoch, as MONAI's {@code LrScheduleHandler}).
 * </ul>
 */
public final class Optimizers {
  private Optimizers() {}

  /** The optimizer a config describes, reading its rate from {@code lr}. */
  public static Optimizer create(Map<String, ?> config, LearningRate lr) {
    String t = target(config, "optimizer");
    ConfigArgs a = new ConfigArgs(t, config);
    a.getDouble("lr", lr.base());
    Optimizer o;
    switch (strip(t)) {
      case "Adam": {
        double[] betas = a.getDoubles("betas", new double[] {0.9, 0.999});
        o = Optimizer.adam().optLearningRateTracker(lr).optBeta1((float) betas[0])
            .optBeta2((float) betas[1]).optEpsilon((float) a.getDouble("eps", 1e-8))
            .optWeightDecays((float) a.getDouble("weight_decay", 0)).build();
        break;
      }
      case "SGD":
        o = Optimizer.sgd().setLearningRateTracker(lr)
            .optMomentum((float) a.getDouble("momentum", 0))
            .optWeightDecays((float) a.getDouble("weight_decay", 0)).build();
        break;
      case "Novograd": {
        double[] betas = a.getDoubles("betas", new double[] {0.9, 0.98});
        o = Novograd.builder().setLearningRateTracker(lr).betas(betas[0], betas[1])
            .eps(a.getDouble("eps", 1e-8)).weightDecay(a.getDouble("weight_decay", 0))
            .gradAveraging(a.getBoolean("grad_averaging", false))
            .amsgrad(a.getBoolean("amsgrad", false)).build();
        break;
      }
      default:
        throw new IllegalArgumentException("unknown optimizer '" + t
            + "'; available: Adam, SGD, Novograd");
    }
    a.checkAllUsed();
    return o;
  }

  /** The base learning rate of an optimizer config ({@code lr}, default 1e-3). */
  public static double learningRate(Map<String, ?> config) {
    Object lr = config.get("lr");
    if (lr == null) {
      return 1e-3;
    }
    if (!(lr instanceof Number)) {
      throw new IllegalArgumentException("optimizer: lr must be a number, got " + lr);
    }
    return ((Number) lr).doubleValue();
  }

  /** The schedule a config describes ({@code epoch_level} is read by the caller). */
  public static LrSchedule schedule(Map<String, ?> config) {
    String t = target(config, "lr_scheduler");
    ConfigArgs a = new ConfigArgs(t, config);
    a.getBoolean("epoch_level", true);
    LrSchedule s;
    switch (strip(t)) {
      case "WarmupCosineSchedule":
        s = new WarmupCosineSchedule(a.requireInt("warmup_steps"), a.requireInt("t_total"),
            a.getDouble("end_lr", 0), a.getDouble("cycles", 0.5),
            a.getDouble("warmup_multiplier", 0));
        break;
      case "PolynomialLR":
        s = new PolynomialLR(a.getInt("total_iters", 5), a.getDouble("power", 1.0));
        break;
      case "StepLR": {
        int stepSize = a.requireInt("step_size");
        if (stepSize < 1) {
          throw a.error("step_size", "must be >= 1, got " + stepSize);
        }
        double gamma = a.getDouble("gamma", 0.1);
        s = (base, step) -> base * Math.pow(gamma, step / stepSize);
        break;
      }
      case "ConstantLR":
        s = LrSchedule.constant();
        break;
      default:
        throw new IllegalArgumentException("unknown lr_scheduler '" + t
            + "'; available: WarmupCosineSchedule, PolynomialLR, StepLR, ConstantLR");
    }
    a.checkAllUsed();
    return s;
  }

  private static String target(Map<String, ?> config, String what) {
    Object t = config.get("_target_");
    if (!(t instanceof String)) {
      throw new IllegalArgumentException(what + " config needs a string _target_, got " + t);
    }
    return (String) t;
  }

  private static String strip(String t) {
    for (String p : new String[] {"torch.optim.lr_scheduler.", "torch.optim.",
        "monai.optimizers.lr_scheduler.", "monai.optimizers."}) {
      if (t.startsWith(p)) {
        return t.substring(p.length());
      }
    }
    return t;
  }
}
