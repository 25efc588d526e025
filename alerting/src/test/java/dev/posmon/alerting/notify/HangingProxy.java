package dev.posmon.alerting.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A receiver that hangs, in front of a real one: while hanging it accepts TCP connections and holds them open
 * without reading or answering a byte (a process stuck, a half-dead load balancer); once {@link #recover()}ed it
 * drops the held connections (as a restarted receiver would) and forwards every new connection to the target,
 * keeping a copy of what clients sent (their requests, headers included).
 */
final class HangingProxy implements AutoCloseable {

    private final int targetPort;
    private final ServerSocket server;
    private final AtomicBoolean hanging = new AtomicBoolean(true);
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final StringBuffer requests = new StringBuffer();

    HangingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "hanging-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections held open, unanswered, right now. */
    int hungConnections() {
        return (int) held.stream().filter(socket -> !socket.isClosed()).count();
    }

    /** What clients sent through to the target since it recovered. */
    String forwardedRequests() {
        return requests.toString();
    }

    void hang() {
        hanging.set(true);
    }

    void recover() {
        hanging.set(false);
        for (Socket socket : held) {
            closeQuietly(socket);
        }
        held.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                if (hanging.get()) {
                    held.add(client);
                } else {
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    open.add(upstream);
                    pump(client, upstream, true);
                    pump(upstream, client, false);
                }
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to, boolean request) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            if (request) {
                                requests.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // one side closed
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "hanging-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(HangingProxy::closeQuietly);
    }
}
