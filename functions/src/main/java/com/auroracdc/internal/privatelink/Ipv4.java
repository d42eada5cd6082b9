package com.auroracdc.internal.privatelink;

/** IPv4 text to number, and CIDR membership: enough to tell a private address of the cluster's subnets. */
final class Ipv4 {
    private Ipv4() {
    }

    /** Whether the address lies in the block; false for anything that is not IPv4. */
    static boolean inCidr(String address, String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return false;
        }
        long ip = parse(address);
        long base = parse(cidr.substring(0, slash));
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (ip < 0 || base < 0 || prefix < 0 || prefix > 32) {
            return false;
        }
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return (ip & mask) == (base & mask);
    }

    /** The address as an unsigned 32-bit number, or -1 when it is not dotted-quad IPv4. */
    static long parse(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return -1;
            }
            value = (value << 8) | octet;
        }
        return value;
    }
}
