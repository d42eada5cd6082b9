package com.auroracdc.internal.privatelink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrivateLinkNamesTest {
    @Test
    void name_whenShortIdentifier_isPrefixedWhole() {
        assertThat(PrivateLinkNames.name("orders-prod")).isEqualTo("mz-cdc-orders-prod");
        String longest = "a".repeat(PrivateLinkNames.WHOLE_UP_TO);
        assertThat(PrivateLinkNames.name(longest)).isEqualTo("mz-cdc-" + longest).hasSize(31);
    }

    @Test
    void name_whenLongIdentifier_isCutAndHashedToExactly32() {
        String a = "orders-prod-eu-west-1-analytics-replica-cluster";
        String b = "orders-prod-eu-west-1-analytics-replica-cluster-2";
        assertThat(PrivateLinkNames.name(a)).hasSize(32).startsWith("mz-cdc-orders-prod-eu-w").matches("[a-z0-9-]+")
                .doesNotEndWith("-");
        assertThat(PrivateLinkNames.name(a)).isNotEqualTo(PrivateLinkNames.name(b)).isEqualTo(PrivateLinkNames.name(a));
        assertThat(PrivateLinkNames.name("x".repeat(63))).hasSize(32);
    }

    @Test
    void name_whenCutEndsInHyphen_dropsIt() {
        // 16 characters kept: "abcdefghijklmno-" ends in a hyphen, which must not be followed by the hash's hyphen.
        String id = "abcdefghijklmno-pqrstuvwxyz";
        assertThat(PrivateLinkNames.name(id)).startsWith("mz-cdc-abcdefghijklmno-").doesNotContain("--");
    }

    @Test
    void ours_whenTagsNameThisCluster_only() {
        assertThat(PrivateLinkNames.ours(PrivateLinkNames.tags("orders"), "orders")).isTrue();
        assertThat(PrivateLinkNames.ours(PrivateLinkNames.tags("orders"), "billing")).isFalse();
        assertThat(PrivateLinkNames.ours(Map.of("managed-by", "someone-else", PrivateLinkNames.CLUSTER_TAG, "orders"), "orders"))
                .isFalse();
    }

    @Test
    void endpointServiceToken_isStablePerLoadBalancerAndFits64() {
        assertThat(PrivateLinkNames.endpointServiceToken("arn:a")).isEqualTo(PrivateLinkNames.endpointServiceToken("arn:a"))
                .isNotEqualTo(PrivateLinkNames.endpointServiceToken("arn:b")).hasSizeLessThanOrEqualTo(64);
    }

    @Test
    void inCidr_acceptsOnlyIpv4InTheBlock() {
        assertThat(Ipv4.inCidr("10.0.1.10", "10.0.1.0/24")).isTrue();
        assertThat(Ipv4.inCidr("10.0.2.10", "10.0.1.0/24")).isFalse();
        assertThat(Ipv4.inCidr("54.1.2.3", "10.0.0.0/8")).isFalse();
        assertThat(Ipv4.inCidr("fe80::1", "10.0.0.0/8")).isFalse();
        assertThat(Ipv4.inCidr("10.0.1.256", "10.0.0.0/8")).isFalse();
        assertThat(Ipv4.inCidr("10.0.1.1", "10.0.0.0")).isFalse();
        assertThat(Ipv4.inCidr("1.2.3.4", "0.0.0.0/0")).isTrue();
    }
}
