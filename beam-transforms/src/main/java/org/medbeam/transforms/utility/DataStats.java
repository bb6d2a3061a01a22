package org.medbeam.transforms.utility;

import java.util.Arrays;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Transform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MONAI's {@code DataStats}: logs, at INFO through SLF4J (logger {@code name}, default {@code
 * "DataStats"}), {@code "<prefix> statistics:"} and the chosen lines - type, shape, value range,
 * values, metadata, and {@code additional_info(img)} - and returns the volume unchanged.
 */
public final class DataStats implements Transform {
  private static final long serialVersionUID = 1L;

  private final String prefix;
  private final boolean dataType;
  private final boolean dataShape;
  private final boolean valueRange;
  private final boolean dataValue;
  private final boolean metaInfo;
  private final SerializableFunction<Volume, Object> additionalInfo;
  private final String name;

  public DataStats(
      String prefix,
      boolean dataType,
      boolean dataShape,
      boolean valueRange,
      boolean dataValue,
      boolean metaInfo,
      SerializableFunction<Volume, Object> additionalInfo,
      String name) {
    this.prefix = prefix == null ? "Data" : prefix;
    this.dataType = dataType;
    this.dataShape = dataShape;
    this.valueRange = valueRange;
    this.dataValue = dataValue;
    this.metaInfo = metaInfo;
    this.additionalInfo = additionalInfo;
    this.name = name == null ? "DataStats" : name;
  }

  public DataStats() {
    this("Data", true, true, true, false, false, null, "DataStats");
  }

  /** The message this transform logs for {@code img}. */
  public String describe(Volume img) {
    StringBuilder sb = new StringBuilder(prefix).append(" statistics:");
    if (dataType) {
      sb.append("\nType: Volume ").append(img.dtype().numpyName());
    }
    if (dataShape) {
      sb.append("\nShape: ").append(Arrays.toString(img.shape()));
    }
    if (valueRange) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < img.size(); i++) {
        double v = img.getDouble(i);
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      sb.append("\nValue range: (").append(min).append(", ").append(max).append(")");
    }
    if (dataValue) {
      sb.append("\nValue: ").append(Arrays.toString(img.toDoubleArray()));
    }
    if (metaInfo) {
      sb.append("\nMeta info: ").append(img.meta()).append(", affine=").append(img.affine());
    }
    if (additionalInfo != null) {
      sb.append("\nAdditional info: ").append(additionalInfo.apply(img));
    }
    return sb.toString();
  }

  @Override
  public Volume apply(Volume img) {
    Logger log = LoggerFactory.getLogger(name);
    if (log.isInfoEnabled()) {
      log.info(describe(img));
    }
    return img;
  }
}
