package com.auroracdc.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

/** A real SDK client against a loopback endpoint that answers as AWS does when it fails. */
class AwsCallExceptionTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private RdsClient rdsAnswering(int status, String code, String message) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("<ErrorResponse><Error><Type>Receiver</Type><Code>" + code + "</Code><Message>" + message
                    + "</Message></Error><RequestId>req-1</RequestId></ErrorResponse>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.getResponseHeaders().add("x-amzn-RequestId", "req-1");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return RdsClient.builder().region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    private static AutopilotException named(Runnable call) {
        return AwsCallException.named(catchThrowableOfType(SdkException.class, call::run));
    }

    @Test
    void named_whenTheServiceAnswers500_namesTheCallCodeAndWhatToCheck() throws Exception {
        try (RdsClient rds = rdsAnswering(500, "InternalFailure", "We encountered an internal error.")) {
            AutopilotException error = named(rds::describeDBEngineVersions);
            assertThat(error).isInstanceOf(AwsCallException.class);
            assertThat(error.getMessage()).startsWith("RDS DescribeDBEngineVersions failed: HTTP 500, error code InternalFailure")
                    .contains("request ID req-1", "AWS Health Dashboard").doesNotContain("null");
        }
    }

    @Test
    void named_whenAccessIsDenied_pointsAtTheIamPolicy() throws Exception {
        try (RdsClient rds = rdsAnswering(403, "AccessDenied", "User is not authorized to perform rds:DescribeDBClusters")) {
            AutopilotException error = named(rds::describeDBClusters);
            assertThat(error.getMessage()).startsWith("RDS DescribeDBClusters failed: HTTP 403, error code AccessDenied")
                    .contains("IAM policy");
        }
    }

    @Test
    void named_whenTheTokenExpired_isACredentialsError() throws Exception {
        try (RdsClient rds = rdsAnswering(403, "ExpiredToken", "The security token included in the request is expired")) {
            assertThat(named(rds::describeDBClusters)).isInstanceOf(AwsCredentialsException.class)
                    .hasMessageContaining("refresh them");
        }
    }

    @Test
    void named_whenNoRegionOrNoCredentials_givesOneLineNamedErrors() {
        assertThat(AwsCallException.named(SdkClientException.create("Unable to load region from any of the providers in the chain")))
                .isInstanceOf(AwsRegionException.class).hasMessageContaining("AWS_REGION").hasMessageNotContaining("\n");
        assertThat(AwsCallException.named(SdkClientException.create("Unable to load credentials from any of the providers in the chain")))
                .isInstanceOf(AwsCredentialsException.class).hasMessageContaining("AWS_PROFILE").hasMessageNotContaining("\n");
    }
}
