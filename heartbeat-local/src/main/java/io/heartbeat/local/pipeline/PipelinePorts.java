package io.heartbeat.local.pipeline;

import io.heartbeat.local.kafka.EmbeddedKafkaServer;
import io.heartbeat.local.ports.PortChoice;
import io.heartbeat.local.ports.PortRequest;
import io.heartbeat.local.postgres.EmbeddedPostgresServer;

/**
 * The ports of one run, all decided before anything starts, so a taken port that the user chose costs no start-up.
 * The embedded servers' ports are only decided for servers the run embeds.
 *
 * @param postgres the embedded PostgreSQL's port
 * @param kafka the embedded broker's port
 * @param consumer the consumer's HTTP port
 * @param producer the producer's HTTP port
 */
public record PipelinePorts(PortChoice postgres, PortChoice kafka, PortChoice consumer, PortChoice producer) {

    private static final PortChoice NOT_EMBEDDED = new PortChoice(0, false);

    public static PipelinePorts choose(boolean externalPostgres, PortRequest postgresPort, boolean externalKafka,
            PortRequest kafkaPort, PortRequest consumerPort, PortRequest producerPort) {
        PortChoice postgres = externalPostgres ? NOT_EMBEDDED : EmbeddedPostgresServer.choosePort(postgresPort);
        PortChoice kafka = externalKafka ? NOT_EMBEDDED : EmbeddedKafkaServer.choosePort(kafkaPort);
        return new PipelinePorts(postgres, kafka, ServiceApplications.chooseConsumerPort(consumerPort),
                ServiceApplications.chooseProducerPort(producerPort));
    }
}
