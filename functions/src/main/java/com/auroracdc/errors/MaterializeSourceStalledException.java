package com.auroracdc.errors;

/** Materialize reports the source (or one of its tables) stalled or failed, with its error text, or the objects are gone. */
public final class MaterializeSourceStalledException extends AutopilotException {
    public MaterializeSourceStalledException(String message) {
        super(message);
    }
}
