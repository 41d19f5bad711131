package io.github.gctfjava.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gctfjava.layers.Activations;
import io.github.gctfjava.layers.CallContext;
import io.github.gctfjava.layers.Policy;
import io.github.gctfjava.optimizers.OptimizerConfig;
import io.github.gctfjava.optimizers.TransformedOptimizer;
import io.github.gctfjava.training.Sequential;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.losses.BinaryCrossentropy;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Keras's {@code mixed_bfloat16} on the example CNN: what is bfloat16 and what stays float32. */
class MixedPrecisionTest {
  private static final int BATCH = 4;

  /**
   * Relative tolerance of the mixed loss against float32's: bfloat16 keeps 8 significant bits, a
   * unit roundoff of 2^-8 = 3.9e-3, and a layer rounds its input, kernel, bias and output once
   * each, at most 4 x 3.9e-3 = 1.6e-2 per value; the roundings of different values are independent
   * and largely cancel in the layers' sums and the batch mean, so 2e-2 bounds the whole model.
   */
  private static final double LOSS_TOLERANCE = 2e-2;

  @Test
  void variablesSlotsAndGradientCentralizationStayFloat32WhileConvAndMatMulAreBfloat16() {
    try (Sequential model = compiled(Policy.MIXED_BFLOAT16)) {
      Map<String, Integer> dtypes = dtypesByOp(model.graph());
      // 14 weights (7 kernels, 7 biases) and RMSprop's one slot (rms) for each.
      assertEquals(28, dtypes.get("VariableV2:DT_FLOAT_REF"), dtypes.toString());
      assertEquals(null, dtypes.get("VariableV2:DT_BFLOAT16_REF"));
      // The training step's ops, once for each micro-batch.
      int m = model.microBatches();
      assertEquals(5 * m, dtypes.get("Conv2D:DT_BFLOAT16"));
      assertEquals(5 * m, dtypes.get("Conv2DBackpropFilter:DT_BFLOAT16"));
      // Each Dense has its forward matmul and two gradient matmuls: the hidden Dense's in
      // bfloat16, the output layer's in float32.
      assertEquals(5 * m, dtypes.get("Conv2DBackpropInput:DT_BFLOAT16"));
      assertEquals(3 * m, dtypes.get("MatMul:DT_BFLOAT16"));
      assertEquals(3 * m, dtypes.get("MatMul:DT_FLOAT"));
      assertEquals(null, dtypes.get("Conv2D:DT_FLOAT"));
      // Max pooling runs on the convolutions' bfloat16 outputs, forward and backward.
      assertEquals(5 * m, dtypes.get("MaxPool:DT_BFLOAT16"));
      assertEquals(5 * m, dtypes.get("MaxPoolGrad:DT_BFLOAT16"));
      assertEquals(null, dtypes.get("MaxPool:DT_FLOAT"));
      // Gradient centralization's 7 means (one per kernel) and the loss's: all float32.
      assertEquals(null, dtypes.get("Mean:DT_BFLOAT16"));
      assertTrue(dtypes.get("Mean:DT_FLOAT") >= 8, dtypes.toString());
      assertEquals(m, dtypes.get("Sigmoid:DT_FLOAT"));
    }
  }

  @Test
  void theOptimizerReceivesFloat32Gradients() {
    try (Sequential model = Cnn.create(Policy.MIXED_BFLOAT16)) {
      model.setSeed(1);
      Ops tf = Ops.create(model.graph());
      Placeholder<TFloat32> x =
          tf.placeholder(TFloat32.class, Placeholder.shape(model.batchInputShape()));
      Operand<TFloat32> logits =
          Activations.sigmoidLogits(model.call(tf, x, CallContext.inference()));
      Operand<TFloat32> loss =
          new BinaryCrossentropy(true).call(tf, tf.zerosLike(logits), logits, null);
      TransformedOptimizer optimizer =
          OptimizerConfig.of("gc-rmsprop", 1e-4f).create(model.graph());
      var gradients = optimizer.getGradients(loss, model.trainableWeights());
      assertEquals(14, gradients.size());
      gradients.forEach(
          g -> assertEquals(TFloat32.class, g.getGradient().type(), g.getGradient().toString()));
    }
  }

  @Test
  void theLossOfAFixedBatchIsFloat32sWithinBfloat16Precision() {
    try (Sequential float32 = compiled(Policy.FLOAT32);
        Sequential mixed = compiled(Policy.MIXED_BFLOAT16);
        Result batch = batch()) {
      TFloat32 images = (TFloat32) batch.get(0);
      TInt64 labels = (TInt64) batch.get(1);
      // Two steps: the first loss is the initial weights', the second the first update's.
      for (int step = 0; step < 2; step++) {
        double expected = float32.trainOnBatch(images, labels).get("loss");
        double actual = mixed.trainOnBatch(images, labels).get("loss");
        assertEquals(expected, actual, LOSS_TOLERANCE * expected, "step " + step);
        assertNotEquals(expected, actual, "step " + step + ": the mixed model computed in float32");
      }
    }
  }

  @Test
  void float32LeavesTheGraphAsItWasAndMixedAddsOnlyTheCasts() {
    Map<String, Integer> plain = inferenceOps(Cnn.create());
    Map<String, Integer> float32 = inferenceOps(Cnn.create(Policy.FLOAT32));
    Map<String, Integer> mixed = inferenceOps(Cnn.create(Policy.MIXED_BFLOAT16));
    assertEquals(plain, float32);
    assertTrue(
        float32.keySet().stream().noneMatch(k -> k.contains("BFLOAT16")), float32.toString());
    assertEquals(null, float32.get("Cast:DT_BFLOAT16"));
    // Each of the six bfloat16 layers casts its kernel and bias down and its output up, and so
    // does each of the five poolings its output. Only the first convolution and the hidden Dense
    // (after Flatten) cast their input down; the others and the poolings read the bfloat16 tensor
    // that the layer before them cast up (in inference the dropouts pass their input through).
    assertEquals(6 * 2 + 2, mixed.get("Cast:DT_BFLOAT16"));
    assertEquals(6 + 5, mixed.get("Cast:DT_FLOAT") - float32.getOrDefault("Cast:DT_FLOAT", 0));
  }

  private static Sequential compiled(Policy policy) {
    Sequential model = Cnn.create(policy);
    model.setSeed(1337);
    model.compile(
        "binary_crossentropy",
        OptimizerConfig.of("gc-rmsprop", 1e-4f).create(model.graph()),
        "accuracy");
    return model;
  }

  private static Map<String, Integer> inferenceOps(Sequential model) {
    try (model) {
      Ops tf = Ops.create(model.graph());
      model.call(
          tf,
          tf.placeholder(TFloat32.class, Placeholder.shape(model.batchInputShape())),
          CallContext.inference());
      return dtypesByOp(model.graph());
    }
  }

  /** {@code op type:output dtype} to how many ops of the graph have it. */
  private static Map<String, Integer> dtypesByOp(Graph graph) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Iterator<GraphOperation> ops = graph.operations(); ops.hasNext(); ) {
      GraphOperation op = ops.next();
      String dtype = op.numOutputs() == 0 ? "" : op.output(0).dataType().name();
      counts.merge(op.type() + ":" + dtype, 1, Integer::sum);
    }
    return counts;
  }

  private static Result batch() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      return s.runner()
          .fetch(
              tf.random.randomUniform(
                  tf.constant(new long[] {BATCH, 300, 300, 3}),
                  TFloat32.class,
                  RandomUniform.seed(7L)))
          .fetch(tf.constant(new long[] {0, 1, 1, 0}))
          .run();
    }
  }
}
