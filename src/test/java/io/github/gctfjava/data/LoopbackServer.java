package io.github.gctfjava.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An HTTP server on 127.0.0.1 (free port) whose answer to each request the test decides. */
final class LoopbackServer implements AutoCloseable {
  /** How to answer request number {@code index} (0-based). */
  interface Responder {
    void respond(HttpExchange exchange, int index) throws IOException;
  }

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  private final HttpServer server;

  /** The Range header of each request received, "" when absent. */
  final List<String> ranges = new CopyOnWriteArrayList<>();

  LoopbackServer(Responder responder) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          ranges.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("Range")).replace("null", ""));
          try (exchange) {
            responder.respond(exchange, ranges.size() - 1);
          }
        });
    server.start();
  }

  URI uri(String fileName) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + fileName);
  }

  /**
   * 200 with all of {@code body}, or 206 with its tail when asked for a range and {@code ranges} is
   * on.
   */
  static void serve(HttpExchange exchange, byte[] body, boolean ranges) throws IOException {
    Matcher range = RANGE.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Range")));
    int from = ranges && range.matches() ? Integer.parseInt(range.group(1)) : 0;
    if (from > 0) {
      exchange
          .getResponseHeaders()
          .add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
    }
    exchange.sendResponseHeaders(from > 0 ? 206 : 200, body.length - from);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body, from, body.length - from);
    }
  }

  /**
   * Announces all of {@code body} but sends only its first {@code sent} bytes, then drops the
   * connection.
   */
  static void cut(HttpExchange exchange, byte[] body, int sent) throws IOException {
    exchange.sendResponseHeaders(200, body.length);
    OutputStream out = exchange.getResponseBody();
    out.write(body, 0, sent);
    out.flush();
    exchange.close();
  }

  static void status(HttpExchange exchange, int code) throws IOException {
    exchange.sendResponseHeaders(code, -1);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
