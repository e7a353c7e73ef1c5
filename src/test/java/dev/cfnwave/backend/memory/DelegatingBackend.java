package dev.cfnwave.backend.memory;

import dev.cfnwave.backend.AddressPoolRoom;
import dev.cfnwave.backend.AttemptSpec;
import dev.cfnwave.backend.AttemptStatus;
import dev.cfnwave.backend.Backend;
import dev.cfnwave.backend.BackendCapabilities;
import dev.cfnwave.backend.EndHints;
import dev.cfnwave.backend.LocalImage;
import dev.cfnwave.backend.NodeCapacity;
import dev.cfnwave.backend.PullProgress;
import dev.cfnwave.backend.RemoteImage;
import dev.cfnwave.backend.SavedLog;
import dev.cfnwave.event.WaveListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A test {@link Backend} that hands every call to another one; subclasses change the part they are
 * for, such as the statuses callers see ({@link #view}). The interface's other defaults stay the
 * interface's.
 */
public abstract class DelegatingBackend implements Backend {

  private final Backend delegate;

  protected DelegatingBackend(Backend delegate) {
    this.delegate = delegate;
  }

  /** The status callers see for one the delegate reports: the same, unless a subclass says. */
  protected AttemptStatus view(AttemptStatus status) {
    return status;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public List<NodeCapacity> capacity() {
    return delegate.capacity();
  }

  @Override
  public long memoryHeldByOthers(Map<String, String> ownLabels) {
    return delegate.memoryHeldByOthers(ownLabels);
  }

  @Override
  public boolean hasImage(String image) {
    return delegate.hasImage(image);
  }

  @Override
  public Optional<LocalImage> localImage(String image) {
    return delegate.localImage(image);
  }

  @Override
  public Optional<RemoteImage> remoteImage(String image) {
    return delegate.remoteImage(image);
  }

  @Override
  public void pull(String image, Duration timeout, PullProgress progress) {
    delegate.pull(image, timeout, progress);
  }

  @Override
  public void removeImage(String image) {
    delegate.removeImage(image);
  }

  @Override
  public dev.cfnwave.backend.NetworkRoom networkRoom(String network) {
    return delegate.networkRoom(network);
  }

  @Override
  public boolean hasNetwork(String network) {
    return delegate.hasNetwork(network);
  }

  @Override
  public Optional<AddressPoolRoom> addressPoolRoom() {
    return delegate.addressPoolRoom();
  }

  @Override
  public Optional<Path> localDataRoot() {
    return delegate.localDataRoot();
  }

  @Override
  public List<String> removeUnusedNetworks() {
    return delegate.removeUnusedNetworks();
  }

  @Override
  public boolean ensureNetwork(String network, Map<String, String> labels) {
    return delegate.ensureNetwork(network, labels);
  }

  @Override
  public String launch(AttemptSpec spec, WaveListener listener) {
    return delegate.launch(spec, listener);
  }

  @Override
  public Prepared prepare(AttemptSpec spec, WaveListener listener) {
    return delegate.prepare(spec, listener);
  }

  @Override
  public Map<String, AttemptStatus> recover(Map<String, String> labels) {
    Map<String, AttemptStatus> found = new LinkedHashMap<>();
    delegate.recover(labels).forEach((name, s) -> found.put(name, view(s)));
    return found;
  }

  @Override
  public List<AttemptStatus> listOwned(Map<String, String> labels) {
    return delegate.listOwned(labels).stream().map(this::view).toList();
  }

  @Override
  public List<AttemptStatus> list(Collection<String> handles) {
    return delegate.list(handles).stream().map(this::view).toList();
  }

  @Override
  public OptionalLong peakMemory(String handle) {
    return delegate.peakMemory(handle);
  }

  @Override
  public AttemptStatus status(String handle) {
    return view(delegate.status(handle));
  }

  @Override
  public AutoCloseable watchEnds(EndHints hints) {
    return delegate.watchEnds(hints);
  }

  @Override
  public void stop(String handle, Duration grace) {
    delegate.stop(handle, grace);
  }

  @Override
  public SavedLog saveLog(String handle, Path file, long maxBytes) {
    return delegate.saveLog(handle, file, maxBytes);
  }

  @Override
  public void copyLog(String handle, java.io.OutputStream out, boolean follow) {
    delegate.copyLog(handle, out, follow);
  }

  @Override
  public void dispose(String handle) {
    delegate.dispose(handle);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public BackendCapabilities capabilities() {
    return delegate.capabilities();
  }
}
