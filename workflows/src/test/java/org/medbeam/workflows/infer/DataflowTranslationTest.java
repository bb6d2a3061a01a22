package org.medbeam.workflows.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.dataflow.model.Job;
import com.google.api.services.dataflow.model.Step;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.runners.dataflow.DataflowPipelineTranslator;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.construction.PipelineTranslation;
import org.apache.beam.sdk.util.construction.SdkComponents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inference job on Dataflow, without cloud access: the options validate, the runner accepts
 * them, and the graph translates into a Dataflow job specification step by step.
 */
class DataflowTranslationTest {
  @TempDir Path tmp;

  /** Exposes the graph rewriting DataflowRunner.run does before translating. */
  static final class TranslatingRunner extends DataflowRunner {
    TranslatingRunner(DataflowPipelineOptions o) {
      super(o);
    }

    void prepare(Pipeline p) {
      replaceV1Transforms(p);
    }
  }

  static String[] args(String... extra) {
    List<String> a = new ArrayList<>(List.of(
        "--runner=DataflowRunner",
        "--project=medbeam-test",
        "--region=europe-west4",
        "--gcpTempLocation=gs://medbeam-test/tmp",
        "--stagingLocation=gs://medbeam-test/staging",
        "--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator",
        "--filesToStage=" + InferJobTest.resource("threshold_net.pt"),
        "--model=" + InferJobTest.resource("threshold_net.pt"),
        "--config=" + InferJobTest.resource("threshold_inference.json"),
        "--input=gs://medbeam-test/archive/**",
        "--workerMachineType=n1-standard-8"));
    a.addAll(List.of(extra));
    return a.toArray(new String[0]);
  }

  @Test
  void inferJobTranslatesToADataflowJob() throws Exception {
    PipelineOptionsFactory.register(InferOptions.class);
    DataflowPipelineOptions o = PipelineOptionsFactory.fromArgs(args("--output=" + tmp))
        .withValidation().as(DataflowPipelineOptions.class);
    o.setGcpCredential(GoogleCredentials.create(new AccessToken("not-a-real-token", null)));
    DataflowRunner.fromOptions(o); // the runner's own validation
    TranslatingRunner runner = new TranslatingRunner(o);
    InferOptions io = o.as(InferOptions.class);
    Pipeline p = Pipeline.create(o);
    InferPipeline.build(p, InferPipeline.plan(io));
    runner.prepare(p);
    SdkComponents sdk = SdkComponents.create(o);
    RunnerApi.Pipeline proto = PipelineTranslation.toProto(p, sdk, true);
    Job job = DataflowPipelineTranslator.fromOptions(o)
        .translate(p, proto, sdk, runner, new ArrayList<>()).getJob();
    assertTrue(job.getSteps().size() > 10, "steps: " + job.getSteps().size());
    List<String> names = new ArrayList<>();
    for (Step s : job.getSteps()) {
      names.add(String.valueOf(s.getProperties().get("user_name")));
    }
    String all = String.join("\n", names);
    for (String stage : new String[] {"ReadDicom", "Preprocess", "Infer", "Postprocess",
        "WriteMasks", "WritePredictions", "WriteFailures"}) {
      assertTrue(all.contains(stage), stage + " missing from the Dataflow steps:\n" + all);
    }
  }

  @Test
  void missingProjectIsRejectedWithItsName() {
    PipelineOptionsFactory.register(InferOptions.class);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
      DataflowPipelineOptions o = PipelineOptionsFactory.fromArgs(
              "--runner=DataflowRunner", "--region=europe-west4",
              "--gcpTempLocation=gs://medbeam-test/tmp",
              "--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator")
          .withValidation().as(DataflowPipelineOptions.class);
      o.setProject(null);
      o.setGcpCredential(GoogleCredentials.create(new AccessToken("x", null)));
      DataflowRunner.fromOptions(o);
    });
    assertTrue(e.getMessage().toLowerCase().contains("project"), e.getMessage());
  }
}
