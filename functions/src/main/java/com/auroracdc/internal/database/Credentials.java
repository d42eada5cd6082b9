package com.auroracdc.internal.database;

/** A database user name and password. {@link #toString} never shows the password. */
public record Credentials(String username, String password) {
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=****]";
    }
}
