package io.heartbeat.local.pipeline;

import io.heartbeat.local.kafka.EmbeddedKafkaServer;
import io.heartbeat.local.pipeline.LocalPipeline.PipelineSettings;
import io.heartbeat.local.ports.PortChoice;
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
record PipelinePorts(PortChoice postgres, PortChoice kafka, PortChoice consumer, PortChoice producer) {

    private static final PortChoice NOT_EMBEDDED = new PortChoice(0, false);

    static PipelinePorts choose(PipelineSettings settings) {
        PortChoice postgres = settings.externalPostgres() ? NOT_EMBEDDED
                : EmbeddedPostgresServer.choosePort(settings.postgresPort());
        PortChoice kafka = settings.externalKafka().isPresent() ? NOT_EMBEDDED
                : EmbeddedKafkaServer.choosePort(settings.kafkaPort());
        return new PipelinePorts(postgres, kafka, ServiceApplications.chooseConsumerPort(settings.consumerPort()),
                ServiceApplications.chooseProducerPort(settings.producerPort()));
    }
}
