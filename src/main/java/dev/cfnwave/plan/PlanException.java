package dev.cfnwave.plan;

import dev.cfnwave.InputException;

/**
 * A plan or manifest that cannot be used: the field is the file, or the file and the JSON path
 * ("plan.json: $.waves[0].batches[1].tier"), or the variable that set a tier's memory.
 */
public class PlanException extends InputException {

  public PlanException(String field, String problem) {
    super(field, problem);
  }

  public PlanException(String field, String problem, Throwable cause) {
    super(field, problem, cause);
  }
}
