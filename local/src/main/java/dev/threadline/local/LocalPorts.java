package dev.threadline.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Port 0 means "any free port"; the stack must know its own before it starts, for the emulators' webhooks. */
final class LocalPorts {

    private LocalPorts() {}

    static int resolve(int port) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}
