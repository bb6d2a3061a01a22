package org.medbeam.model.networks;

import java.util.List;
import java.util.Map;
import org.medbeam.model.networks.layers.LayerSpec;
import org.medbeam.model.networks.nets.BasicUNet;
import org.medbeam.model.networks.nets.DenseNet;
import org.medbeam.model.networks.nets.DynUNet;
import org.medbeam.model.networks.nets.SegResNet;
import org.medbeam.model.networks.nets.UNet;
import org.medbeam.transforms.config.ConfigArgs;

/**
 * Networks from MONAI Bundle-style configs: {@code {"_target_": "UNet", "spatial_dims": 3,
 * "in_channels": 1, "out_channels": 2, "channels": [16, 32, 64, 128, 256], "strides": [2, 2, 2, 2],
 * "num_res_units": 2}}. Targets: {@code UNet}, {@code BasicUNet}, {@code SegResNet}, {@code
 * DynUNet}, {@code DenseNet}, {@code DenseNet121} (MONAI's aliases and a {@code
 * monai.networks.nets.} prefix accepted). Arguments use MONAI's names (camelCase accepted); {@code
 * act}/{@code norm} are a name or {@code [name, {args}]}. An unknown argument is an error.
 */
public final class Networks {
  private Networks() {}

  /** Builds the network a config with {@code _target_} describes. */
  public static MonaiModule create(Map<String, ?> config) {
    Object target = config.get("_target_");
    if (!(target instanceof String)) {
      throw new IllegalArgumentException(
          "network config needs a string _target_ (e.g. \"UNet\"), got " + target);
    }
    return create((String) target, config);
  }

  /** Builds {@code target} from keyword arguments. */
  public static MonaiModule create(String target, Map<String, ?> kwargs) {
    String t = target.startsWith("monai.networks.nets.") ? target.substring(20) : target;
    ConfigArgs a = new ConfigArgs(t, kwargs);
    MonaiModule net;
    switch (t) {
      case "UNet":
      case "Unet":
      case "unet":
        net = unet(a);
        break;
      case "BasicUNet":
      case "BasicUnet":
      case "Basicunet":
      case "basicunet":
        net = basicUNet(a);
        break;
      case "SegResNet":
        net = segResNet(a);
        break;
      case "DynUNet":
      case "DynUnet":
      case "Dynunet":
        net = dynUNet(a);
        break;
      case "DenseNet":
      case "Densenet":
        net = denseNet(a, DenseNet.builder(dims(a), a.requireInt("in_channels"), out(a)));
        break;
      case "DenseNet121":
      case "Densenet121":
      case "densenet121":
        if (a.getBoolean("pretrained", false)) {
          throw a.error("pretrained", "is not supported (no downloads); load weights instead");
        }
        a.getBoolean("progress", true);
        net = denseNet(a, DenseNet.densenet121(dims(a), a.requireInt("in_channels"), out(a)));
        break;
      default:
        throw new IllegalArgumentException(
            "unknown network '"
                + target
                + "'; available: UNet, BasicUNet, SegResNet, DynUNet, DenseNet, DenseNet121");
    }
    a.checkAllUsed();
    return net;
  }

  private static int dims(ConfigArgs a) {
    return a.requireInt("spatial_dims");
  }

  private static int out(ConfigArgs a) {
    return a.requireInt("out_channels");
  }

  private static LayerSpec spec(ConfigArgs a, String name, LayerSpec dflt) {
    if (!a.has(name)) {
      a.raw(name);
      return dflt;
    }
    try {
      return LayerSpec.parse(a.raw(name));
    } catch (IllegalArgumentException e) {
      throw a.error(name, e.getMessage());
    }
  }

  private static UNet unet(ConfigArgs a) {
    UNet.Builder b =
        UNet.builder(
            dims(a),
            a.requireInt("in_channels"),
            out(a),
            a.requireInts("channels"),
            a.requireInts("strides"));
    if (a.has("kernel_size")) {
      b.kernelSize(a.getInts("kernel_size", null));
    }
    if (a.has("up_kernel_size")) {
      b.upKernelSize(a.getInts("up_kernel_size", null));
    }
    b.numResUnits(a.getInt("num_res_units", 0));
    b.act(spec(a, "act", LayerSpec.of("prelu")));
    b.norm(spec(a, "norm", LayerSpec.of("instance")));
    b.dropout(a.getDouble("dropout", 0.0));
    b.bias(a.getBoolean("bias", true));
    b.adnOrdering(a.getString("adn_ordering", "NDA"));
    return b.build();
  }

