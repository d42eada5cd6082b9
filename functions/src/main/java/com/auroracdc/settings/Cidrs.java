package com.auroracdc.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/** CIDR syntax checks. Literal parsing only: never a DNS lookup. */
public final class Cidrs {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]+/(\\d{1,3})");

    private Cidrs() {
    }

    static Object parseList(List<String> tokens) {
        return tokens.stream().map(Cidrs::canonical).distinct().toList();
    }

    public static boolean isIpv6(String cidr) {
        return cidr.contains(":");
    }

    public static boolean isPublicToEveryone(String cidr) {
        return cidr.endsWith("/0");
    }

    /**
     * Returns the CIDR in canonical form, or throws {@link IllegalArgumentException} saying what is wrong.
     * Host bits must be zero (EC2 would otherwise silently widen or refuse the rule).
     */
    public static String canonical(String cidr) {
        byte[] address;
        int prefix;
        var v4 = IPV4.matcher(cidr);
        var v6 = IPV6.matcher(cidr);
        try {
            if (v4.matches()) {
                address = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(v4.group(i + 1));
                    if (octet > 255) {
                        throw new IllegalArgumentException("'" + cidr + "' has an octet above 255");
                    }
                    address[i] = (byte) octet;
                }
                prefix = Integer.parseInt(v4.group(5));
            } else if (v6.matches() && cidr.contains(":")) {
                address = InetAddress.getByName(cidr.substring(0, cidr.indexOf('/'))).getAddress();
                prefix = Integer.parseInt(v6.group(1));
            } else {
                throw new IllegalArgumentException("'" + cidr + "' is not a CIDR such as 203.0.113.0/27 or 2001:db8::/64");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not a valid IPv6 CIDR");
        }
        if (prefix > address.length * 8) {
            throw new IllegalArgumentException("'" + cidr + "' has a prefix longer than " + address.length * 8);
        }
        for (int bit = prefix; bit < address.length * 8; bit++) {
            if ((address[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                throw new IllegalArgumentException("'" + cidr + "' has host bits set; use its network address");
            }
        }
        try {
            String host = InetAddress.getByAddress(address).getHostAddress();
            return (address.length == 16 ? compressIpv6(host) : host) + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Java prints 2001:db8:0:0:0:0:0:0; EC2 reports 2001:db8::. Compare in EC2's form. */
    private static String compressIpv6(String full) {
        String best = null;
        for (int length = 8; length >= 2 && best == null; length--) {
            String zeros = String.join(":", java.util.Collections.nCopies(length, "0"));
            String padded = ":" + full + ":";
            int at = padded.indexOf(":" + zeros + ":");
            if (at >= 0) {
                best = (padded.substring(0, at) + "::" + padded.substring(at + zeros.length() + 2)).replaceAll("^:(?!:)|(?<!:):$", "");
            }
        }
        return best == null ? full : best;
    }
}
