package com.auroracdc.security;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on loopback that plays the first steps of a PostgreSQL login, as an impostor would: it refuses TLS,
 * then asks for the password in the way it was told to (clear text or MD5), and keeps every byte the client sent
 * after that. It counts the connections it accepted: the attacker suite's "zero connections opened".
 */
final class FakePostgres implements AutoCloseable {
    /** What the server asks for after the startup message. */
    enum Ask {
        /** AuthenticationCleartextPassword (R, code 3): the password itself comes back. */
        CLEARTEXT_PASSWORD,
        /** AuthenticationMD5Password (R, code 5, salt): an MD5 of it, open to offline guessing. */
        MD5_PASSWORD
    }

    private final ServerSocket server;
    private final Ask ask;
    private final AtomicInteger accepted = new AtomicInteger();
    private final ByteArrayOutputStream afterAsking = new ByteArrayOutputStream();

    private FakePostgres(Ask ask) throws IOException {
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.ask = ask;
        Thread thread = new Thread(this::serve, "fake-postgres-" + server.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    static FakePostgres start(Ask ask) {
        try {
            return new FakePostgres(ask);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    /** Everything the client sent once asked for its password (a PasswordMessage starts with 'p'). */
    synchronized byte[] sentAfterAsking() {
        return afterAsking.toByteArray();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                accepted.incrementAndGet();
                socket.setSoTimeout(5_000);
                converse(new DataInputStream(socket.getInputStream()), new DataOutputStream(socket.getOutputStream()));
            } catch (IOException e) {
                // the client hung up (as it should when refusing) or the server was closed
            }
        }
    }

    private void converse(DataInputStream in, DataOutputStream out) throws IOException {
        int length = in.readInt();
        int code = in.readInt();
        in.readNBytes(length - 8);
        if (code == 80877103 || code == 80877104) { // SSLRequest, GSSENCRequest: no TLS here
            out.writeByte('N');
            out.flush();
            length = in.readInt();
            in.readNBytes(length - 4);
        }
        out.writeByte('R');
        if (ask == Ask.CLEARTEXT_PASSWORD) {
            out.writeInt(8);
            out.writeInt(3);
        } else {
            out.writeInt(12);
            out.writeInt(5);
            out.write(new byte[] {1, 2, 3, 4});
        }
        out.flush();
        record(in);
    }

    private void record(InputStream in) throws IOException {
        byte[] buffer = new byte[512];
        int n;
        while ((n = in.read(buffer)) > 0) {
            synchronized (this) {
                afterAsking.write(buffer, 0, n);
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
