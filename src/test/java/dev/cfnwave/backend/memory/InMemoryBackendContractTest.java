package dev.cfnwave.backend.memory;

import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.BackendContract;
import org.junit.jupiter.api.AfterEach;

/** The backend contract against the in-memory backend that the orchestrator's unit tests use. */
class InMemoryBackendContractTest extends BackendContract {

  /** One engine for every instance of a test, as one daemon outlives the processes that use it. */
  private final InMemoryEngine engine = new InMemoryEngine();

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  @Override
  protected String backendName() {
    return "docker";
  }

  @Override
  protected Backend openBackend() {
    return InMemoryBackend.sharing(engine);
  }

  @Override
  protected String image() {
    return "fake:latest";
  }

  @Override
  protected String exitsWith(int code) {
    return "exit=" + code;
  }

  @Override
  protected String prints(String word) {
    return "say=" + word;
  }

  @Override
  protected String runsUntilStopped() {
    return "hold";
  }

  @Override
  protected AttemptSpec unlaunchable(AttemptSpec spec) {
    engine.refuse("start", spec.labels().get("cfn.batch.id"));
    return spec;
  }

  @Override
  protected void beginLaunchOnly(AttemptSpec spec) {
    engine.create(spec);
  }
}
