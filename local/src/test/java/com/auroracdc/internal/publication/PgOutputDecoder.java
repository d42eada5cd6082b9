package com.auroracdc.internal.publication;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Decodes the pgoutput messages the CDC test needs (protocol version 1): relations, inserts, updates, deletes. */
final class PgOutputDecoder {
    /** One decoded row change; {@code oldRow} is null when the stream carried none. */
    record RowChange(char kind, String table, List<String> oldRow, List<String> newRow) {
    }

    private final Map<Integer, String> relations = new HashMap<>();
    final List<RowChange> changes = new ArrayList<>();
    int commits;

    void accept(ByteBuffer buffer) {
        char type = (char) buffer.get();
        switch (type) {
            case 'R' -> {
                int id = buffer.getInt();
                String schema = cString(buffer);
                String name = cString(buffer);
                relations.put(id, schema + "." + name);
            }
            case 'I' -> {
                int id = buffer.getInt();
                buffer.get(); // 'N'
                changes.add(new RowChange('I', relations.get(id), null, tuple(buffer)));
            }
            case 'U' -> {
                int id = buffer.getInt();
                char marker = (char) buffer.get();
                List<String> old = null;
                if (marker == 'O' || marker == 'K') {
                    old = tuple(buffer);
                    buffer.get(); // 'N'
                }
                changes.add(new RowChange('U', relations.get(id), old, tuple(buffer)));
            }
            case 'D' -> {
                int id = buffer.getInt();
                buffer.get(); // 'O' or 'K'
                changes.add(new RowChange('D', relations.get(id), tuple(buffer), null));
            }
            case 'C' -> commits++;
            default -> {
                // B (begin), Y (type), O (origin), T (truncate), M (message): not needed here.
            }
        }
    }

    private static List<String> tuple(ByteBuffer buffer) {
        int columns = buffer.getShort();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            char kind = (char) buffer.get();
            if (kind == 't') {
                byte[] bytes = new byte[buffer.getInt()];
                buffer.get(bytes);
                values.add(new String(bytes, StandardCharsets.UTF_8));
            } else {
                values.add(kind == 'n' ? null : "<unchanged>");
            }
        }
        return values;
    }

    private static String cString(ByteBuffer buffer) {
        StringBuilder text = new StringBuilder();
        List<Byte> bytes = new ArrayList<>();
        byte b;
        while ((b = buffer.get()) != 0) {
            bytes.add(b);
        }
        byte[] array = new byte[bytes.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = bytes.get(i);
        }
        return text.append(new String(array, StandardCharsets.UTF_8)).toString();
    }
}
