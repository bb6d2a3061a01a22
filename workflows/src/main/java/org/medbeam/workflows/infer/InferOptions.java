package org.medbeam.workflows.infer;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Options of the batch-inference job ({@code medbeam infer}). Runner options ({@code --runner},
 * {@code --flinkMaster}, {@code --parallelism}, Dataflow's {@code --project}/{@code --region}…)
 * come from the runners' own option interfaces.
 */
public interface InferOptions extends PipelineOptions {
  @Description(
      "Input: a DICOM archive folder or file pattern (every file is tried as DICOM and grouped by "
          + "series), or a pattern of NIfTI/NumPy files (*.nii.gz, *.npy); local or gs://. "
          + "Default: the bundled synthetic CT archive.")
  String getInput();

  void setInput(String value);

  @Description("Output folder (local or gs://): masks/, predictions.jsonl, predictions.csv, "
      + "failures.jsonl, manifest.json, and .medbeam/ state for incremental reruns.")
  @Default.String("medbeam-out")
  String getOutput();

  void setOutput(String value);

  @Description("The model: a TorchScript file (.pt/.ts), a DJL model folder or archive, a "
      + "medbeam network folder or .zip (network.json + weights, what medbeam train writes); "
      + "local, classpath:/… or gs://. Default: the bundled model (when --config is also "
      + "default).")
  String getModel();

  void setModel(String value);

  @Description("Inference config in MONAI bundle style: 'preprocessing', 'inferer', "
      + "'postprocessing' sections (JSON or YAML). Default: the model folder's inference.json "
      + "(medbeam train writes one), else the bundled config.")
  String getConfig();

  void setConfig(String value);

  @Description("Seed for every random transform; outputs are bit-identical for the same seed.")
  @Default.Long(0)
  long getSeed();

  void setSeed(long value);

  @Description("Reprocess every series, even those a previous run already wrote.")
  @Default.Boolean(false)
  boolean getForce();

  void setForce(boolean value);

  @Description("Exit non-zero when failed / (written + failed) exceeds this ratio.")
  @Default.Double(0.1)
  double getMaxFailureRatio();

  void setMaxFailureRatio(double value);

  @Description("Only series of these modalities (comma-separated, e.g. CT,MR); DICOM input only.")
  String getModality();

  void setModality(String value);

  @Description("Intra-op threads per element for resampling and window blending (0 = 1: the "
      + "runner already processes one element per core; raise it when series are few and large).")
  @Default.Integer(0)
  int getThreads();

  void setThreads(int value);

  @Description("Live progress on stderr while the job runs.")
  @Default.Boolean(true)
  boolean getProgress();

  void setProgress(boolean value);
}
