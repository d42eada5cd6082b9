package com.auroracdc.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceRequest;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceResponse;
import software.amazon.awssdk.services.rds.model.DBEngineVersion;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbEngineVersionsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbEngineVersionsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * Hand-written SDK client doubles for the unit tests: record the requests and answer what the test says
 * (Mockito needs seconds to mock clients as large as Ec2Client). Unset answers throw like a missing stub.
 */
final class Fakes {
    private Fakes() {
    }

    static final class Rds implements RdsClient {
        final List<Object> requests = new ArrayList<>();
        Function<DescribeDbClustersRequest, DescribeDbClustersResponse> clusters;
        Function<DescribeDbInstancesRequest, DescribeDbInstancesResponse> instances =
                r -> DescribeDbInstancesResponse.builder().build();
        String family = "aurora-postgresql16";
        RuntimeException tagFailure;

        @Override
        public DescribeDbClustersResponse describeDBClusters(DescribeDbClustersRequest request) {
            requests.add(request);
            return clusters.apply(request);
        }

        @Override
        public DescribeDbInstancesResponse describeDBInstances(DescribeDbInstancesRequest request) {
            requests.add(request);
            return instances.apply(request);
        }

        @Override
        public DescribeDbEngineVersionsResponse describeDBEngineVersions(DescribeDbEngineVersionsRequest request) {
            requests.add(request);
            return DescribeDbEngineVersionsResponse.builder()
                    .dbEngineVersions(DBEngineVersion.builder().dbParameterGroupFamily(family).build()).build();
        }

        @Override
        public AddTagsToResourceResponse addTagsToResource(AddTagsToResourceRequest request) {
            requests.add(request);
            if (tagFailure != null) {
                throw tagFailure;
            }
            return AddTagsToResourceResponse.builder().build();
        }

        <T> List<T> requests(Class<T> type) {
            return requests.stream().filter(type::isInstance).map(type::cast).toList();
        }

        @Override
        public String serviceName() {
            return "rds";
        }

        @Override
        public void close() {
        }
    }

    static final class Ec2 implements Ec2Client {
        @Override
        public String serviceName() {
            return "ec2";
        }

        @Override
        public void close() {
        }
    }

    static final class Events implements EventBridgeClient {
        final List<PutEventsRequest> requests = new ArrayList<>();
        /** How many entries of the next calls fail (once each). */
        int failNext;
        /** Thrown by every call (as the SDK does once its retries are used up). */
        RuntimeException failure;

        @Override
        public PutEventsResponse putEvents(PutEventsRequest request) {
            requests.add(request);
            if (failure != null) {
                throw failure;
            }
            List<PutEventsResultEntry> results = new ArrayList<>();
            int failed = 0;
            for (int i = 0; i < request.entries().size(); i++) {
                if (failNext > 0) {
                    failNext--;
                    failed++;
                    results.add(PutEventsResultEntry.builder().errorCode("ThrottlingException").build());
                } else {
                    results.add(PutEventsResultEntry.builder().eventId("e" + i).build());
                }
            }
            return PutEventsResponse.builder().failedEntryCount(failed).entries(results).build();
        }

        @Override
        public String serviceName() {
            return "events";
        }

        @Override
        public void close() {
        }
    }

    static final class Sfn implements SfnClient {
        final List<StartExecutionRequest> started = new ArrayList<>();
        final List<String> running = new ArrayList<>();
        /** Finished executions, newest first (ListExecutions lists running ones, then these). */
        final List<ExecutionListItem> finished = new ArrayList<>();
        int listCalls;

        void finished(String name, ExecutionStatus status) {
            finished.add(ExecutionListItem.builder().name(name).status(status).build());
        }

        @Override
        public ListExecutionsResponse listExecutions(ListExecutionsRequest request) {
            listCalls++;
            List<ExecutionListItem> all = new ArrayList<>();
            running.reversed().forEach(name -> all.add(ExecutionListItem.builder().name(name).status(ExecutionStatus.RUNNING).build()));
            all.addAll(finished);
            return ListExecutionsResponse.builder().executions(all.stream()
                    .filter(e -> request.statusFilter() == null || e.status() == request.statusFilter()).toList()).build();
        }

        @Override
        public StartExecutionResponse startExecution(StartExecutionRequest request) {
            started.add(request);
            running.add(request.name());
            return StartExecutionResponse.builder().executionArn("arn:aws:states:us-east-1:123456789012:execution:setup:"
                    + request.name()).build();
        }

        @Override
        public String serviceName() {
            return "states";
        }

        @Override
        public void close() {
        }
    }
}
