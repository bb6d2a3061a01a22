#!/usr/bin/env bash
# Runs medbeam's benchmarks (workloads W1-W7 of BENCHMARKS.md, and the training step) on this
# machine and prints their figures; docs/benchmarks.md records them with machine and date.
#
#   scripts/bench.sh w1|w2|w3|w4|w5|w6|w7|train|train-cache|infer|all [--monai]
#   scripts/bench.sh infer [N_SERIES] [MODEL|-] [CONFIG|-] [SIZE]
#   scripts/bench.sh train-cache [--cases N --size N --runs N ...]
#
# --monai also times the reference (MONAI/nibabel/pydicom/dcm2niix) in the same run, where the
# benchmark supports it; that needs Debian's python3 packages and, for MONAI, a MONAI 1.4 source
# tree on PYTHONPATH (e.g. PYTHONPATH=/path/to/MONAI). W5 needs a TorchScript UNet made with
#   PYTHONPATH=/path/to/MONAI /usr/bin/python3 model-ops/src/test/resources/bench/make_w5_unet.py /tmp/w5
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
shift || true
extra=("$@")

mvn -q -B -o -DskipTests test-compile >&2 || mvn -q -B -DskipTests test-compile >&2
cp_of() { # module -> its test classpath (cached in target/bench.cp)
  local m="$1"
  if [[ ! -f "$m/target/bench.cp" || "$m/pom.xml" -nt "$m/target/bench.cp" ]]; then
    # in one reactor build with the modules it needs, so sibling modules resolve to their classes
    mvn -q -B -o -pl "$m" -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile=target/bench.cp >&2
  fi
  local own="core/target/classes:beam-io/target/classes:beam-transforms/target/classes:model-ops/target/classes:workflows/target/classes"
  echo "$own:$m/target/test-classes:$(cat "$m/target/bench.cp")"
}
java_run() { # module class args...
  local m="$1" cls="$2"
  shift 2
  java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -Dai.djl.offline=true -cp "$(cp_of "$m")" "$cls" "$@"
}
mflag=""
for a in "${extra[@]:-}"; do [[ "$a" == "--monai" ]] && mflag="--monai"; done
run() {
  case "$1" in
    w1) java_run beam-io org.medbeam.io.bench.NiftiLoadBench "${TMPDIR:-/tmp}/medbeam-w1" 9 ;;
    w2) java_run beam-transforms org.medbeam.transforms.bench.W2Bench $mflag ;;
    w3) java_run beam-transforms org.medbeam.transforms.bench.W3Bench 21 2 ;;
    w4) java_run beam-transforms org.medbeam.transforms.bench.W4Bench $mflag ;;
    w5) java_run model-ops org.medbeam.model.bench.W5Bench "${W5_MODEL:-/tmp/w5/unet_w5.pt}" --runs 5 ;;
    w6) java_run model-ops org.medbeam.model.bench.W6Bench $mflag ;;
    w7) java_run beam-io org.medbeam.io.bench.DicomSeriesBench 9 200 ;;
    train) java_run model-ops org.medbeam.model.bench.TrainStepBench ;;
    train-cache) java_run workflows org.medbeam.workflows.bench.TrainThroughputBench ${extra[@]+"${extra[@]}"} ;;
    infer) java_run workflows org.medbeam.workflows.bench.InferThroughputBench ${extra[@]+"${extra[@]}"} ;;
    *) echo "unknown benchmark '$1' (w1..w7, train, train-cache, infer, all)" >&2; exit 2 ;;
  esac
}
if [[ "$which" == "all" ]]; then
  for b in w1 w2 w3 w4 w6 w7; do echo "=== $b"; run "$b"; done
else
  run "$which"
fi
