package io.github.gctfjava.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gctfjava.data.Batch;
import io.github.gctfjava.data.HorsesOrHumans;
import io.github.gctfjava.data.LoadOptions;
import io.github.gctfjava.data.LoadedDataset;
import io.github.gctfjava.data.Pipeline;
import io.github.gctfjava.example.Cnn;
import io.github.gctfjava.optimizers.GCRMSprop;
import io.github.gctfjava.training.Sequential;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/** The example CNN, trained one step, exported, and loaded back in a fresh SavedModelBundle. */
class SavedModelExportTest {
  private static final float TOLERANCE = 1e-6f;

  @TempDir static Path dir;
  private static Sequential trained;
  private static Path exported;
  private static BufferedImage first;
  private static BufferedImage second;

  @BeforeAll
  static void trainOneStepAndExport() {
    first = ExportFixtures.randomImage(300, 300, 1);
    second = ExportFixtures.randomImage(300, 300, 2);
    trained = Cnn.create();
    trained.setSeed(7);
    trained.compile("binary_crossentropy", new GCRMSprop(trained.graph(), 1e-3f), "accuracy");
    try (TFloat32 x = ExportFixtures.rescaled(first, second);
        TInt64 y = TInt64.vectorOf(0, 1)) {
      trained.trainOnBatch(x, y);
    }
    exported = dir.resolve("saved_model");
    SavedModelExport.export(trained, Cnn::create, exported);
  }

  @AfterAll
  static void close() {
    trained.close();
  }

  @Test
  void exportedModelGivesTheTrainingSessionsPredictions() {
    try (TFloat32 x = ExportFixtures.rescaled(first, second);
        TFloat32 inMemory = trained.predict(x);
        TFloat32 again = trained.predict(x);
        SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve");
        Result loaded =
            bundle.function(SavedModelExport.SERVING_DEFAULT).call(Map.of("images", x))) {
      TFloat32 probability = (TFloat32) loaded.get("probability").orElseThrow();
      assertEquals(org.tensorflow.ndarray.Shape.of(2, 1), probability.shape());
      for (int i = 0; i < 2; i++) {
        assertEquals(
            inMemory.getFloat(i, 0),
            again.getFloat(i, 0),
            0f,
            "predict is deterministic (dropout off)");
        assertEquals(
            inMemory.getFloat(i, 0),
            probability.getFloat(i, 0),
            TOLERANCE,
            "image " + i + ": SavedModel vs training session, within " + TOLERANCE);
      }
    }
  }

