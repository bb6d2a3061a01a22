package org.medbeam.model.losses;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.medbeam.transforms.config.ConfigArgs;

/**
 * Losses from MONAI Bundle-style configs ({@code {"_target_": "DiceCELoss", "to_onehot_y": true,
 * "softmax": true}}): {@code DiceLoss}, {@code MaskedDiceLoss}, {@code GeneralizedDiceLoss}, {@code
 * TverskyLoss}, {@code FocalLoss}, {@code DiceCELoss}, {@code DiceFocalLoss}, with MONAI's argument
 * names. {@code other_act} may be {@code "tanh"}, {@code "sigmoid"} or {@code "relu"} (a {@code
 * torch.} prefix is accepted). Unknown arguments are errors.
 */
public final class Losses {
  private Losses() {}

  /** The loss a config with {@code _target_} describes. */
  public static MonaiLoss create(Map<String, ?> config) {
    Object target = config.get("_target_");
    if (!(target instanceof String)) {
      throw new IllegalArgumentException("loss config needs a string _target_, got " + target);
    }
    return create((String) target, config);
  }

  /** {@code target} built from MONAI keyword arguments. */
  public static MonaiLoss create(String target, Map<String, ?> kwargs) {
    String t = target.startsWith("monai.losses.") ? target.substring(13) : target;
    ConfigArgs a = new ConfigArgs(t, kwargs);
    MonaiLoss loss;
    switch (t) {
      case "DiceLoss":
      case "Dice":
      case "dice":
        loss = dice(a, DiceLoss.builder()).build();
        break;
      case "MaskedDiceLoss":
        loss = dice(a, DiceLoss.builder()).buildMasked();
        break;
      case "GeneralizedDiceLoss":
      case "generalized_dice":
        loss =
            common(a, GeneralizedDiceLoss.builder())
                .wType(a.getChoice("w_type", "square", "square", "simple", "uniform"))
                .build();
        break;
      case "TverskyLoss":
        loss =
            common(a, TverskyLoss.builder())
                .alpha(a.getDouble("alpha", 0.5))
                .beta(a.getDouble("beta", 0.5))
                .build();
        break;
      case "FocalLoss":
        loss =
            FocalLoss.builder()
                .includeBackground(a.getBoolean("include_background", true))
                .toOnehotY(a.getBoolean("to_onehot_y", false))
                .gamma(a.getDouble("gamma", 2.0))
                .alpha(a.has("alpha") ? a.getDouble("alpha", 0) : null)
                .weight(weights(a))
                .reduction(a.getString("reduction", "mean"))
                .useSoftmax(a.getBoolean("use_softmax", false))
                .build();
        break;
      case "DiceCELoss":
        loss =
            dice(a, DiceCELoss.builder())
                .lambdaDice(a.getDouble("lambda_dice", 1.0))
                .lambdaCe(a.getDouble("lambda_ce", 1.0))
                .labelSmoothing(a.getDouble("label_smoothing", 0.0))
                .build();
        break;
      case "DiceFocalLoss":
        loss =
            dice(a, DiceFocalLoss.builder())
                .gamma(a.getDouble("gamma", 2.0))
                .lambdaDice(a.getDouble("lambda_dice", 1.0))
                .lambdaFocal(a.getDouble("lambda_focal", 1.0))
                .alpha(a.has("alpha") ? a.getDouble("alpha", 0) : null)
                .build();
        break;
      default:
        throw new IllegalArgumentException(
            "unknown loss '"
                + target
                + "'; available: DiceLoss, MaskedDiceLoss, GeneralizedDiceLoss, TverskyLoss,"
                + " FocalLoss, DiceCELoss, DiceFocalLoss");
    }
    a.checkAllUsed();
    return loss;
  }

  private static <B extends LossOptions<B>> B common(ConfigArgs a, B b) {
    b.includeBackground(a.getBoolean("include_background", true))
        .toOnehotY(a.getBoolean("to_onehot_y", false))
        .sigmoid(a.getBoolean("sigmoid", false))
        .softmax(a.getBoolean("softmax", false))
        .reduction(a.getString("reduction", "mean"))
        .smoothNr(a.getDouble("smooth_nr", 1e-5))
        .smoothDr(a.getDouble("smooth_dr", 1e-5))
        .batch(a.getBoolean("batch", false));
    if (a.has("other_act")) {
      b.otherAct(activation(a, a.getString("other_act", null)));
    }
    return b;
  }

  private static <B extends DiceOptions<B>> B dice(ConfigArgs a, B b) {
    common(a, b)
        .squaredPred(a.getBoolean("squared_pred", false))
        .jaccard(a.getBoolean("jaccard", false))
        .weight(weights(a));
    return b;
  }

  private static float[] weights(ConfigArgs a) {
    double[] w = a.getDoubles("weight", null);
    if (w == null) {
      return null;
    }
    float[] f = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      f[i] = (float) w[i];
    }
    return f;
  }

  private static UnaryOperator<NDArray> activation(ConfigArgs a, String name) {
    String n = name.startsWith("torch.") ? name.substring(6) : name;
    switch (n) {
      case "tanh":
        return x -> x.getNDArrayInternal().tanh();
      case "sigmoid":
        return x -> x.getNDArrayInternal().sigmoid();
      case "relu":
        return x -> x.getNDArrayInternal().relu();
      default:
        throw a.error("other_act", "must be tanh, sigmoid or relu, got '" + name + "'");
    }
  }
}
