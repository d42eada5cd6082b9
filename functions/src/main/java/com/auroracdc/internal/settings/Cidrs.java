package com.auroracdc.internal.settings;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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

    /**
     * What "public" means: a CIDR that is not entirely inside a private or special-purpose range ({@link #NOT_PUBLIC})
     * and is wider than an IPv4 /24 or an IPv6 /48 (a shorter prefix). Judged per CIDR: a list of small ones stays
     * bounded by the security group's inbound rule limit (60 by default), and every piece of a split internet
     * ({@code 0.0.0.0/1 128.0.0.0/1}) is itself public. Materialize's egress ranges are a /27 and a /32 per region.
     */
    public static final String PUBLIC_BOUND = "wider than an IPv4 /24 or an IPv6 /48 and not inside a private or"
            + " special-purpose range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16,"
            + " fc00::/7, ::1/128, fe80::/10)";
    /** RFC 1918, shared address space (RFC 6598), loopback, link-local; IPv6 unique local, loopback, link-local. */
    private static final List<Block> NOT_PUBLIC = Stream.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "fc00::/7", "::1/128", "fe80::/10").map(Block::of).toList();
    private static final int WIDEST_IPV4 = 24;
    private static final int WIDEST_IPV6 = 48;

    /** Whether this CIDR is public (see {@link #PUBLIC_BOUND}). */
    public static boolean isPublic(String cidr) {
        Block block = Block.of(cidr);
        return block.prefix() < (block.bits() == 32 ? WIDEST_IPV4 : WIDEST_IPV6)
                && NOT_PUBLIC.stream().noneMatch(range -> range.bits() == block.bits() && range.contains(block));
    }

    /** The public CIDRs of a list, in its order (see {@link #PUBLIC_BOUND}). */
    public static List<String> publicOnes(List<String> cidrs) {
        return cidrs.stream().filter(Cidrs::isPublic).toList();
    }

    private record Block(BigInteger network, int prefix, int bits) {
        static Block of(String cidr) {
            String canonical = canonical(cidr);
            int slash = canonical.indexOf('/');
            try {
                byte[] address = InetAddress.getByName(canonical.substring(0, slash)).getAddress();
                return new Block(new BigInteger(1, address), Integer.parseInt(canonical.substring(slash + 1)), address.length * 8);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + cidr + "' is not a CIDR", e);
            }
        }

        boolean contains(Block other) {
            return prefix <= other.prefix && network.equals(other.network.shiftRight(bits - prefix).shiftLeft(bits - prefix));
        }
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
            String zeros = String.join(":", Collections.nCopies(length, "0"));
            String padded = ":" + full + ":";
            int at = padded.indexOf(":" + zeros + ":");
            if (at >= 0) {
                best = (padded.substring(0, at) + "::" + padded.substring(at + zeros.length() + 2)).replaceAll("^:(?!:)|(?<!:):$", "");
            }
        }
        return best == null ? full : best;
    }
}