  private static BasicUNet basicUNet(ConfigArgs a) {
    BasicUNet.Builder b = BasicUNet.builder();
    b.spatialDims(a.getInt("spatial_dims", 3));
    b.inChannels(a.getInt("in_channels", 1));
    b.outChannels(a.getInt("out_channels", 2));
    if (a.has("features")) {
      b.features(a.getInts("features", null));
    }
    if (a.has("act")) {
      b.act(spec(a, "act", null));
    }
    if (a.has("norm")) {
      b.norm(spec(a, "norm", null));
    }
    b.bias(a.getBoolean("bias", true));
    if (a.has("dropout")) {
      Object d = a.raw("dropout");
      b.dropout(d instanceof Number ? d : LayerSpec.parse(d));
    }
    b.upsample(a.getString("upsample", "deconv"));
    return b.build();
  }

  private static SegResNet segResNet(ConfigArgs a) {
    SegResNet.Builder b = SegResNet.builder();
    b.spatialDims(a.getInt("spatial_dims", 3));
    b.initFilters(a.getInt("init_filters", 8));
    b.inChannels(a.getInt("in_channels", 1));
    b.outChannels(a.getInt("out_channels", 2));
    if (a.has("dropout_prob")) {
      b.dropoutProb(a.getDouble("dropout_prob", 0));
    }
    if (a.has("act")) {
      b.act(spec(a, "act", null));
    }
    if (a.has("norm")) {
      b.norm(spec(a, "norm", null));
    }
    String normName = a.getString("norm_name", "");
    if (!normName.isEmpty()) {
      b.normName(normName, a.getInt("num_groups", 8));
    } else {
      a.getInt("num_groups", 8);
    }
    b.useConvFinal(a.getBoolean("use_conv_final", true));
    if (a.has("blocks_down")) {
      b.blocksDown(a.getInts("blocks_down", null));
    }
    if (a.has("blocks_up")) {
      b.blocksUp(a.getInts("blocks_up", null));
    }
    b.upsampleMode(a.getString("upsample_mode", "nontrainable"));
    return b.build();
  }

  private static DynUNet dynUNet(ConfigArgs a) {
    DynUNet.Builder b =
        DynUNet.builder(
            dims(a),
            a.requireInt("in_channels"),
            out(a),
            perLevel(a, "kernel_size"),
            perLevel(a, "strides"),
            perLevel(a, "upsample_kernel_size"));
    if (a.has("filters")) {
      b.filters(a.getInts("filters", null));
    }
    if (a.has("dropout")) {
      Object d = a.raw("dropout");
      b.dropout(d instanceof Number ? d : LayerSpec.parse(d));
    }
    if (a.has("norm_name")) {
      b.normName(spec(a, "norm_name", null));
    }
    if (a.has("act_name")) {
      b.actName(spec(a, "act_name", null));
    }
    b.deepSupervision(a.getBoolean("deep_supervision", false));
    b.deepSuprNum(a.getInt("deep_supr_num", 1));
    b.resBlock(a.getBoolean("res_block", false));
    b.transBias(a.getBoolean("trans_bias", false));
    return b.build();
  }

  private static int[][] perLevel(ConfigArgs a, String name) {
    List<Object> l = a.getList(name);
    if (l == null) {
      throw a.error(name, "is required");
    }
    int[][] out = new int[l.size()][];
    for (int i = 0; i < out.length; i++) {
      Object v = l.get(i);
      if (v instanceof Number) {
        out[i] = new int[] {((Number) v).intValue()};
      } else if (v instanceof List) {
        List<?> vl = (List<?>) v;
        out[i] = new int[vl.size()];
        for (int j = 0; j < out[i].length; j++) {
          if (!(vl.get(j) instanceof Number)) {
            throw a.error(name, "must hold integers or lists of integers, got " + v);
          }
          out[i][j] = ((Number) vl.get(j)).intValue();
        }
      } else {
        throw a.error(name, "must hold integers or lists of integers, got " + v);
      }
    }
    return out;
  }

  private static DenseNet denseNet(ConfigArgs a, DenseNet.Builder b) {
    if (a.has("init_features")) {
      b.initFeatures(a.getInt("init_features", 64));
    }
    if (a.has("growth_rate")) {
      b.growthRate(a.getInt("growth_rate", 32));
    }
    if (a.has("block_config")) {
      b.blockConfig(a.getInts("block_config", null));
    }
    b.bnSize(a.getInt("bn_size", 4));
    if (a.has("act")) {
      b.act(spec(a, "act", null));
    }
    if (a.has("norm")) {
      b.norm(spec(a, "norm", null));
    }
    b.dropoutProb(a.getDouble("dropout_prob", 0.0));
    return b.build();
  }

  /** MONAI's count {@code sum(p.numel() for p in net.parameters())}. */
  public static long parameterCount(MonaiModule net) {
    return NamedParameters.count(net);
  }
}
