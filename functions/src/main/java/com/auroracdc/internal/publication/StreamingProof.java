package com.auroracdc.internal.publication;

import com.auroracdc.errors.AutopilotException;
import com.auroracdc.errors.StreamingProofException;
import com.auroracdc.internal.database.Credentials;
import com.auroracdc.internal.database.DatabaseErrors;
import com.auroracdc.internal.database.DatabaseTarget;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.Sql;
import com.auroracdc.internal.database.SqlSession;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * Proves that changes stream, the way Materialize will read them: the replication user opens a replication
 * connection, creates a temporary {@code pgoutput} slot on the publication and streams; the admin session
 * emits a transactional logical message tagged with the execution id; the proof ends when that message (on
 * PostgreSQL 14+, {@code messages} option) or its transaction (on 13, matched by transaction id) comes out
 * of the slot. No customer table is written. The slot is temporary and dropped in every case.
 */
public final class StreamingProof {
    public static final String MESSAGE_PREFIX = "aurora-cdc-autopilot";
    static final String SLOT_PREFIX = "aurora_cdc_proof_";

    /** What was proved. */
    public record Result(String slot, String lsn, long millis, String description) {
    }

    private final PgConnector connector;

    public StreamingProof(PgConnector connector) {
        this.connector = connector;
    }

    public Result prove(DatabaseTarget target, Credentials replicationUser, SqlSession admin, String publication,
                        int serverVersion, String executionId) {
        long started = System.nanoTime();
        String slot = SLOT_PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try (Connection replication = connector.openReplication(target, replicationUser)) {
            PGConnection pg = replication.unwrap(PGConnection.class);
            try {
                pg.getReplicationAPI().createReplicationSlot().logical().withSlotName(slot)
                        .withOutputPlugin("pgoutput").withTemporaryOption().make();
            } catch (SQLException e) {
                throw DatabaseErrors.statement(e, "creating the temporary replication slot " + slot
                        + " (it waits for transactions already running on the writer to end)");
            }
            try {
                return stream(pg, admin, slot, publication, serverVersion, executionId, started,
                        replicationUser.username());
            } finally {
                dropQuietly(pg, slot);
            }
        } catch (SQLException e) {
            throw DatabaseErrors.statement(e, "streaming from the temporary replication slot " + slot);
        } finally {
            dropLeftover(admin, slot);
        }
    }

    private Result stream(PGConnection pg, SqlSession admin, String slot, String publication, int serverVersion,
                          String executionId, long started, String user) throws SQLException {
        Duration limit = connector.timeouts().proof();
        boolean messages = serverVersion >= 140000;
        var builder = pg.getReplicationAPI().replicationStream().logical().withSlotName(slot)
                .withSlotOption("proto_version", "1")
                .withSlotOption("publication_names", Sql.ident(publication))
                .withStatusInterval(1, TimeUnit.SECONDS);
        if (messages) {
            builder = builder.withSlotOption("messages", "true");
        }
        try (PGReplicationStream stream = builder.start()) {
            String content = executionId + " " + slot;
            long xid = emit(admin, content);
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                ByteBuffer buffer = stream.readPending();
                if (buffer == null) {
                    sleepBriefly();
                    continue;
                }
                LogSequenceNumber lsn = stream.getLastReceiveLSN();
                if (messages ? isOurMessage(buffer, content) : isOurTransaction(buffer, xid)) {
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    String what = messages ? "logical message '" + MESSAGE_PREFIX + "' tagged " + executionId
                            : "the transaction (xid " + xid + ") of a logical message tagged " + executionId;
                    return new Result(slot, lsn.asString(), millis, "User " + user + " streamed " + what + " through "
                            + "publication " + publication + " from temporary pgoutput slot " + slot + " at LSN "
                            + lsn.asString() + " in " + millis + " ms; the slot was dropped.");
                }
            }
            throw new StreamingProofException("The logical message emitted through publication " + publication
                    + " did not come out of slot " + slot + " within " + limit.toSeconds() + " s. Check the writer's "
                    + "load (replication lag) and that the publication exists, then run again.");
        }
    }

    /** Emits the message in its own committed transaction; returns that transaction's id (low 32 bits). */
    private static long emit(SqlSession admin, String content) throws SQLException {
        Connection connection = admin.connection();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            long xid = admin.queryOne("SELECT txid_current() % 4294967296", row -> row.getLong(1));
            admin.query("SELECT pg_logical_emit_message(true, ?, ?)", row -> null, MESSAGE_PREFIX, content);
            connection.commit();
            return xid;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** pgoutput 'M': flags (1), LSN (8), prefix (C string), length (4), content. */
    static boolean isOurMessage(ByteBuffer buffer, String content) {
        if (buffer.remaining() < 1 || buffer.get() != 'M') {
            return false;
        }
        buffer.get();
        buffer.getLong();
        String prefix = cString(buffer);
        int length = buffer.getInt();
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return MESSAGE_PREFIX.equals(prefix) && content.equals(new String(bytes, StandardCharsets.UTF_8));
    }

    /** pgoutput 'B': final LSN (8), commit time (8), xid (4). */
    static boolean isOurTransaction(ByteBuffer buffer, long xid) {
        if (buffer.remaining() < 21 || buffer.get() != 'B') {
            return false;
        }
        buffer.getLong();
        buffer.getLong();
        return Integer.toUnsignedLong(buffer.getInt()) == xid;
    }

    private static String cString(ByteBuffer buffer) {
        int start = buffer.position();
        int end = start;
        while (buffer.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        buffer.get(bytes);
        buffer.get();
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamingProofException("Interrupted while waiting for the proof message.");
        }
    }

    private static void dropQuietly(PGConnection pg, String slot) {
        try {
            pg.getReplicationAPI().dropReplicationSlot(slot);
        } catch (SQLException | RuntimeException ignored) {
            // A temporary slot also goes away with its connection; dropLeftover checks.
        }
    }

    /** Belt and braces: if the slot survived (broken connection mid-drop), drop it from the admin session. */
    private static void dropLeftover(SqlSession admin, String slot) {
        try {
            admin.query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                    + "WHERE slot_name = ? AND NOT active", row -> null, slot);
        } catch (SQLException | AutopilotException ignored) {
            // Temporary slots never outlive their session; nothing more to do.
        }
    }
}
