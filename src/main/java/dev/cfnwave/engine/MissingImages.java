package dev.cfnwave.engine;

/**
 * What both backends say when an image is missing where an attempt would run: the engine's own
 * words, and how to get the image there without a registry (engines here often have none).
 */
public final class MissingImages {

  private MissingImages() {}

  /** Whether the engine's error says it has no such image. */
  public static boolean isSaidIn(String engineError) {
    return engineError != null && engineError.contains("No such image");
  }

  /**
   * @param who what lacks the image ("every node that may run it")
   * @param target the engine to load it into, as the docker CLI names it ("NODE")
   * @param pullers who could pull it instead ("the nodes")
   */
  public static String howToGet(String image, String who, String target, String pullers) {
    return " ("
        + who
        + " needs the image: docker save "
        + image
        + " | docker -H "
        + target
        + " load, or docker import of a root file system tarball, or a registry "
        + pullers
        + " can pull from)";
  }
}
