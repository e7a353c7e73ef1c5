package dev.cfnwave.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** Builds commands and mixins, handing the shared {@link Context} to those that take one. */
final class ContextFactory implements CommandLine.IFactory {

  private final Context context;

  ContextFactory(Context context) {
    this.context = context;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      Class<?>[] parameters = constructor.getParameterTypes();
      if (parameters.length == 1 && parameters[0] == Context.class) {
        constructor.setAccessible(true);
        return type.cast(constructor.newInstance(context));
      }
    }
    return CommandLine.defaultFactory().create(type);
  }
}
