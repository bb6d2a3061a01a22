package org.medbeam.transforms.io;

import java.util.LinkedHashMap;
import java.util.Map;
import org.medbeam.core.DType;
import org.medbeam.io.LoadImage;
import org.medbeam.io.SaveImage;
import org.medbeam.transforms.config.ConfigArgs;
import org.medbeam.transforms.config.TransformFactory;
import org.medbeam.transforms.config.TransformProvider;

/** Registers {@code LoadImaged} and {@code SaveImaged} for configs, with MONAI's arguments. */
public final class IoTransforms implements TransformProvider {
  @Override
  public Map<String, TransformFactory> transforms() {
    Map<String, TransformFactory> m = new LinkedHashMap<>();
    m.put("LoadImaged", a -> new LoadImaged(a.keys(), loader(a)));
    m.put("SaveImaged", a -> new SaveImaged(a.keys(), saver(a)));
    return m;
  }

  static LoadImage loader(ConfigArgs a) {
    LoadImage l = LoadImage.create();
    String reader = a.getString("reader", null);
    if (reader != null) {
      l = l.withReader(reader);
    }
    String dtype = a.getString("dtype", null);
    if (dtype != null) {
      l = l.withDtype(DType.fromName(dtype));
    }
    // accepted for MONAI compatibility: medbeam volumes are always channel-first, metadata is kept
    a.getBoolean("ensure_channel_first", true);
    a.getBoolean("image_only", true);
    a.getBoolean("simple_keys", true);
    return l;
  }

  static SaveImage saver(ConfigArgs a) {
    SaveImage s = SaveImage.create()
        .withOutputDir(a.getString("output_dir", "./"))
        .withOutputPostfix(a.getString("output_postfix", "trans"))
        .withOutputExt(a.getString("output_ext", ".nii.gz"))
        .withSeparateFolder(a.getBoolean("separate_folder", true))
        .withDataRootDir(a.getString("data_root_dir", ""))
        .withResample(a.getBoolean("resample", false));
    String dtype = a.getString("output_dtype", null);
    if (dtype != null) {
      s = s.withOutputDtype(DType.fromName(dtype));
    }
    if (a.has("scale")) {
      s = s.withScale(a.getInt("scale", 255));
    }
    a.getBoolean("print_log", true);
    return s;
  }
}
