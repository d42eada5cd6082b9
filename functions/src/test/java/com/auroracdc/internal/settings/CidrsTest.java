package com.auroracdc.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrsTest {
    @ParameterizedTest(name = "{0}: public {1}")
    @CsvSource({
            // wider than a /24 and outside every private or special-purpose range
            "0.0.0.0/0, true", "0.0.0.0/1, true", "128.0.0.0/1, true", "52.0.0.0/8, true", "52.1.2.0/23, true",
            // a /24 or narrower is never public, wherever it is
            "52.1.2.0/24, false", "3.215.237.32/27, false", "52.6.209.3/32, false",
            // private and special-purpose ranges, at any width inside them
            "10.0.0.0/8, false", "10.128.0.0/9, false", "172.16.0.0/12, false", "172.31.0.0/16, false",
            "192.168.0.0/16, false", "100.64.0.0/10, false", "127.0.0.0/8, false", "169.254.0.0/16, false",
            // partly outside a private range: public
            "10.0.0.0/7, true", "172.0.0.0/8, true", "100.0.0.0/8, true", "192.168.0.0/15, true",
            // IPv6: wider than a /48 outside ULA, loopback and link-local
            "::/0, true", "::/1, true", "8000::/1, true", "2600::/32, true", "2600:1f18::/47, true",
            "2600:1f18::/48, false", "2600:1f18:1:2::/64, false", "::1/128, false",
            "fc00::/7, false", "fd12:3456::/32, false", "fe80::/10, false", "fe80::/9, true"})
    void isPublic_whenCidr_judgesRangeAndWidth(String cidr, boolean expected) {
        assertThat(Cidrs.isPublic(cidr)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "3.215.237.32/27 52.6.209.3/32|",
            "0.0.0.0/1 128.0.0.0/1|0.0.0.0/1 128.0.0.0/1",
            "10.0.0.0/8 52.0.0.0/8 2600:1f18::/48 2600::/32|52.0.0.0/8 2600::/32"})
    void publicOnes_whenList_namesEachPublicCidrInOrder(String cidrs, String expected) {
        assertThat(Cidrs.publicOnes(List.of(cidrs.split(" "))))
                .isEqualTo(expected == null ? List.of() : List.of(expected.split(" ")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "255.255.255.255/32, 255.255.255.255/32", "0.0.0.0/0, 0.0.0.0/0", "010.001.000.000/16, 10.1.0.0/16",
            // EC2's IPv6 form: the longest run of two or more zero groups becomes ::, a single zero group stays
            "::/0, ::/0", "::1/128, ::1/128", "2001:DB8:0:0:0:0:0:0/32, 2001:db8::/32",
            "2001:db8:0:0:1:2:3:4/128, 2001:db8::1:2:3:4/128", "2001:db8:0:1:2:3:4:5/128, 2001:db8:0:1:2:3:4:5/128",
            "2001:0:0:1:0:0:0:0/128, 2001:0:0:1::/128", "1:2:3:4:5:6:0:0/128, 1:2:3:4:5:6::/128"})
    void canonical_whenValid_isEc2sSpelling(String cidr, String expected) {
        assertThat(Cidrs.canonical(cidr)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "256.0.0.0/8|'256.0.0.0/8' has an octet above 255",
            "10.0.0.0/33|'10.0.0.0/33' has a prefix longer than 32",
            "2001:db8::/129|'2001:db8::/129' has a prefix longer than 128",
            "10.0.0.1/24|'10.0.0.1/24' has host bits set; use its network address",
            "2001:db8::1/64|'2001:db8::1/64' has host bits set; use its network address",
            "10.0.0.0|'10.0.0.0' is not a CIDR such as 203.0.113.0/27 or 2001:db8::/64",
            "2001:db8:::1/128|'2001:db8:::1/128' is not a valid IPv6 CIDR"})
    void canonical_whenMalformed_saysWhatIsWrong(String cidr, String message) {
        assertThatThrownBy(() -> Cidrs.canonical(cidr)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
