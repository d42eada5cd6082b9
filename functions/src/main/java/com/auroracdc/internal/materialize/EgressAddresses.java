package com.auroracdc.internal.materialize;

import com.auroracdc.errors.MaterializeEgressAddressesException;
import com.auroracdc.internal.settings.Cidrs;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Materialize's egress addresses: the CIDR blocks every connection Materialize opens comes from
 * ({@code mz_catalog.mz_egress_ips}: {@code egress_ip} text, the start of the range; {@code prefix_length} integer;
 * {@code cidr} text). Materialize says they may change (rarely, with notice), so they are read, not remembered.
 */
public final class EgressAddresses {
    /** The one query: every column, so a row whose {@code cidr} is null is still read from the other two. */
    public static final String QUERY = "SELECT egress_ip, prefix_length, cidr FROM mz_catalog.mz_egress_ips ORDER BY cidr";

    /** IPv4 before IPv6, then by network address, then shorter prefix first. */
    private static final Comparator<String> ORDER = Comparator.<String>comparingInt(cidr -> Cidrs.isIpv6(cidr) ? 1 : 0)
            .thenComparing(EgressAddresses::network)
            .thenComparingInt(cidr -> Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1)));

    private EgressAddresses() {
    }

    /**
     * Reads the egress CIDRs: canonical (as {@link Cidrs#canonical} writes them), distinct, sorted (IPv4 first, by
     * address). Throws {@link MaterializeEgressAddressesException} for an empty list or an entry that is not an IPv4 or
     * IPv6 CIDR; the query's own failures are {@link MaterializeSqlApi}'s named errors.
     */
    public static List<String> read(MaterializeSqlApi api) {
        return fromResult(api.query(QUERY), "Materialize at " + api.host());
    }

    /** The CIDRs of the query's result (see {@link #read}); {@code where} names the Materialize for messages. */
    static List<String> fromResult(Result result, String where) {
        List<String> cidrs = new ArrayList<>();
        List<String> cidr = result.columns().contains("cidr") ? result.texts("cidr") : null;
        List<String> start = result.columns().contains("egress_ip") ? result.texts("egress_ip") : null;
        List<String> prefix = result.columns().contains("prefix_length") ? result.texts("prefix_length") : null;
        if (cidr == null && (start == null || prefix == null)) {
            throw new MaterializeEgressAddressesException(where + " answered mz_egress_ips without the column cidr nor"
                    + " egress_ip and prefix_length (columns: " + result.columns() + "). The Materialize version may"
                    + " name them otherwise; this automation needs an update for it.");
        }
        for (int row = 0; row < result.rows().size(); row++) {
            String value = cidr == null ? null : cidr.get(row);
            if (value == null && start != null && prefix != null && start.get(row) != null && prefix.get(row) != null) {
                value = start.get(row) + "/" + prefix.get(row);
            }
            if (value == null) {
                throw new MaterializeEgressAddressesException(where + " listed an egress address without a CIDR (row "
                        + (row + 1) + " of mz_egress_ips has neither cidr nor egress_ip and prefix_length). Nothing was"
                        + " changed; check SELECT * FROM mz_egress_ips in Materialize.");
            }
            try {
                cidrs.add(Cidrs.canonical(value.strip()));
            } catch (IllegalArgumentException e) {
                throw new MaterializeEgressAddressesException(where + " listed an egress address that is not an IPv4 or"
                        + " IPv6 CIDR: " + e.getMessage() + ". Nothing was changed; check SELECT * FROM mz_egress_ips"
                        + " in Materialize.", e);
            }
        }
        if (cidrs.isEmpty()) {
            throw new MaterializeEgressAddressesException(where + " lists no egress address (mz_catalog.mz_egress_ips is"
                    + " empty). Nothing was changed: an empty list never revokes every rule. A Materialize without"
                    + " static egress addresses (e.g. self-managed) has none to read; give the CIDRs its connections come"
                    + " from explicitly instead.");
        }
        TreeSet<String> sorted = new TreeSet<>(ORDER);
        sorted.addAll(cidrs);
        return List.copyOf(sorted);
    }

    private static BigInteger network(String cidr) {
        try {
            return new BigInteger(1, InetAddress.getByName(cidr.substring(0, cidr.indexOf('/'))).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("A canonical CIDR is an address literal: " + cidr, e);
        }
    }
}
