package io.heartbeat.producer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import io.heartbeat.testsupport.KafkaTestClients;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The topic the producer declares on a cluster of three brokers whose operators chose three replicas by default:
 * the topic gets them unless KAFKA_TOPIC_REPLICAS says otherwise, and more than there are brokers stops start-up.
 */
@ExtendWith(OutputCaptureExtension.class)
class TopicDeclarationIntegrationTests {

    // Three brokers and one controller of their own: @EmbeddedKafka makes every broker a controller too, and a
    // quorum of three in one JVM on two cores lost its leader here.
    private static KafkaClusterTestKit cluster;

    private static KafkaTestClients clients;

    @BeforeAll
    static void startThreeBrokers() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder().setCombined(false).setNumBrokerNodes(3).setNumControllerNodes(1).build())
            .setConfigProp("default.replication.factor", 3)
            .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        clients = new KafkaTestClients(cluster.bootstrapServers(), Map.of());
    }

    @AfterAll
    static void stopThem() throws Exception {
        clients.close();
        cluster.close();
    }

    @Test
    void withoutItsVariableATopicGetsTheBrokersDefaultReplicationFactor() throws Exception {
        startAndStop("--KAFKA_TOPIC=readings-default");

        assertThat(replicasPerPartition("readings-default")).containsExactly(3, 3, 3, 3, 3, 3);
    }

    @Test
    void theVariableSetsTheReplicationFactorAndThePartitions() throws Exception {
        startAndStop("--KAFKA_TOPIC=readings-two", "--KAFKA_TOPIC_REPLICAS=2", "--KAFKA_TOPIC_PARTITIONS=4");

        assertThat(replicasPerPartition("readings-two")).containsExactly(2, 2, 2, 2);
    }

    @Test
    void moreReplicasThanBrokersStopsStartUpNamingTheVariable(CapturedOutput output) {
        assertThatException().isThrownBy(() -> startAndStop("--KAFKA_TOPIC=readings-four",
                "--KAFKA_TOPIC_REPLICAS=4"));

        assertThat(output).contains("Invalid configuration: KAFKA_TOPIC_REPLICAS=\"4\": "
                + "Unable to replicate the partition 4 time(s): The target replication factor of 4 cannot be reached "
                + "because only 3 broker(s) are registered.");
    }

    // The service declares its topic while its context starts; one reading is enough to start it.
    private static void startAndStop(String... args) {
        SpringApplication application = ProducerApplication.application();
        application.setWebApplicationType(WebApplicationType.NONE);
        String[] all = new String[args.length + 2];
        // The property, not KAFKA_BROKER: an @EmbeddedKafka test before this one in the JVM leaves it set as a
        // system property, which outranks the variable.
        all[0] = "--spring.kafka.bootstrap-servers=" + cluster.bootstrapServers();
        all[1] = "--heartbeat.producer.max-events=1";
        System.arraycopy(args, 0, all, 2, args.length);
        try (ConfigurableApplicationContext context = application.run(all)) {
            assertThat(context.isActive()).isTrue();
        }
    }

    private static List<Integer> replicasPerPartition(String topic)
            throws InterruptedException, ExecutionException {
        TopicDescription description = clients.admin().describeTopics(List.of(topic)).allTopicNames().get()
            .get(topic);
        return description.partitions().stream().map(TopicPartitionInfo::replicas).map(List::size).toList();
    }
}
