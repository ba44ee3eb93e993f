package io.heartbeat.local.faults;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import io.heartbeat.local.kafka.EmbeddedKafkaServer;
import io.heartbeat.local.kafka.SecuredKafkaServer;
import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.ports.LocalPorts;
import io.heartbeat.testsupport.KafkaTestClients;
import io.heartbeat.testsupport.TestPostgres;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both service jars on a Kafka as managed clusters run it (README, "A secured Kafka"): SASL/PLAIN logins over TLS
 * with a private certificate authority, set with Spring's own variables, and Kafka's authorizer, each service's user
 * granted only the ACLs the README lists.
 */
class SecuredKafkaIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private static final String TOPIC = "heartbeats";

    private static final String GROUP = "heartbeat-consumer";

    /** KAFKA_TOPIC_PARTITIONS' default, which the services declare. */
    private static final int PARTITIONS = 6;

    private static final Map<String, String> USERS = Map.of("heartbeat-producer", "producer-secret",
            "heartbeat-consumer", "consumer-secret");

    /** SIGTERM's exit status: 128 + 15, after the shutdown hook has closed the application. */
    private static final int TERMINATED = 143;

    /** The exit status of a service that could not start. */
    private static final int FAILED = 1;

    @TempDir
    Path workDir;

    private final int saslPort = LocalPorts.anyFree();

    // Without Create, the topics an operator made beforehand, as the README's ACL table allows.
    @ParameterizedTest(name = "Create granted: {0}")
    @ValueSource(booleans = { true, false })
    void bothServicesRunWithTheirLoginsAndOnlyTheDocumentedAcls(boolean create)
            throws ExecutionException, InterruptedException {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        StoredHeartbeats stored = new StoredHeartbeats(database.dataSource());
        try (EmbeddedKafkaServer kafka = startKafka();
                KafkaTestClients clients = new KafkaTestClients(kafka.bootstrapServers(), Map.of())) {
            if (!create) {
                clients.admin().createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1),
                        new NewTopic(TOPIC + ".DLT", PARTITIONS, (short) 1))).all().get();
            }
            clients.admin().createAcls(documentedAcls().stream()
                .filter((acl) -> create || acl.entry().operation() != AclOperation.CREATE).toList()).all().get();
            PipelineEndpoints endpoints = endpoints(database);
            try (ServiceProcess consumer = startConsumer(endpoints, "secured", "consumer-secret");
                    ServiceProcess producer = startProducer(endpoints)) {
                consumer.awaitHealthy(PATIENCE);
                producer.awaitHealthy(PATIENCE);
                await().atMost(PATIENCE).until(() -> stored.count() >= 1_000);
                assertThat(producer.terminate()).isEqualTo(TERMINATED);
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> clients.committedOffsets(GROUP, TOPIC).equals(clients.endOffsets(TOPIC)));
                assertThat(consumer.get("/actuator/health").statusCode()).isEqualTo(200);
                assertThat(consumer.terminate()).isEqualTo(TERMINATED);
                // Not every WARN: on a loaded machine Kafka's client may log that its close timed out.
                assertThat(consumer.output()).contains("Left group heartbeat-consumer as [secured-0, secured-1]")
                    .doesNotContain("Authorization", "authorization", "Not authorized", " ERROR ");
                assertThat(producer.output()).doesNotContain("Authorization", "authorization", "Not authorized",
                        " ERROR ");
            }
            stored.assertEachRecordStoredOnce(clients.endOffsets(TOPIC));
            stored.assertOneAlertPerViolation();
        }
    }

    @Test
    void aConsumerRefusedItsGroupWaitsAndResumesOnceTheAclIsGranted()
            throws ExecutionException, InterruptedException {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        StoredHeartbeats stored = new StoredHeartbeats(database.dataSource());
        try (EmbeddedKafkaServer kafka = startKafka();
                KafkaTestClients clients = new KafkaTestClients(kafka.bootstrapServers(), Map.of())) {
            List<AclBinding> acls = documentedAcls();
            AclBinding group = acls.stream().filter((acl) -> acl.pattern().resourceType() == ResourceType.GROUP)
                .findFirst().orElseThrow();
            clients.admin().createAcls(acls.stream().filter((acl) -> acl != group).toList()).all().get();
            PipelineEndpoints endpoints = endpoints(database);
            try (ServiceProcess consumer = startConsumer(endpoints, "waiting", "consumer-secret");
                    ServiceProcess producer = startProducer(endpoints)) {
                await().atMost(PATIENCE).until(() -> consumer.output().contains("Not authorized to access group: "
                        + "heartbeat-consumer"));
                HttpResponse<String> health = consumer.get("/actuator/health");
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("\"listener\":{\"status\":\"DOWN\"}");
                assertThat(stored.count()).isZero();
                clients.admin().createAcls(List.of(group)).all().get();
                consumer.awaitHealthy(PATIENCE);
                await().atMost(PATIENCE).until(() -> stored.count() >= 1_000);
                assertThat(consumer.isAlive()).isTrue();
            }
        }
    }

    // Without Write on any topic, the user may not start an idempotent producer: Kafka's producer is then broken for
    // good, and would log an error for every batch.
    @Test
    void aProducerWithoutWriteStopsWithOneLine() throws ExecutionException, InterruptedException {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        try (EmbeddedKafkaServer kafka = startKafka();
                KafkaTestClients clients = new KafkaTestClients(kafka.bootstrapServers(), Map.of())) {
            clients.admin().createAcls(documentedAcls().stream().filter((acl) -> !(acl.entry().principal()
                    .equals("User:heartbeat-producer") && acl.entry().operation() == AclOperation.WRITE)).toList())
                .all().get();
            try (ServiceProcess producer = startProducer(endpoints(database))) {
                assertThat(producer.awaitExit()).as(producer.output()).isEqualTo(FAILED);
                assertThat(producer.output()).containsOnlyOnce("Kafka refused this producer (Not authorized to access "
                        + "topics: [heartbeats]); its user needs Write on topic heartbeats; stopping with exit code 1");
            }
        }
    }

    @Test
    void aWrongPasswordStopsTheServiceWithOneLine() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        try (EmbeddedKafkaServer kafka = startKafka();
                ServiceProcess consumer = startConsumer(endpoints(database), "refused", "not-the-secret")) {
            assertThat(consumer.awaitExit()).isEqualTo(FAILED);
            assertThat(consumer.output()).contains("Kafka refused the login (SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG) "
                    + "on KAFKA_BROKER=\"localhost:" + this.saslPort + "\": Authentication failed: Invalid username or "
                    + "password\n");
        }
    }

    /** What the README's ACL table grants, and nothing else (Read and Write imply Describe). */
    private static List<AclBinding> documentedAcls() {
        List<AclBinding> acls = new ArrayList<>();
        allow(acls, "heartbeat-producer", ResourceType.TOPIC, TOPIC, AclOperation.WRITE, AclOperation.CREATE);
        allow(acls, "heartbeat-consumer", ResourceType.TOPIC, TOPIC, AclOperation.READ, AclOperation.CREATE);
        allow(acls, "heartbeat-consumer", ResourceType.TOPIC, TOPIC + ".DLT", AclOperation.WRITE, AclOperation.CREATE);
        allow(acls, "heartbeat-consumer", ResourceType.GROUP, GROUP, AclOperation.READ);
        return acls;
    }

    private static void allow(List<AclBinding> acls, String user, ResourceType type, String name,
            AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
        }
    }

    // As the README says to set them: Spring's own variables, passed to every Kafka client of the service.
    private Map<String, String> login(String user, String password) {
        return Map.of("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "PLAIN",
                "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule "
                        + "required username=\"" + user + "\" password=\"" + password + "\";",
                "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION",
                SecuredKafkaServer.trustStore(this.workDir.resolve("secured")).toUri().toString(),
                "SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PKCS12",
                "SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD", SecuredKafkaServer.STORE_PASSWORD);
    }

    private ServiceProcess startConsumer(PipelineEndpoints endpoints, String name, String password) {
        return new ConsumerProcesses(this.workDir, endpoints, login("heartbeat-consumer", password)).start(name);
    }

    private ServiceProcess startProducer(PipelineEndpoints endpoints) {
        Map<String, String> environment = new HashMap<>(login("heartbeat-producer", "producer-secret"));
        environment.putAll(Map.of("KAFKA_BROKER", endpoints.bootstrapServers(), "KAFKA_TOPIC", endpoints.topic(),
                "PRODUCER_SEED", "9090909", "PRODUCER_EVENTS_PER_SECOND", "200",
                "LOG_DIR", this.workDir.resolve("logs-producer").toString()));
        return ServiceProcess.start("producer", ServiceProcess.executableJar("heartbeat-producer"), this.workDir,
                LocalPorts.anyFree(), environment, List.of());
    }

    private EmbeddedKafkaServer startKafka() {
        return SecuredKafkaServer.start(this.workDir.resolve("secured"), LocalPorts.anyFree(), this.saslPort, USERS);
    }

    private PipelineEndpoints endpoints(TestPostgres.Database database) {
        return FaultKafka.endpoints("localhost:" + this.saslPort, database, TOPIC, GROUP);
    }
}
