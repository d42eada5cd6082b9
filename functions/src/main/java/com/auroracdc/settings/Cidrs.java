package com.auroracdc.settings;

import java.math.BigInteger;
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

    /**
     * Where "public" starts: more addresses than one IPv4 /8 (16,777,216) or one IPv6 /32 (2^96), whether in one
     * CIDR (any IPv4 prefix shorter than /8, IPv6 shorter than /32) or in a union of smaller ones, so
     * {@code 0.0.0.0/1 128.0.0.0/1} counts as the internet it is. Materialize's egress ranges are a /27 and a /32
     * per region; no honest list comes near.
     */
    public static final String PUBLIC_BOUND = "more addresses than one IPv4 /8 or one IPv6 /32, in one CIDR or together";
    private static final BigInteger IPV4_BOUND = BigInteger.ONE.shiftLeft(32 - 8);
    private static final BigInteger IPV6_BOUND = BigInteger.ONE.shiftLeft(128 - 32);

    /** Whether these canonical CIDRs together cover a public-sized range (see {@link #PUBLIC_BOUND}). */
    public static boolean coversPublicRange(List<String> cidrs) {
        return covered(cidrs, false).compareTo(IPV4_BOUND) > 0 || covered(cidrs, true).compareTo(IPV6_BOUND) > 0;
    }

    /**
     * Addresses covered by the IPv4 (or IPv6) CIDRs of the list. Two CIDR blocks are either disjoint or nested,
     * so the union is the sum of the blocks no other block of the list contains.
     */
    static BigInteger covered(List<String> cidrs, boolean ipv6) {
        List<Block> blocks = cidrs.stream().filter(c -> isIpv6(c) == ipv6).map(Block::of).distinct().toList();
        BigInteger total = BigInteger.ZERO;
        for (Block block : blocks) {
            if (blocks.stream().noneMatch(other -> !other.equals(block) && other.contains(block))) {
                total = total.add(block.size());
            }
        }
        return total;
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

        BigInteger size() {
            return BigInteger.ONE.shiftLeft(bits - prefix);
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
