package com.auroracdc.internal.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * What a first real AWS call still loaded after {@link Offline} priming (about 10–16 ms for the default credential
 * chain, 17–18 ms for the first socket and {@code HttpURLConnection}), loaded before the SnapStart snapshot
 * instead, with no remote call and no credential:
 * <ul>
 *   <li>the default credential chain: a throwaway {@link DefaultCredentialsProvider} builds its chain and resolves
 *       from its first source, system properties set to a placeholder for that moment only. Nothing is asked of the
 *       container or instance metadata endpoints, and the clients' own provider is untouched, so no credential is
 *       cached into the snapshot;</li>
 *   <li>a socket and an {@code HttpURLConnection}, to a one-shot HTTP answer on the loopback interface (the request
 *       never leaves the sandbox; both ends are closed before the snapshot). TLS is not primed: it needs a server
 *       certificate, and the handshake of the first real call does it.</li>
 * </ul>
 * Once per JVM, whichever handler primes first.
 */
public final class TransportPriming {
    private static final String ACCESS_KEY_PROPERTY = "aws.accessKeyId";
    private static final String SECRET_KEY_PROPERTY = "aws.secretAccessKey";
    private static boolean done;

    private TransportPriming() {
    }

    public static synchronized void run() {
        if (!done) {
            credentialChain();
            loopbackHttp();
            done = true;
        }
    }

    static void credentialChain() {
        String accessKey = System.getProperty(ACCESS_KEY_PROPERTY);
        String secretKey = System.getProperty(SECRET_KEY_PROPERTY);
        System.setProperty(ACCESS_KEY_PROPERTY, "AKIAPRIMINGONLY00000");
        System.setProperty(SECRET_KEY_PROPERTY, "priming-only");
        try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build()) {
            chain.resolveCredentials();
        } finally {
            restore(ACCESS_KEY_PROPERTY, accessKey);
            restore(SECRET_KEY_PROPERTY, secretKey);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    static void loopbackHttp() {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = Thread.ofPlatform().daemon().start(() -> answerOnce(server));
            HttpURLConnection connection = (HttpURLConnection) URI.create(
                    "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort() + "/").toURL().openConnection();
            connection.setConnectTimeout(2_000);
            connection.setReadTimeout(2_000);
            connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
            connection.setDoOutput(true);
            try (OutputStream body = connection.getOutputStream()) {
                body.write("Action=Priming".getBytes(StandardCharsets.UTF_8));
            }
            try (InputStream response = connection.getInputStream()) {
                response.readAllBytes();
            }
            connection.disconnect();
            answer.join(2_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads one request and answers 200 with an empty body, closing the connection (nothing left in keep-alive). */
    private static void answerOnce(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(2_000);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            String received = "";
            while (!received.contains("Action=Priming")) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                received += new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
            }
            socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // The client side reports the failure; the priming is best effort either way.
        }
    }
}
