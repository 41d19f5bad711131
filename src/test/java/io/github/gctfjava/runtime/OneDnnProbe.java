package io.github.gctfjava.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A separate JVM for {@link TensorFlowRuntimeTest}: configures the runtime (after loading TF when
 * the argument says {@code late}), runs one convolution, and prints the settings and the value of
 * TF_ENABLE_ONEDNN_OPTS in the C library's environment, where TF reads it.
 */
public final class OneDnnProbe {
  private interface LibC extends Library {
    LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

    String getenv(String name);
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("late")) {
      TensorFlow.version();
    }
    RuntimeSettings settings = TensorFlowRuntime.configure();
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      var x = tf.ones(tf.constant(new long[] {1, 8, 8, 3}), TFloat32.class);
      var k = tf.ones(tf.constant(new long[] {3, 3, 3, 4}), TFloat32.class);
      session
          .runner()
          .fetch(tf.nn.conv2d(x, k, java.util.List.of(1L, 1L, 1L, 1L), "VALID"))
          .run()
          .close();
    }
    System.out.println("oneDnn=" + settings.oneDnn());
    System.out.println("source=" + settings.oneDnnSource());
    System.out.println("getenv=" + LibC.INSTANCE.getenv(TensorFlowRuntime.ONEDNN_VARIABLE));
    System.out.println(
        "allocator=" + LibC.INSTANCE.getenv(TensorFlowRuntime.SYSTEM_ALLOCATOR_VARIABLE));
  }
}
