package com.auroracdc.internal.privatelink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves a host name to its IPv4 addresses. How the writer's private address is learned: RDS's API does not state an
 * instance's address, but documents that the DNS name of an instance that is not publicly accessible "resolves to a
 * private IP address" (and a publicly accessible one's resolves to the private address from within its VPC), see
 * local/FIDELITY.md, "PrivateLink: the writer's private address".
 */
@FunctionalInterface
public interface HostResolver {
    /** The name's IPv4 addresses, empty when it does not resolve (yet: a new instance's name takes a moment). */
    List<String> ipv4(String hostName);

    /** The JVM's resolver (in Lambda: the VPC's resolver when the function is in the VPC, else public DNS). */
    static HostResolver system() {
        return hostName -> {
            try {
                return Arrays.stream(InetAddress.getAllByName(hostName))
                        .filter(a -> a.getAddress().length == 4).map(InetAddress::getHostAddress).toList();
            } catch (UnknownHostException e) {
                return List.of();
            }
        };
    }
}
