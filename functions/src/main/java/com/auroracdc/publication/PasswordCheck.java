package com.auroracdc.publication;

/** Whether the password stored in the secret still opens the replication user's account. */
public enum PasswordCheck {
    /** The database accepted the stored password. */
    MATCHES,
    /** The database refused it: someone changed the role's password, or a previous run stopped half-way. */
    MISMATCH,
    /** No role or no stored password to try. */
    NOT_CHECKED
}
