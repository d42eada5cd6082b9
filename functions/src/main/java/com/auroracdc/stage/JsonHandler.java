package com.auroracdc.stage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A thin Lambda handler: JSON in, {@link #handle}, JSON out, through {@link Json} (records, no reflection
 * surprises). Tests and the local runner call {@link #handleRequest} with the same bytes Lambda would.
 */
public abstract class JsonHandler<I, O> implements RequestStreamHandler {
    private final Class<I> inputType;

    protected JsonHandler(Class<I> inputType) {
        this.inputType = inputType;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) {
        Json.write(output, handle(Json.read(input, inputType)));
    }

    public abstract O handle(I input);
}
