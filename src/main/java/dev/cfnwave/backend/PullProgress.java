package dev.cfnwave.backend;

/** Told while an image downloads: layers done of those known so far, and bytes of them. */
@FunctionalInterface
public interface PullProgress {

  PullProgress NONE = (image, layersDone, layersTotal, bytesDone, bytesTotal) -> {};

  void update(String image, int layersDone, int layersTotal, long bytesDone, long bytesTotal);
}
