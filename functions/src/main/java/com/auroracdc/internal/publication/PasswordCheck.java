package com.auroracdc.internal.publication;

import com.auroracdc.errors.AutopilotException;
import com.auroracdc.errors.DatabaseAuthenticationException;
import com.auroracdc.internal.database.Credentials;
import com.auroracdc.internal.database.DatabaseTarget;
import com.auroracdc.internal.database.ObservedSecret;
import com.auroracdc.internal.database.PgConnector;
import java.sql.SQLException;

/** Whether the password stored in the secret still opens the replication user's account. */
public enum PasswordCheck {
    /** The database accepted the stored password. */
    MATCHES,
    /** The database refused it: someone changed the role's password, or a previous run stopped half-way. */
    MISMATCH,
    /** No role or no stored password to try. */
    NOT_CHECKED;

    /** Tries the stored password (a login attempt, read-only), as the stage and the drift check both need. */
    public static PasswordCheck of(PgConnector connector, ObservedDatabase db, ObservedSecret secret,
                                   DatabaseTarget target, String role) {
        if (db.role().isEmpty() || !secret.hasPassword() || !db.role().get().canLogin()) {
            return NOT_CHECKED;
        }
        try (var ignored = connector.open(target, new Credentials(role, secret.password()))) {
            return MATCHES;
        } catch (DatabaseAuthenticationException e) {
            return MISMATCH;
        } catch (AutopilotException e) {
            return NOT_CHECKED; // e.g. no CONNECT yet: the password itself was accepted or untested
        } catch (SQLException e) {
            return MATCHES;
        }
    }
}
