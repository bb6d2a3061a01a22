package org.medbeam.workflows.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class TorchThreadsTest {
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private static int threads(String... args) {
    return InferJob.torchThreads(PipelineOptionsFactory.fromArgs(args).create());
  }

  @Test
  void theCoresAreDividedAmongTheLocalRunnersWorkers() {
    assertEquals(Math.max(1, CORES / 2), threads("--targetParallelism=2"));
    assertEquals(CORES, threads("--targetParallelism=1"));
    assertEquals(1, threads("--targetParallelism=" + (CORES * 4)));
    assertEquals(Math.max(1, CORES / 3),
        threads("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=3"));
    // Flink's default parallelism (-1) means one slot per core
    assertEquals(1, threads("--runner=FlinkRunner", "--flinkMaster=[local]"));
  }

  @Test
  void remoteWorkersKeepTheirOwnCores() {
    assertEquals(CORES, threads("--runner=DataflowRunner"));
  }
}
