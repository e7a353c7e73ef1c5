package dev.cfnwave.it.support;

import dev.cfnwave.backend.BackendContract;

/** The backend contract on a real engine: attempts run the test agent, which runs shell lines. */
public abstract class AgentImageContract extends BackendContract {

  @Override
  protected String image() {
    return DockerTestSupport.AGENT_IMAGE;
  }

  @Override
  protected String exitsWith(int code) {
    return "exit " + code;
  }

  @Override
  protected String prints(String word) {
    return "echo " + word;
  }

  @Override
  protected String runsUntilStopped() {
    return "sleep 600";
  }
}
