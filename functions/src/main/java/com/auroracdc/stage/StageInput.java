package com.auroracdc.stage;

import com.auroracdc.cluster.SetupContext;

/** The input of every stage after Inspect: {@code {"context": {...}}} as the state machine passes it. */
public record StageInput(SetupContext context) {
}
