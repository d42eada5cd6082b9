package com.auroracdc.internal.settings;

/** How the database connection checks the server. Only verify-full is meant for real clusters. */
public enum SslMode implements Choice {
    /** TLS, certificate chained to the bundled Amazon RDS CA, host name checked. The default. */
    VERIFY_FULL,
    /** TLS without certificate checks: for tunnels and local use only. */
    REQUIRE,
    /** No TLS: for the embedded local database only. */
    DISABLE;

    @Override
    public String toString() {
        return value();
    }
}