  @Test
  void signaturesReadBackFromTheSavedMetaGraph() {
    try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve")) {
      Map<String, SignatureDef> signatures = bundle.metaGraphDef().getSignatureDefMap();
      assertEquals(java.util.Set.of("serving_default", "serving_bytes"), signatures.keySet());
      assertTensor(
          signatures.get("serving_default").getInputsOrThrow("images"),
          DataType.DT_FLOAT,
          -1,
          300,
          300,
          3);
      assertTensor(
          signatures.get("serving_bytes").getInputsOrThrow("image_bytes"), DataType.DT_STRING, -1);
      for (SignatureDef signature : signatures.values()) {
        assertEquals(1, signature.getInputsCount());
        assertEquals(1, signature.getOutputsCount());
        assertTensor(signature.getOutputsOrThrow("probability"), DataType.DT_FLOAT, -1, 1);
        assertEquals("tensorflow/serving/predict", signature.getMethodName());
      }
      assertTrue(bundle.metaGraphDef().getMetaInfoDef().getTagsList().contains("serve"));
    }
  }

  @Test
  void exportedGraphHasOnlyTheWeightsAndNoTrainingOps() {
    try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve")) {
      List<String> variables = new ArrayList<>();
      List<String> training = new ArrayList<>();
      bundle
          .graph()
          .operations()
          .forEachRemaining(
              op -> {
                if (op.type().equals("VariableV2")) {
                  variables.add(op.name());
                }
                // Dropout is the identity at inference: the only random ops are the kernels'
                // initializers.
                boolean dropout =
                    op.type().startsWith("StatelessRandom")
                        && !op.name().matches("(conv2d|dense).*/.*");
                if (dropout
                    || op.name().contains("RMSprop")
                    || op.name().contains("-rms")
                    || op.name().contains("gradients")
                    || op.type().startsWith("Iterator")) {
                  training.add(op.name());
                }
              });
      assertEquals(trained.trainableWeights().size(), variables.size(), "variables: " + variables);
      assertEquals(List.of(), training, "optimizer, gradient, input-pipeline or dropout ops");
      assertTrue(
          variables.stream().allMatch(v -> v.matches("(conv2d|dense)(_\\d)?/(kernel|bias)")),
          "" + variables);
    }
  }

  @Test
  void bytesSignatureGivesTheFloatSignaturesProbabilityForTheSamePng() {
    try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve");
        TFloat32 x = ExportFixtures.rescaled(first, second);
        TString pngs =
            TString.tensorOfBytes(
                NdArrays.vectorOfObjects(
                    ExportFixtures.encode(first, "png"), ExportFixtures.encode(second, "png")));
        Result floats = bundle.function("serving_default").call(Map.of("images", x));
        Result bytes = bundle.function("serving_bytes").call(Map.of("image_bytes", pngs))) {
      TFloat32 expected = (TFloat32) floats.get("probability").orElseThrow();
      TFloat32 actual = (TFloat32) bytes.get("probability").orElseThrow();
      for (int i = 0; i < 2; i++) {
        assertEquals(
            expected.getFloat(i, 0),
            actual.getFloat(i, 0),
            TOLERANCE,
            "image " + i + ", within " + TOLERANCE);
      }
    }
  }

  @Test
  void bytesSignatureResizesAsTheLoadersResizeOption() {
    BufferedImage small = ExportFixtures.randomImage(200, 150, 3);
    byte[] png = ExportFixtures.encode(small, "png");
    ExportFixtures.write(dir.resolve("resize/train/horses/small.png"), png);
    PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
    try (LoadedDataset dataset =
            HorsesOrHumans.load(
                LoadOptions.of(dir.resolve("resize"))
                    .withResize(true)
                    .withDownload(false)
                    .withLog(silent));
        Pipeline ds = Pipeline.prepare(dataset.train(), false, null, Pipeline.Options.defaults(0));
        Batch batch = ds.epoch(0).next();
        SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve");
        TString bytes = TString.tensorOfBytes(NdArrays.vectorOfObjects(png));
        Result floats = bundle.function("serving_default").call(Map.of("images", batch.images()));
        Result decoded = bundle.function("serving_bytes").call(Map.of("image_bytes", bytes))) {
      assertEquals(
          ((TFloat32) floats.get(0)).getFloat(0, 0),
          ((TFloat32) decoded.get(0)).getFloat(0, 0),
          TOLERANCE,
          "a 200x150 PNG: bytes signature vs the loader's resize then the float signature, within "
              + TOLERANCE);
    }
  }

  @Test
  void exportFromACheckpointEqualsExportFromTheModel() {
    Path checkpoints = dir.resolve("checkpoints");
    Checkpoint checkpoint =
        Checkpoint.write(
            checkpoints, trained, RunHistory.empty().plus(new RunHistory.Epoch(0, 0.7, 0.5, 1.0)));
    Path fromCheckpoint = dir.resolve("from_checkpoint");
    SavedModelExport.export(Checkpoint.read(checkpoint.dir()), Cnn::create, fromCheckpoint);
    try (SavedModelBundle a = SavedModelBundle.load(exported.toString(), "serve");
        SavedModelBundle b = SavedModelBundle.load(fromCheckpoint.toString(), "serve");
        TFloat32 x = ExportFixtures.rescaled(first, second);
        Result ra = a.function("serving_default").call(Map.of("images", x));
        Result rb = b.function("serving_default").call(Map.of("images", x))) {
      for (int i = 0; i < 2; i++) {
        assertEquals(
            ((TFloat32) ra.get(0)).getFloat(i, 0), ((TFloat32) rb.get(0)).getFloat(i, 0), 0f);
      }
    }
  }

  @Test
  void aCompiledModelIsNotSavedWithItsTrainingOps() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> trained.save(dir.resolve("whole"), List.of()));
    assertTrue(e.getMessage().contains("training ops"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("whole").resolve("saved_model.pb")));
  }

  @Test
  void exportLeavesNoTemporaryFolderBehind() throws Exception {
    try (Stream<Path> entries = Files.walk(dir)) {
      assertEquals(
          List.of(), entries.filter(p -> p.getFileName().toString().startsWith(".")).toList());
    }
  }

  private static void assertTensor(TensorInfo info, DataType type, long... dims) {
    assertEquals(type, info.getDtype());
    List<Long> expected = new ArrayList<>();
    for (long d : dims) {
      expected.add(d);
    }
    assertEquals(
        expected, info.getTensorShape().getDimList().stream().map(d -> d.getSize()).toList());
  }
}
