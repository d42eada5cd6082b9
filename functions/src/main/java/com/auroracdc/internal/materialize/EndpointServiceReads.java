package com.auroracdc.internal.materialize;

import com.auroracdc.internal.aws.Pages;
import com.auroracdc.internal.settings.Tags;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointConnectionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointConnectionsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointServiceConfigurationsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The EC2 reads of the source stage on the PrivateLink path, made only when the endpoint service requires acceptance and
 * the PostgreSQL connection is still to be created: our endpoint service, found by the name the PrivateLink stage
 * reported, and its endpoint connections.
 */
public interface EndpointServiceReads {
    /** Reads through EC2, every page. */
    static EndpointServiceReads direct(Ec2Client ec2) {
        return new EndpointServiceReads() {
            @Override
            public Optional<PrivateLinkObservation.Service> service(String serviceName) {
                return Pages.all(token -> ec2.describeVpcEndpointServiceConfigurations(r -> r.nextToken(token)
                                        .filters(Filter.builder().name("service-name").values(serviceName).build())),
                                DescribeVpcEndpointServiceConfigurationsResponse::nextToken,
                                DescribeVpcEndpointServiceConfigurationsResponse::serviceConfigurations).stream()
                        .filter(s -> serviceName.equals(s.serviceName())).findFirst()
                        .map(s -> new PrivateLinkObservation.Service(s.serviceId(), s.tags().stream().anyMatch(t ->
                                Tags.MANAGED_BY.equals(t.key()) && Tags.MANAGED_BY_VALUE.equals(t.value()))));
            }

            @Override
            public List<PrivateLinkObservation.EndpointConnection> connections(String serviceId) {
                return Pages.all(token -> ec2.describeVpcEndpointConnections(DescribeVpcEndpointConnectionsRequest.builder()
                                        .filters(Filter.builder().name("service-id").values(serviceId).build())
                                        .nextToken(token).build()),
                                DescribeVpcEndpointConnectionsResponse::nextToken,
                                DescribeVpcEndpointConnectionsResponse::vpcEndpointConnections).stream()
                        .map(c -> new PrivateLinkObservation.EndpointConnection(c.vpcEndpointId(), c.vpcEndpointOwner(),
                                c.vpcEndpointStateAsString())).toList();
            }
        };
    }

    /** The endpoint service of this name, if it exists. */
    Optional<PrivateLinkObservation.Service> service(String serviceName);

    /** The service's endpoint connections. */
    List<PrivateLinkObservation.EndpointConnection> connections(String serviceId);
}
