package io.github.gctfjava.notebook;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a cell's outputs go while it runs: {@code System.out} and {@code System.err} become its
 * {@code stdout} and {@code stderr} streams and {@link Display} its pictures, as a kernel turns
 * them into messages. One pair of streams serves the whole run, since objects keep the {@code
 * System.out} they were given in an earlier cell.
 */
final class OutputCapture implements AutoCloseable {
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final Channel out;
  private final Channel err;
  private CellOutputs cell;

  /**
   * @param echo whether to also copy everything to the real console (to follow a long run)
   */
  OutputCapture(boolean echo) {
    out = new Channel("stdout", echo ? originalOut : null);
    err = new Channel("stderr", echo ? originalErr : null);
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    Display.setSink(this::display);
  }

  /** Sends what is printed from now on to {@code newCell}. */
  synchronized void startCell(CellOutputs newCell) {
    drain();
    cell = newCell;
  }

  /** Adds a picture (or text) after what the cell printed so far. */
  synchronized void display(Object o) {
    drain();
    if (cell != null) {
      cell.display(o);
    }
  }

  /** Moves what was printed so far into the cell's outputs. */
  synchronized void drain() {
    System.out.flush();
    System.err.flush();
    out.drainTo(cell);
    err.drainTo(cell);
  }

  @Override
  public synchronized void close() {
    drain();
    Display.setSink(null);
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  /** One stream: bytes pile up until drained, so multi-byte characters are decoded whole. */
  private static final class Channel extends OutputStream {
    private final String name;
    private final PrintStream echo;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    Channel(String name, PrintStream echo) {
      this.name = name;
      this.echo = echo;
    }

    @Override
    public synchronized void write(int b) {
      pending.write(b);
      if (echo != null) {
        echo.write(b);
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      pending.write(b, off, len);
      if (echo != null) {
        echo.write(b, off, len);
        echo.flush();
      }
    }

    synchronized void drainTo(CellOutputs cell) {
      if (cell != null) {
        cell.stream(name, pending.toString(StandardCharsets.UTF_8));
      }
      pending.reset();
    }
  }
}
