package com.auroracdc.internal.stage;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link JsonHandler}: SnapStart priming may run its whole {@code handle} on the sample input, every AWS call
 * answered offline. Only for handlers whose every outside call goes through {@code AwsClients}' clients: one that
 * opens any other connection (JDBC) must not carry it, since that connection would be opened before the snapshot
 * and be dead after restore. Nor may it keep anything it read from AWS beyond one invocation (after priming that
 * would be the canned answers), nor write anything outside (metric lines on stdout are metrics: the canned cluster
 * would appear in them). Without it a handler warms only what {@code primeWithoutInvoking} does.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PrimeByInvoking {
}
